"""PDF analysis: page count, text for search, cover and page images.

Plain functions on local files. The reading and drawing happen in hub.pdf's child process, held
to a memory and time limit, and every drawing is capped in pixels; whatever goes wrong (a broken
or encrypted file, too many pages, an absurd page size, too much memory or time, a crash) comes
back as PdfRejected with a Vietnamese message for staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.pdf import PdfLimits, PdfRejected, render_page, run_worker

MAX_TEXT_CHARS = 500_000  # enough for search; keeps rows and index documents bounded


@dataclass(frozen=True)
class PdfInfo:
    page_count: int
    text: str
    cover_jpeg: bytes


def analyse_pdf(path: str, cover_width: int = 480, limits: PdfLimits | None = None) -> PdfInfo:
    limits = limits or PdfLimits.from_settings()
    answer, payload = run_worker(
        "analyse", path, limits, width=cover_width, max_text_chars=MAX_TEXT_CHARS
    )
    text, cover = payload
    return PdfInfo(answer["pages"], text.decode(errors="replace"), cover)


__all__ = ["PdfInfo", "PdfRejected", "analyse_pdf", "render_page"]
