"""PDF analysis with pypdfium2: page count, text for search, cover and page images.

Plain functions on local files; they raise PdfRejected with a Vietnamese message for staff.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
from django.utils.translation import gettext as _

from hub.pdf import PdfRejected, open_pdf

MAX_TEXT_CHARS = 500_000  # enough for search; keeps rows and index documents bounded


@dataclass(frozen=True)
class PdfInfo:
    page_count: int
    text: str
    cover_jpeg: bytes


def _jpeg(page: pdfium.PdfPage, width: int, quality: int = 75) -> bytes:
    scale = width / max(page.get_width(), 1)
    image = page.render(scale=scale).to_pil().convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def analyse_pdf(path: str, cover_width: int = 480) -> PdfInfo:
    pdf = open_pdf(path)
    try:
        count = len(pdf)
        if count == 0:
            raise PdfRejected(_("Tệp PDF không có trang nào."))
        parts, size = [], 0
        for index in range(count):
            if size >= MAX_TEXT_CHARS:
                break
            page = pdf[index]
            text = page.get_textpage().get_text_bounded()
            parts.append(text)
            size += len(text)
        try:
            cover = _jpeg(pdf[0], cover_width)
        except pdfium.PdfiumError as error:
            raise PdfRejected(
                _("Không vẽ được trang đầu của tệp PDF: tệp bị hỏng."), "broken"
            ) from error
        return PdfInfo(count, "\n".join(parts)[:MAX_TEXT_CHARS], cover)
    finally:
        pdf.close()


def render_page(path: str, number: int, width: int = 800) -> bytes:
    """One page (1-based) as a JPEG `width` pixels wide, for the page-by-page reader."""
    pdf = open_pdf(path)
    try:
        if not 1 <= number <= len(pdf):
            raise PdfRejected(_("Tài liệu không có trang %(number)s.") % {"number": number})
        return _jpeg(pdf[number - 1], width)
    finally:
        pdf.close()


__all__ = ["PdfInfo", "PdfRejected", "analyse_pdf", "render_page"]
