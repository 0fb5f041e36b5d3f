"""Serving a PDF document to readers, shared by the library and contest entries: each page as an
image (drawn once per page and width by the PDF worker, then kept in storage; a page the worker
refuses answers 422 with the reason, remembered for REFUSAL_SECONDS so that asking again costs
nothing), and the name a download is given (the item's title, not the storage name)."""

from __future__ import annotations

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
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .pdf import PdfRejected, render_page
from .text import vietnamese_slug, visible_text

WIDTHS = (480, 800)
REFUSAL_SECONDS = 600


def page_image_name(document, number: int, width: int) -> str:
    """Where a page image is kept: under a digest of the file's name and the secret key, so the
    images of a document in a restricted collection cannot be guessed from its id."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), document.file.name.encode(), hashlib.sha256
    ).hexdigest()[:20]
    return f"library/pages/{document.pk}/{digest}/{width}/{number:04d}.jpg"


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
            return refused_response(refusal)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as local:
            with document.file.open("rb") as source:
                shutil.copyfileobj(source, local, 4 * 1024 * 1024)
            local.flush()
            try:
                jpeg = render_page(local.name, number, width)
            except PdfRejected as rejected:
                cache.set(refused_key, rejected.message, REFUSAL_SECONDS)
                return refused_response(rejected.message)
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


def refused_response(message: str) -> HttpResponse:
    response = HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response
