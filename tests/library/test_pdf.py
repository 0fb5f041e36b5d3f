"""PDF analysis on real files: text, pages, cover; corrupt, truncated, encrypted and empty PDFs."""

import io

import pypdf
import pytest

from library.factories import make_pdf
from library.pdf import PdfRejected, analyse_pdf, render_page


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_text_pages_and_cover(tmp_path):
    path = _write(tmp_path, "ok.pdf", make_pdf(["Tu sach cong dong", "Trang hai (2)"]))
    info = analyse_pdf(path)
    assert info.page_count == 2
    assert "Tu sach cong dong" in info.text and "Trang hai (2)" in info.text
    assert info.cover_jpeg[:3] == b"\xff\xd8\xff"


def test_page_images_and_bounds(tmp_path):
    path = _write(tmp_path, "ok.pdf", make_pdf(["one", "two"]))
    small, large = render_page(path, 2, width=480), render_page(path, 2, width=800)
    assert small[:3] == large[:3] == b"\xff\xd8\xff"
    assert len(small) < len(large)
    for bad in (0, 3, -1):
        with pytest.raises(PdfRejected, match="không có trang"):
            render_page(path, bad)


def _encrypted(password: str) -> bytes:
    reader = pypdf.PdfReader(io.BytesIO(make_pdf(["bi mat"])))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password="chu-so-huu")  # noqa: S106
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_encrypted("mat-khau"), "có mật khẩu"),
        (make_pdf(["a", "b", "c"])[:180], "bị hỏng"),
        (b"%PDF-1.4\n" + b"\x00garbage" * 100, "bị hỏng"),
        (b"", "bị hỏng"),
        (b"MZ\x90\x00 this is a renamed program", "bị hỏng"),
    ],
    ids=["encrypted", "truncated", "garbage-after-header", "empty", "renamed-exe"],
)
def test_bad_pdfs_are_refused_in_vietnamese(tmp_path, data, message):
    path = _write(tmp_path, "bad.pdf", data)
    with pytest.raises(PdfRejected) as rejected:
        analyse_pdf(path)
    assert message in rejected.value.message
