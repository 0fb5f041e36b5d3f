"""The library's views: the reader's page images (rendered once per page and width, then kept in
storage; served by the item page's route) and the OAI-PMH endpoint (a shell over library.oai).

A page the PDF worker refuses to draw (too large, too slow, a crash) answers 422 with the reason,
and the refusal is remembered for REFUSAL_SECONDS so that asking again costs nothing."""

import hashlib
import hmac
import shutil
import tempfile

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from hub.pagekit import page_view

from .pdf import PdfRejected, render_page

WIDTHS = (480, 800)
REFUSAL_SECONDS = 600


def page_image_name(document, number: int, width: int) -> str:
    """Where a page image is kept: under a digest of the file's name and the secret key, so the
    images of a document in a restricted collection cannot be guessed from its id."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), document.file.name.encode(), hashlib.sha256
    ).hexdigest()[:20]
    return f"library/pages/{document.pk}/{digest}/{width}/{number:04d}.jpg"


@page_view("library:page-image")
def serve_page_image(request, item, number: int):
    if refusal := item.document_refusal(request):
        return refusal
    analysis = item.analysis if item.is_pdf else None
    if analysis is None or analysis.error or not 1 <= number <= analysis.page_count:
        raise Http404(_("Không có trang này."))
    width = 480 if request.GET.get("w") == "480" else 800
    name = page_image_name(item.document, number, width)
    if not default_storage.exists(name):
        refused_key = f"library:page-refused:{get_language()}:{name}"
        if (refusal := cache.get(refused_key)) is not None:
            return _refused(refusal)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as local:
            with item.document.file.open("rb") as source:
                shutil.copyfileobj(source, local, 4 * 1024 * 1024)
            local.flush()
            try:
                jpeg = render_page(local.name, number, width)
            except PdfRejected as rejected:
                cache.set(refused_key, rejected.message, REFUSAL_SECONDS)
                return _refused(rejected.message)
        default_storage.save(name, ContentFile(jpeg))
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/jpeg")
    if item.document_is_restricted:
        patch_cache_control(response, private=True, max_age=3600)
    else:
        patch_cache_control(response, public=True, max_age=31_536_000, immutable=True)
    return response


def _refused(message: str) -> HttpResponse:
    response = HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


@csrf_exempt  # OAI-PMH harvesters may POST form-encoded arguments; nothing is changed
@require_http_methods(["GET", "POST"])
def oai_pmh(request):
    """OAI-PMH endpoint of the federated catalogue (every centre's library)."""
    from wagtail.models import Site

    from .oai import Context, respond

    params = request.POST if request.method == "POST" else request.GET
    hub = Site.objects.filter(is_default_site=True).first()
    ctx = Context(
        base_url=request.build_absolute_uri(request.path),
        repository_id=settings.OAI_REPOSITORY_ID or (hub.hostname if hub else request.get_host()),
        request=request,
        page_size=settings.OAI_PAGE_SIZE,
    )
    body = respond({key: params.getlist(key) for key in params}, ctx)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
