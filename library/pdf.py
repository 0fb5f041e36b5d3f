"""PDF analysis with pypdfium2: page count, text for search, cover and page images.

Plain functions on local files; they raise PdfRejected with a Vietnamese message for staff.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium

MAX_TEXT_CHARS = 500_000  # enough for search; keeps rows and index documents bounded


class PdfRejected(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class PdfInfo:
    page_count: int
    text: str
    cover_jpeg: bytes


def _open(path: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise PdfRejected(
                "Tệp PDF có mật khẩu nên không đọc được; hãy gỡ mật khẩu rồi tải lên lại."
            ) from error
        raise PdfRejected(
            "Tệp PDF bị hỏng hoặc tải lên dở dang; hãy kiểm tra rồi tải lên lại."
        ) from error


def _jpeg(page: pdfium.PdfPage, width: int, quality: int = 75) -> bytes:
    scale = width / max(page.get_width(), 1)
    image = page.render(scale=scale).to_pil().convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def analyse_pdf(path: str, cover_width: int = 480) -> PdfInfo:
    pdf = _open(path)
    try:
        count = len(pdf)
        if count == 0:
            raise PdfRejected("Tệp PDF không có trang nào.")
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
            raise PdfRejected("Không vẽ được trang đầu của tệp PDF: tệp bị hỏng.") from error
        return PdfInfo(count, "\n".join(parts)[:MAX_TEXT_CHARS], cover)
    finally:
        pdf.close()


def render_page(path: str, number: int, width: int = 800) -> bytes:
    """One page (1-based) as a JPEG `width` pixels wide, for the page-by-page reader."""
    pdf = _open(path)
    try:
        if not 1 <= number <= len(pdf):
            raise PdfRejected(f"Tài liệu không có trang {number}.")
        return _jpeg(pdf[number - 1], width)
    finally:
        pdf.close()
