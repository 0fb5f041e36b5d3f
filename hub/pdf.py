"""Opening PDFs with pypdfium2, and reading or drawing them in a child process held to a memory and
time limit. Every refusal (encrypted, broken, too many pages, an absurd page size, too much memory
or time, a crash) is a PdfRejected with a message staff can act on. Shared by the library
(analysis, reader) and the lessons (learner uploads).

The limits come from settings, with these defaults:

    PDF_MAX_PAGES                2000        pages in one file
    PDF_RENDER_MAX_PIXELS        4_000_000   pixels in one drawn page (an A4 page 800 px wide: 0.9 M)
    PDF_RENDER_MAX_SIDE          4000        pixels on either side of a drawn page
    PDF_WORKER_MEMORY_MB         1024        the child's address space (RLIMIT_AS)
    PDF_WORKER_TIMEOUT_SECONDS   30          wall clock for one child (analysis, in the task worker)
    PDF_READER_TIMEOUT_SECONDS   10          wall clock for one reader page (inside a web request,
                                             so well under gunicorn's 30 s worker timeout)

The child is a fresh interpreter running hub/pdfworker.py (no fork of a threaded Django process,
no Django, no database): it gets the file's path and the limits, and answers with JSON and bytes.
"""

from __future__ import annotations

import json
import logging
import math
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .pdfworker import MAX_PAGE_ASPECT, MAX_PAGE_POINTS, MIN_PAGE_POINTS, document_problem

logger = logging.getLogger(__name__)

WORKER = str(Path(__file__).with_name("pdfworker.py"))
MM_PER_POINT = 25.4 / 72
READER_TIMEOUT_SECONDS = 10.0


class PdfRejected(Exception):
    """`reason` lets a caller word the message for its own readers: "password", "broken",
    "too_large" (too many pages, an absurd page size, too much memory), "timeout", "crash",
    "unavailable" (no child could be started) or "" (no pages, no such page)."""

    def __init__(self, message: str, reason: str = ""):
        self.message = message
        self.reason = reason
        super().__init__(message)


@dataclass(frozen=True)
class PdfLimits:
    max_pages: int = 2000
    max_pixels: int = 4_000_000
    max_side: int = 4000
    memory_mb: int = 1024
    timeout_seconds: float = 30.0

    @classmethod
    def from_settings(cls, *, reader: bool = False) -> PdfLimits:
        """The limits in settings; `reader`: for one page drawn inside a web request."""
        if reader:
            timeout = getattr(settings, "PDF_READER_TIMEOUT_SECONDS", READER_TIMEOUT_SECONDS)
        else:
            timeout = getattr(settings, "PDF_WORKER_TIMEOUT_SECONDS", cls.timeout_seconds)
        return cls(
            max_pages=getattr(settings, "PDF_MAX_PAGES", cls.max_pages),
            max_pixels=getattr(settings, "PDF_RENDER_MAX_PIXELS", cls.max_pixels),
            max_side=getattr(settings, "PDF_RENDER_MAX_SIDE", cls.max_side),
            memory_mb=getattr(settings, "PDF_WORKER_MEMORY_MB", cls.memory_mb),
            timeout_seconds=timeout,
        )


def open_pdf(path: str, limits: PdfLimits | None = None) -> pdfium.PdfDocument:
    """The document, once it has pages, not too many, and every page a usable size. Only the file's
    structure is read here (no drawing), so this is cheap enough for a web request."""
    limits = limits or PdfLimits.from_settings()
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        kind = "password" if "password" in str(error).lower() else "broken"
        raise rejection({"kind": kind}, limits) from error
    try:
        problem = document_problem(pdf, limits.max_pages)
    except pdfium.PdfiumError as error:
        pdf.close()
        raise rejection({"kind": "broken"}, limits) from error
    if problem:
        pdf.close()
        raise rejection(problem, limits)
    return pdf


def run_worker(op: str, path: str, limits: PdfLimits, **params) -> tuple[dict, list[bytes]]:
    """Run `op` ("analyse" or "render", see hub/pdfworker.py) on the file at `path` in a child
    process; its answer (a dict) and the parts of its payload, or PdfRejected whatever went wrong."""
    request = {
        "op": op,
        "path": path,
        **params,
        "max_pages": limits.max_pages,
        "max_pixels": limits.max_pixels,
        "max_side": limits.max_side,
        "memory_bytes": limits.memory_mb * 1024 * 1024,
        "cpu_seconds": math.ceil(limits.timeout_seconds) + 1,
    }
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script, no shell
            [sys.executable, "-P", WORKER],
            input=json.dumps(request).encode(),
            capture_output=True,
            timeout=limits.timeout_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired as error:  # the child has been killed
        logger.warning("PDF worker timed out after %ss on %s", limits.timeout_seconds, path)
        raise rejection({"kind": "timeout"}, limits) from error
    except OSError as error:
        logger.exception("PDF worker could not start")
        raise rejection({"kind": "unavailable"}, limits) from error
    header, _newline, payload = done.stdout.partition(b"\n")
    try:
        answer = json.loads(header)
    except ValueError:
        answer = None
    if done.returncode == 0 and isinstance(answer, dict) and "ok" in answer:
        if answer["ok"]:
            return answer, _split(payload, answer.get("sizes", []), path, limits)
        if answer.get("kind") == "crash":
            logger.error("PDF worker failed on %s: %s", path, answer.get("error"))
        raise rejection(answer, limits)
    stderr = done.stderr.decode(errors="replace")[-2000:]
    logger.error("PDF worker exited with %s on %s: %s", done.returncode, path, stderr)
    if "MemoryError" in stderr:
        kind = "memory"
    elif done.returncode == -signal.SIGXCPU:
        kind = "timeout"
    else:
        kind = "crash"
    raise rejection({"kind": kind}, limits)


def _split(payload: bytes, sizes: list[int], path: str, limits: PdfLimits) -> list[bytes]:
    if sum(sizes) != len(payload):
        logger.error("PDF worker sent %s bytes, announced %s, on %s", len(payload), sizes, path)
        raise rejection({"kind": "crash"}, limits)
    parts, start = [], 0
    for size in sizes:
        parts.append(payload[start : start + size])
        start += size
    return parts


def rejection(problem: dict, limits: PdfLimits) -> PdfRejected:
    """The PdfRejected for a problem found here or reported by the child."""
    kind = problem["kind"]
    if kind == "password":
        return PdfRejected(
            _("Tệp PDF có mật khẩu nên không đọc được; hãy gỡ mật khẩu rồi tải lên lại."),
            "password",
        )
    if kind == "broken":
        return PdfRejected(
            _("Tệp PDF bị hỏng hoặc tải lên dở dang; hãy kiểm tra rồi tải lên lại."), "broken"
        )
    if kind == "broken_page" and problem.get("number") == 1:
        return PdfRejected(_("Không vẽ được trang đầu của tệp PDF: tệp bị hỏng."), "broken")
    if kind == "broken_page":
        return PdfRejected(
            _("Không vẽ được trang %(number)s của tệp PDF: tệp bị hỏng.")
            % {"number": problem["number"]},
            "broken",
        )
    if kind == "empty":
        return PdfRejected(_("Tệp PDF không có trang nào."))
    if kind == "no_page":
        return PdfRejected(_("Tài liệu không có trang %(number)s.") % {"number": problem["number"]})
    if kind == "pages":
        return PdfRejected(
            _(
                "Tệp PDF có %(count)s trang, quá giới hạn %(limit)s trang; hãy tách thành nhiều "
                "tệp nhỏ hơn rồi tải lên lại."
            )
            % {"count": problem["count"], "limit": problem["limit"]},
            "too_large",
        )
    if kind == "page_size":
        return PdfRejected(
            _(
                "Trang %(number)s của tệp PDF có khổ bất thường (%(width)s × %(height)s mm). "
                "Chỉ nhận trang có mỗi cạnh từ %(min)s mm đến %(max)s mm và cạnh dài không quá "
                "%(aspect)s lần cạnh ngắn; hãy xuất lại tệp với khổ giấy thông thường (ví dụ A4) "
                "rồi tải lên lại."
            )
            % {
                "number": problem["number"],
                "width": _mm(problem["width"]),
                "height": _mm(problem["height"]),
                "min": _mm(MIN_PAGE_POINTS),
                "max": number_format(round(MAX_PAGE_POINTS * MM_PER_POINT)),
                "aspect": number_format(MAX_PAGE_ASPECT, 0),
            },
            "too_large",
        )
    if kind == "memory":
        return PdfRejected(
            _(
                "Xử lý tệp PDF cần hơn %(limit)s MB bộ nhớ nên đã dừng giữa chừng; hãy xuất lại "
                "tệp PDF (ví dụ in ra PDF khổ A4, giảm độ phân giải ảnh) rồi tải lên lại."
            )
            % {"limit": number_format(limits.memory_mb)},
            "too_large",
        )
    if kind == "timeout":
        return PdfRejected(
            _(
                "Xử lý tệp PDF mất hơn %(seconds)s giây nên đã dừng giữa chừng; tệp có thể quá "
                "phức tạp. Hãy xuất lại tệp PDF (ví dụ in ra PDF khổ A4, giảm độ phân giải ảnh) "
                "rồi tải lên lại."
            )
            % {"seconds": _number(limits.timeout_seconds)},
            "timeout",
        )
    if kind == "unavailable":
        return PdfRejected(
            _(
                "Máy chủ chưa khởi động được trình đọc PDF nên chưa xử lý được tệp này; hãy thử "
                "lại sau ít phút, nếu vẫn lỗi hãy báo quản trị viên."
            ),
            "unavailable",
        )
    return PdfRejected(
        _(
            "Trình đọc PDF dừng bất thường khi xử lý tệp này; tệp có thể bị hỏng hoặc quá phức "
            "tạp. Hãy xuất lại tệp PDF rồi tải lên lại."
        ),
        "crash",
    )


def _mm(points: float) -> str:
    return number_format(round(points * MM_PER_POINT, 1), 1)


def _number(value: float) -> str:
    return number_format(int(value) if float(value).is_integer() else value)


def render_page(path: str, number: int, width: int = 800, limits: PdfLimits | None = None) -> bytes:
    """One page (1-based) as a JPEG `width` pixels wide (less if the pixel caps say so), for the
    page-by-page reader."""
    limits = limits or PdfLimits.from_settings(reader=True)
    _answer, (jpeg,) = run_worker("render", path, limits, number=number, width=width)
    return jpeg
