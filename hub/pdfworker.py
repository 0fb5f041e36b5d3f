"""The PDF worker: reads and draws a PDF in a child process held to a memory and CPU limit, plus the
rules both sides share (which page sizes are refused, the scale that keeps a drawing small).

A page is drawn at `target_width` pixels, except that the drawing never has more than `max_pixels`
pixels nor a side longer than `max_side` pixels:

    scale = min(target_width / w, max_side / w, max_side / h, s_p)

where w, h are the page's size in points and s_p is the largest scale for which the pixel count,
with pypdfium2 rounding each side up, stays within the cap: (w*s + 1)(h*s + 1) <= max_pixels.
Pages smaller than MIN_PAGE_POINTS or larger than MAX_PAGE_POINTS on a side (PDF's own limit), or
longer than MAX_PAGE_ASPECT times their width (or the reverse), are refused before anything is drawn.

hub.pdf runs this file as a script (`python -P hub/pdfworker.py`): it writes one JSON request on
stdin; the child sets its limits, does the work and writes one JSON header line on stdout, followed
by the payload, whose parts' sizes the header lists in "sizes". A refusal is a header
{"ok": false, "kind": ...} that hub.pdf turns into a message. The child uses only the standard
library, pypdfium2 and Pillow: it never imports Django nor touches the database.
"""

from __future__ import annotations

import io
import json
import math
import sys

MIN_PAGE_POINTS = 3.0  # about 1 mm
MAX_PAGE_POINTS = 14_400.0  # 200 inches, about 5 m: the largest page PDF allows (ISO 32000-1 C.2)
MAX_PAGE_ASPECT = 50.0


def page_size_refused(width: float, height: float) -> bool:
    """True for a page no reader can use: a side out of bounds (or not a number), or a strip."""
    if not (MIN_PAGE_POINTS <= width <= MAX_PAGE_POINTS):
        return True
    if not (MIN_PAGE_POINTS <= height <= MAX_PAGE_POINTS):
        return True
    return max(width, height) > MAX_PAGE_ASPECT * min(width, height)


def render_scale(
    width: float, height: float, target_width: int, max_pixels: int, max_side: int
) -> float:
    """Pixels per point for drawing a `width` x `height` pt page (see the module docstring)."""
    area, perimeter = width * height, width + height
    # positive root of area*s^2 + perimeter*s + (1 - max_pixels) = 0
    by_pixels = (-perimeter + math.sqrt(perimeter**2 + 4 * area * (max_pixels - 1))) / (2 * area)
    scale = min(target_width / width, max_side / width, max_side / height, by_pixels)
    return scale * (1 - 1e-9)  # so that rounding up never adds a pixel to an exact fit


def rendered_size(width: float, height: float, scale: float) -> tuple[int, int]:
    """The bitmap pypdfium2 allocates for `page.render(scale=scale)` (it rounds each side up)."""
    return math.ceil(width * scale), math.ceil(height * scale)


def document_problem(pdf, max_pages: int) -> dict | None:
    """Why this open document is refused ({"kind": ...} with the details), or None."""
    count = len(pdf)
    if count == 0:
        return {"kind": "empty"}
    if count > max_pages:
        return {"kind": "pages", "count": count, "limit": max_pages}
    for index in range(count):
        if problem := page_problem(pdf, index):
            return problem
    return None


def page_problem(pdf, index: int) -> dict | None:
    width, height = pdf.get_page_size(index)
    if page_size_refused(width, height):
        return {"kind": "page_size", "number": index + 1, "width": width, "height": height}
    return None


# --- the child ------------------------------------------------------------------------------------


class Refused(Exception):
    def __init__(self, problem: dict):
        self.problem = problem
        super().__init__(problem["kind"])


def _set_limits(memory_bytes: int, cpu_seconds: int) -> None:
    import resource

    for limit, value in (
        (resource.RLIMIT_AS, memory_bytes),
        (resource.RLIMIT_CPU, cpu_seconds),  # a backstop if the parent dies before its timeout
        (resource.RLIMIT_CORE, 0),  # a crash leaves no core file of a possibly large process
    ):
        _soft, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError) as error:  # e.g. macOS refuses RLIMIT_AS: the timeout holds
            print(f"pdfworker: limit {limit} not set: {error}", file=sys.stderr)  # noqa: T201


def _open(path: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        kind = "password" if "password" in str(error).lower() else "broken"
        raise Refused({"kind": kind}) from error


def _jpeg(pdf, index: int, target_width: int, request: dict, quality: int = 75) -> bytes:
    width, height = pdf.get_page_size(index)
    max_pixels, max_side = request["max_pixels"], request["max_side"]
    scale = render_scale(width, height, target_width, max_pixels, max_side)
    pixels_w, pixels_h = rendered_size(width, height, scale)
    if pixels_w * pixels_h > max_pixels or max(pixels_w, pixels_h) > max_side:
        raise Refused({"kind": "page_size", "number": index + 1, "width": width, "height": height})
    page = pdf[index]
    try:
        image = page.render(scale=scale, rev_byteorder=True).to_pil()
    finally:
        page.close()
    if image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def _text(pdf, count: int, max_chars: int) -> str:
    parts, size = [], 0
    for index in range(count):
        if size >= max_chars:
            break
        page = pdf[index]
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_bounded()
        finally:
            textpage.close()
            page.close()
        parts.append(text)
        size += len(text)
    return "\n".join(parts)[:max_chars]


def analyse(request: dict) -> tuple[dict, list[bytes]]:
    """Page count; payload: the text (up to max_text_chars, UTF-8), a JPEG of the first page."""
    import pypdfium2 as pdfium

    pdf = _open(request["path"])
    try:
        try:
            if problem := document_problem(pdf, request["max_pages"]):
                raise Refused(problem)
            count = len(pdf)
            text = _text(pdf, count, request["max_text_chars"]).encode(errors="replace")
        except pdfium.PdfiumError as error:
            raise Refused({"kind": "broken"}) from error
        try:
            cover = _jpeg(pdf, 0, request["width"], request)
        except pdfium.PdfiumError as error:
            raise Refused({"kind": "broken_page", "number": 1}) from error
    finally:
        pdf.close()
    return {"ok": True, "pages": count}, [text, cover]


def render(request: dict) -> tuple[dict, list[bytes]]:
    """Payload: one page (1-based `number`) as a JPEG."""
    import pypdfium2 as pdfium

    number = request["number"]
    pdf = _open(request["path"])
    try:
        if not 1 <= number <= len(pdf):
            raise Refused({"kind": "no_page", "number": number})
        try:
            if problem := page_problem(pdf, number - 1):
                raise Refused(problem)
            jpeg = _jpeg(pdf, number - 1, request["width"], request)
        except pdfium.PdfiumError as error:
            raise Refused({"kind": "broken_page", "number": number}) from error
    finally:
        pdf.close()
    return {"ok": True}, [jpeg]


OPERATIONS = {"analyse": analyse, "render": render}


def main() -> int:
    request = json.loads(sys.stdin.buffer.read())
    _set_limits(request["memory_bytes"], request["cpu_seconds"])
    payload: list[bytes] = []
    try:
        header, payload = OPERATIONS[request["op"]](request)
    except Refused as refused:
        header = {"ok": False, **refused.problem}
    except MemoryError:
        header = {"ok": False, "kind": "memory"}
    except Exception as error:  # noqa: BLE001 - the child always answers; the parent logs this
        header = {"ok": False, "kind": "crash", "error": f"{type(error).__name__}: {error}"[:500]}
    if header["ok"]:
        header["sizes"] = [len(part) for part in payload]
    out = sys.stdout.buffer
    out.write(json.dumps(header).encode() + b"\n")
    for part in payload:
        out.write(part)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
