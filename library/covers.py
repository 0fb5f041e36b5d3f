"""The cover drawn for a library item that has no picture of its own (no cover uploaded, no first
page of a PDF): its title and field, white on the field's colour, the size of a real cover (the
listing's `fill-320x440` rendition), so every card keeps one height and nothing moves while the
page loads. library/includes/generated_cover.html draws it as an inline SVG: no request, no script.

Plain functions and data, no database: `cover_for(title, field_name, field_id)`.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 320, 440
MARGIN = 24

# Dark enough for white text (contrast >= 4.5:1, WCAG AA; tests/library/test_covers.py checks),
# and far enough apart in hue to tell neighbouring fields apart on a listing.
PALETTE = (
    "#0b6e4f",  # green
    "#1f4e79",  # blue
    "#8a1c3b",  # wine
    "#5b2a86",  # purple
    "#0e5a6b",  # teal
    "#8a3a0b",  # rust
    "#4a5a14",  # olive
    "#3b4a6b",  # slate
    "#7b1f74",  # plum
    "#6b4400",  # umber
    "#1d5e2d",  # forest
    "#a12a2a",  # red
)

# Characters per line: conservative for bold Vietnamese at these sizes in the 272-unit text box
# (an SVG clips anything longer instead of widening the page).
TITLE = {"size": 26, "leading": 34, "chars": 16, "lines": 6, "top": 92}
FIELD = {"size": 20, "leading": 26, "chars": 24, "lines": 2, "top": 380}
ELLIPSIS = "…"


@dataclass(frozen=True)
class Line:
    y: int  # baseline, in the cover's 320 x 440 units
    text: str


@dataclass(frozen=True)
class Cover:
    title: tuple[Line, ...]
    field: tuple[Line, ...]
    background: str
    width: int = WIDTH
    height: int = HEIGHT
    margin: int = MARGIN
    title_size: int = TITLE["size"]
    field_size: int = FIELD["size"]


def colour_for(field_id: int) -> str:
    """The colour of a field, by its id: the same on every page and in every process, and a
    different one for each of any twelve consecutive fields (the seeded taxonomy has eight)."""
    return PALETTE[(field_id - 1) % len(PALETTE)]


def wrap(text: str, width: int, max_lines: int) -> list[str]:
    """`text` broken between words into lines of at most `width` characters (a longer word is
    cut), at most `max_lines` of them; when text is left over, the last line ends with "…"."""
    words = []
    for word in text.split():
        while len(word) > width:
            words.append(word[:width])
            word = word[width:]
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[: max_lines - 1] + [last[: width - 1].rstrip() + ELLIPSIS]
    return lines


def _placed(lines: list[str], top: int, leading: int) -> tuple[Line, ...]:
    return tuple(Line(top + n * leading, text) for n, text in enumerate(lines))


def cover_for(title: str, field_name: str, field_id: int) -> Cover:
    """The generated cover of an item: its title at the top, its field in a band at the foot,
    on the field's colour."""
    field_lines = wrap(field_name, FIELD["chars"], FIELD["lines"])
    # a field on two lines starts higher, so both stay inside the band
    field_top = FIELD["top"] - (len(field_lines) - 1) * FIELD["leading"] // 2
    return Cover(
        title=_placed(wrap(title, TITLE["chars"], TITLE["lines"]), TITLE["top"], TITLE["leading"]),
        field=_placed(field_lines, field_top, FIELD["leading"]),
        background=colour_for(field_id),
    )


def cover_jpeg(title: str, field_name: str, field_id: int, byline: str, font: str | None) -> bytes:
    """The same cover as a JPEG the size of an A4 page at 72 dpi (595 x 842), with a byline
    (authors, publisher) above the field band: the first page of the demo network's books
    (library.factories.make_pdf_document(cover=…)). `font` is a TrueType file with Vietnamese
    letters (home.demo_media.font_file()); without one, Pillow's own font draws the text."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    scale = 595 / WIDTH
    cover = cover_for(title, field_name, field_id)
    image = Image.new("RGB", (595, 842), cover.background)
    draw = ImageDraw.Draw(image)

    def typeface(size: float):
        return ImageFont.truetype(font, round(size)) if font else ImageFont.load_default(size)

    margin = round(MARGIN * scale)
    title_font = typeface(TITLE["size"] * scale)
    for line in cover.title:
        draw.text((margin, round(line.y * scale)), line.text, font=title_font, fill="white")
    draw.rectangle((0, 842 - 150, 595, 842), fill="#ffffff")
    draw.text((margin, 842 - 200), byline, font=typeface(22), fill="white")
    field_font = typeface(FIELD["size"] * scale * 0.9)
    for n, text in enumerate(wrap(field_name, FIELD["chars"], FIELD["lines"])):
        draw.text((margin, 842 - 120 + n * 44), text, font=field_font, fill=cover.background)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
