"""Course certificates as PDF: one A4 landscape page in Vietnamese, drawn by WeasyPrint from the
template hub/certificate_pdf.html; courses (learners) and contest prizes (contests) share it.

The text is set in Be Vietnam Pro, shipped in hub/static/hub/fonts (the latin and
vietnamese subsets of two weights, OFL): the page never depends on the machine's fonts. WeasyPrint
fetches nothing over the network: the fetcher below serves only the font files of that folder and
data: URIs (the QR code), and a font that cannot be read stops the rendering instead of letting
the page fall back to another font. Each subset is a family of its own in the template's CSS:
WeasyPrint 70 merges the faces of one family, weight and style into one PDF font, which would draw
the Vietnamese letters with the latin file's glyphs.

A long name or course title gets a smaller type size (chosen here by its length) and wraps, and
the page's content box clips whatever would still overflow, so the certificate is always one page.
"""

from __future__ import annotations

import base64
import datetime
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from hub.qr import qr_svg

FONT_DIR = Path(__file__).resolve().parent / "static" / "hub" / "fonts"
TEMPLATE = "hub/certificate_pdf.html"

# (longest length in characters, size class) from the largest type down; the template's CSS sets
# each class's size. Measured in capitals, the widest letters: a 60-character name takes two lines
# in "s", a 200-character title three.
NAME_SIZES = ((24, "l"), (40, "m"))
TITLE_SIZES = ((60, "l"), (120, "m"))


class CertificateRenderingError(RuntimeError):
    """WeasyPrint could not read a resource the certificate needs (a font file)."""


class _LocalFetcher(URLFetcher):
    """Serves the shipped fonts and data: URIs; refuses every other address."""

    def __init__(self):
        # fail_on_errors: a missing font is an error, never a page set in some other font
        super().__init__(
            allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True
        )

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(FONT_DIR) and path.is_file():
                return URLFetcherResponse(url, body=path.read_bytes())
        raise ValueError(f"The certificate may only load its own fonts, not {url}")


def _size_class(text: str, sizes: tuple[tuple[int, str], ...]) -> str:
    for longest, size in sizes:
        if len(text) <= longest:
            return size
    return "s"


def certificate_pdf(
    *,
    name: str,
    course: str,
    centre: str,
    issued_on: datetime.date,
    serial: str,
    verify_url: str,
    heading: str = "",
    achievement: str = "",
    issuer_line: str = "",
) -> bytes:
    """The certificate of `name` for completing `course` at `centre`, as PDF bytes (one page).
    `heading` and `achievement` replace "Giấy chứng nhận hoàn thành khoá học" and "đã hoàn thành
    khoá học" (a contest prize: "Giấy chứng nhận", "đạt Giải Nhất hội thi"; `course` is then the
    contest); `issuer_line` replaces "do <centre> tổ chức" (a recognition: the decision that
    grants it)."""
    # NFC: a name typed on a phone may arrive decomposed (base letter + combining marks), which
    # would set the marks apart from their letters across the font's two subsets.
    name, course, centre, serial = (
        unicodedata.normalize("NFC", value.strip()) for value in (name, course, centre, serial)
    )
    qr = base64.b64encode(qr_svg(verify_url)).decode("ascii")
    context = {
        "name": name,
        "course": course,
        "centre": centre,
        # plain strings: Vietnamese number formatting would print the year as "2.026"
        "day": str(issued_on.day),
        "month": str(issued_on.month),
        "year": str(issued_on.year),
        "serial": serial,
        "verify_url": verify_url,
        "heading": unicodedata.normalize("NFC", heading),
        "achievement": unicodedata.normalize("NFC", achievement),
        "issuer_line": unicodedata.normalize("NFC", issuer_line),
        "qr_data_uri": f"data:image/svg+xml;base64,{qr}",
        "name_size": _size_class(name, NAME_SIZES),
        "course_size": _size_class(course, TITLE_SIZES),
    }
    # Always Vietnamese, whatever language the staff member's screens are in.
    with translation.override("vi"):
        html = render_to_string(TEMPLATE, context)
    try:
        return HTML(
            string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=_LocalFetcher()
        ).write_pdf()
    except FatalURLFetchingError as error:
        raise CertificateRenderingError(str(error)) from error


def html_pdf(template: str, context: dict) -> bytes:
    """Any printable page drawn the same way (shipped fonts only, nothing fetched): e.g. the QR
    sheet a unit pins on its notice board."""
    with translation.override("vi"):
        html = render_to_string(template, context)
    try:
        return HTML(
            string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=_LocalFetcher()
        ).write_pdf()
    except FatalURLFetchingError as error:
        raise CertificateRenderingError(str(error)) from error
