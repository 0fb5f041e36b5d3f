"""The library's views: the reader's page images (rendered once per page and width, then kept in
storage; served by the item page's route), an item's document download (named after the item) and
the OAI-PMH endpoint (a shell over library.oai).

A page the PDF worker refuses to draw (too large, too slow, a crash) answers 422 with the reason,
and the refusal is remembered for REFUSAL_SECONDS so that asking again costs nothing."""

import hashlib
import hmac
import re
import shutil
import tempfile
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.documents.models import document_served
from wagtail.utils.sendfile import sendfile
from wagtail.utils.sendfile_streaming_backend import sendfile as streaming_backend

from hub.pagekit import page_view
from hub.text import vietnamese_slug, visible_text

from .models import LibraryItemStats
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
    return document_page_response(
        request, item.document, analysis, number, restricted=item.document_is_restricted
    )


def document_page_response(request, document, analysis, number: int, *, restricted: bool):
    """One page of a PDF document as a JPEG (480 px wide with ?w=480, else 800), drawn once and
    kept in storage; 404 past the last page or without an analysis, 422 with the reason when
    the worker refuses to draw it. Used by library items and by contest entries."""
    if analysis is None or analysis.error or not 1 <= number <= analysis.page_count:
        raise Http404(_("Không có trang này."))
    width = 480 if request.GET.get("w") == "480" else 800
    name = page_image_name(document, number, width)
    if not default_storage.exists(name):
        refused_key = f"library:page-refused:{get_language()}:{name}"
        if (refusal := cache.get(refused_key)) is not None:
            return _refused(refusal)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as local:
            with document.file.open("rb") as source:
                shutil.copyfileobj(source, local, 4 * 1024 * 1024)
            local.flush()
            try:
                jpeg = render_page(local.name, number, width)
            except PdfRejected as rejected:
                cache.set(refused_key, rejected.message, REFUSAL_SECONDS)
                return _refused(rejected.message)
        default_storage.save(name, ContentFile(jpeg))
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/jpeg")
    if restricted:
        patch_cache_control(response, private=True, max_age=3600)
    else:
        patch_cache_control(response, public=True, max_age=31_536_000, immutable=True)
    return response


# characters a file name may not hold on some system (and control characters)
_NOT_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
NAME_LENGTH = 120  # characters of the title kept in a file name (file systems stop at 255 bytes)


def download_disposition(title: str, extension: str) -> str:
    """The Content-Disposition of an item's download: an attachment named after the item, as an
    ASCII slug for old clients (`filename`) and as the Vietnamese title itself for the rest
    (`filename*`, RFC 5987/6266), both with the file's real extension:
    "Sổ tay phòng chống lừa đảo", "pdf" -> attachment; filename="so-tay-phong-chong-lua-dao.pdf";
    filename*=UTF-8''S%E1%BB%95%20tay...%C4%91%E1%BA%A3o.pdf"""
    suffix = f".{extension.lower()}" if extension else ""
    slug = vietnamese_slug(title)[:NAME_LENGTH].strip("-") or "tai-lieu"
    readable = _NOT_IN_FILE_NAMES.sub(" ", visible_text(title))
    readable = " ".join(readable.split())[:NAME_LENGTH].strip(" .") or slug
    return f"attachment; filename=\"{slug}{suffix}\"; filename*=UTF-8''{quote(readable + suffix)}"


@page_view("library:download")
def serve_download(request, item):
    """An item's document under the item's title instead of its storage name ("so-tay-….pdf",
    not "so_tay_Ab12Cd3.pdf"). Refused as Wagtail's own document serving would refuse it (the
    collection's login or password restriction: `item.document_refusal`), counted once per
    visitor and day when it is served; never in a shared cache if the collection is restricted."""
    if refusal := item.document_refusal(request):
        return refusal
    document = item.document
    disposition = download_disposition(item.title, document.file_extension)
    try:
        local_path = document.file.path
    except NotImplementedError:  # remote storage (S3): the storage serves the file
        response = redirect(_remote_url(document.file, disposition))
    else:  # Http404 if the file is missing; If-Modified-Since answered
        response = sendfile(
            request,
            local_path,
            attachment=True,
            mimetype=document.content_type,
            backend=streaming_backend,
        )
        response["Content-Disposition"] = disposition
        response["Content-Security-Policy"] = "default-src 'none'"  # as Wagtail serves documents
        response["X-Content-Type-Options"] = "nosniff"
    if item.document_is_restricted:
        patch_cache_control(response, private=True)
    LibraryItemStats.objects.count_once(request, item.pk, "downloads")
    document_served.send(sender=type(document), instance=document, request=request)
    return response


def _remote_url(file, disposition: str) -> str:
    """The file's address in remote storage, asking the storage to send `disposition` where it
    can (S3's signed addresses take ResponseContentDisposition; a public bucket's plain addresses
    keep the storage's name)."""
    try:
        return file.storage.url(file.name, parameters={"ResponseContentDisposition": disposition})
    except TypeError:  # a storage whose url() takes no parameters
        return file.url


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
