"""Course certificates as PDF (hub.certificate_pdf): one A4 landscape page whose text reads
back with its Vietnamese diacritics, set in the shipped Be Vietnam Pro (embedded), with the QR code
of the verification address drawn as vectors; a 60-character name and a 200-character course title
still fit the one page. No database."""

import datetime
import io
import re
from collections import Counter

import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

from hub.certificate_pdf import certificate_pdf
from hub.qr import qr_svg

NAME = "Nguyễn Thị Hằng"
COURSE = "Tin học văn phòng cơ bản: Word, Excel và thư điện tử"
CENTRE = "Trung tâm học tập cộng đồng phường Lam Hạ"
SERIAL = "CN-2026-000123"
VERIFY_URL = "https://phuly.hoctap.vn/chung-nhan/CN-2026-000123/"
LONG_NAME = "Tôn Nữ Hoàng Ngọc Phương Quỳnh Nguyễn Thị Diệu Huyền Trân Ân"
LONG_COURSE = (
    "Bồi dưỡng kỹ năng ứng dụng công nghệ thông tin và chuyển đổi số trong sản xuất, kinh doanh "
    "nông nghiệp cho hợp tác xã, tổ hợp tác và hộ gia đình ở các xã, phường của thành phố Phủ Lý, "
    "tỉnh Hà Nam (K1)"
)
A4_LANDSCAPE = (841.89, 595.28)  # points: 297 mm x 210 mm
MM = 72 / 25.4  # points
# the texts' boxes sit 18 mm inside the frame (10 mm from the page's edges, plus its borders)
TEXT_LEFT, TEXT_RIGHT = 31 * MM, 266 * MM


def _render(**changes) -> bytes:
    fields = {
        "name": NAME,
        "course": COURSE,
        "centre": CENTRE,
        "issued_on": datetime.date(2026, 12, 3),
        "serial": SERIAL,
        "verify_url": VERIFY_URL,
        **changes,
    }
    return certificate_pdf(**fields)


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    return PdfReader(io.BytesIO(_render()))


def _fonts(page) -> list[tuple[str, dict]]:
    """(BaseFont, FontDescriptor) of every font the page uses."""
    fonts = []
    for reference in page["/Resources"]["/Font"].values():
        font = reference.get_object()
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        fonts.append((str(font["/BaseFont"]), described["/FontDescriptor"].get_object()))
    return fonts


def test_one_a4_landscape_page(pdf):
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=0.5)


def test_the_text_reads_back_with_its_diacritics(pdf):
    text = pdf.pages[0].extract_text()
    assert "GIẤY CHỨNG NHẬN HOÀN THÀNH KHOÁ HỌC" in text
    assert NAME in text
    assert COURSE in text
    assert f"do {CENTRE} tổ chức" in text
    assert "ngày 3 tháng 12 năm 2026" in text
    assert f"Số hiệu: {SERIAL}" in text


def test_the_text_is_set_in_the_shipped_font_embedded(pdf):
    fonts = _fonts(pdf.pages[0])
    # both subsets (latin, and the letters only Vietnamese has) in both weights, nothing else
    assert len(fonts) == 4
    for base_font, descriptor in fonts:
        assert "Be-Vietnam-Pro" in base_font  # "ABCDEF+Be-Vietnam-Pro-Vietnamese-Bold"
        files = [key for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor]
        assert files, f"{base_font} is not embedded"
        # the embedded program itself is Be Vietnam Pro, not a system font under that name
        program = TTFont(io.BytesIO(descriptor[files[0]].get_object().get_data()))
        assert program["name"].getDebugName(1) == "Be Vietnam Pro"


def test_the_qr_code_of_the_verification_address_is_drawn(pdf):
    page = pdf.pages[0]
    text = page.extract_text()
    assert "Quét mã để kiểm tra chứng nhận" in text
    assert VERIFY_URL in text
    # hub.qr draws each dark module as one closed square ("M2,2H3V3H2z"); WeasyPrint copies the
    # SVG into the page as vector paths, one closepath ("h") a module, and nothing else on the page
    # closes a path
    modules = len(re.findall(rb"M", re.search(rb' d="([^"]+)"', qr_svg(VERIFY_URL))[1]))
    operators = Counter(
        operator for _, operator in ContentStream(page.get_contents(), pdf).operations
    )
    assert modules > 200
    assert operators[b"h"] == modules


def test_a_long_name_and_course_title_still_fit_one_page():
    assert len(LONG_NAME) == 60
    assert len(LONG_COURSE) == 200
    data = _render(name=LONG_NAME, course=LONG_COURSE)
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 1
    # wrapped, not cut: every word is on the page (lines break at spaces)...
    text = pdf.pages[0].extract_text().replace("\n", " ")
    assert LONG_NAME in text
    assert LONG_COURSE in text
    # ... and no line runs out of its box sideways (clipped letters would still be in the text)
    textpage = pdfium.PdfDocument(data)[0].get_textpage()
    boxes = [textpage.get_charbox(index) for index in range(textpage.count_chars())]
    assert min(left for left, _, _, _ in boxes) >= TEXT_LEFT
    assert max(right for _, _, right, _ in boxes) <= TEXT_RIGHT
