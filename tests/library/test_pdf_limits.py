"""PDF limits (security issue #16, H2): a tiny PDF with a huge or absurd page must not exhaust the
server's memory. Pages are capped in pixels, absurd page sizes and page counts are refused, and the
drawing runs in a child process with a memory and time limit; every failure is a readable refusal,
recorded on the document's analysis and answered by the reader without a 500."""

import io
import resource

import pypdf
import pytest
from django.core.files.base import ContentFile
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from wagtail.documents import get_document_model

from hub.pdf import PdfRejected, open_pdf
from hub.pdfworker import page_size_refused, render_scale, rendered_size
from library.factories import make_pdf, publish_item
from library.models import DocumentAnalysis
from library.pdf import analyse_pdf, render_page
from tests.conftest import host_of
from tests.library.conftest import library_of

MB = 1024  # ru_maxrss is in kilobytes on Linux

SIZE_RULE = (
    "Chỉ nhận trang có mỗi cạnh từ 1,1 mm đến 5080 mm và cạnh dài không quá 50 lần cạnh ngắn; "
    "hãy xuất lại tệp với khổ giấy thông thường (ví dụ A4) rồi tải lên lại."
)
THIN_PAGES = {  # height in points: the message naming the page's size in millimetres
    1000: f"Trang 1 của tệp PDF có khổ bất thường (0,4 × 352,8 mm). {SIZE_RULE}",
    4000: f"Trang 1 của tệp PDF có khổ bất thường (0,4 × 1411,1 mm). {SIZE_RULE}",
}
HINT = "Hãy xuất lại tệp PDF (ví dụ in ra PDF khổ A4, giảm độ phân giải ảnh) rồi tải lên lại."


def pdf_with_pages(*sizes: tuple[float, float]) -> bytes:
    writer = pypdf.PdfWriter()
    for width, height in sizes:
        writer.add_blank_page(width=width, height=height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _write(tmp_path, data: bytes, name: str = "tep.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _upload(collection, data: bytes, django_capture_on_commit_callbacks):
    """A document uploaded as in the admin (analysed on commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        return get_document_model().objects.create(
            title="Tệp thử giới hạn",
            collection=collection,
            file=ContentFile(data, name="gioi-han.pdf"),
        )


# --- the rules, as plain functions ----------------------------------------------------------------


@given(
    width=st.floats(3, 14_400),
    aspect=st.floats(1 / 50, 50),
    target=st.integers(1, 5000),
    max_pixels=st.integers(10_000, 50_000_000),
    max_side=st.integers(100, 20_000),
)
def test_a_drawing_never_exceeds_the_pixel_caps(width, aspect, target, max_pixels, max_side):
    height = min(max(width * aspect, 3), 14_400)
    scale = render_scale(width, height, target, max_pixels, max_side)
    pixels_w, pixels_h = rendered_size(width, height, scale)
    assert pixels_w * pixels_h <= max_pixels
    assert max(pixels_w, pixels_h) <= max_side
    assert pixels_w <= target


def test_an_ordinary_page_is_drawn_at_the_width_asked():
    assert rendered_size(595, 842, render_scale(595, 842, 800, 4_000_000, 4000)) == (800, 1133)


@pytest.mark.parametrize(
    ("width", "height", "refused"),
    [
        (595, 842, False),  # A4
        (3, 150, False),  # the smallest side, the longest strip
        (14_400, 14_400, False),  # PDF's largest page
        (1, 1000, True),
        (2.9, 100, True),
        (100, 14_401, True),
        (100, 5001, True),  # longer than 50 times its width
        (float("nan"), 100, True),
    ],
)
def test_page_sizes_outside_the_rules_are_refused(width, height, refused):
    assert page_size_refused(width, height) is refused
    assert page_size_refused(height, width) is refused


# --- the 1 x 1000 pt page of the probe --------------------------------------------------------------


@pytest.mark.parametrize("height", sorted(THIN_PAGES))
def test_a_thin_tall_page_is_refused_everywhere_without_drawing_it(tmp_path, height):
    """The 431-byte PDF that took the web process to 1.95 GB (7.3 GB at 4000 pt) is refused with
    its size and the rule, by the analysis, the reader and the learners' precheck alike."""
    path = _write(tmp_path, pdf_with_pages((1, height)))
    before = _peak_rss_kb()
    for refuse in (analyse_pdf, lambda p: render_page(p, 1), lambda p: open_pdf(p).close()):
        with pytest.raises(PdfRejected) as rejected:
            refuse(path)
        assert (rejected.value.message, rejected.value.reason) == (THIN_PAGES[height], "too_large")
    assert _peak_rss_kb() - before < 50 * MB


@pytest.mark.django_db
def test_the_refusal_is_recorded_on_the_document(centre_a, django_capture_on_commit_callbacks):
    document = _upload(
        centre_a.collection, pdf_with_pages((1, 1000)), django_capture_on_commit_callbacks
    )
    analysis = DocumentAnalysis.objects.get(document=document)
    assert (analysis.error, analysis.page_count, analysis.thumbnail, analysis.text) == (
        THIN_PAGES[1000],
        0,
        None,
        "",
    )


def test_a_learner_sharing_the_thin_page_is_told_at_once(tmp_path):
    """The share form's precheck (lessons.sharing) opens the PDF: the page size is checked there,
    before anything is saved or drawn."""
    from lessons.sharing import UploadRejected, raise_if_bad_pdf

    with pytest.raises(UploadRejected) as rejected:
        raise_if_bad_pdf(_write(tmp_path, pdf_with_pages((595, 842), (1, 1000))))
    assert rejected.value.message == THIN_PAGES[1000].replace("Trang 1 ", "Trang 2 ")


def test_too_many_pages_are_refused(tmp_path, settings):
    settings.PDF_MAX_PAGES = 2
    path = _write(tmp_path, make_pdf(["mot", "hai", "ba"]))
    message = "Tệp PDF có 3 trang, quá giới hạn 2 trang; hãy tách thành nhiều tệp nhỏ hơn rồi tải lên lại."
    for refuse in (analyse_pdf, lambda p: open_pdf(p).close()):
        with pytest.raises(PdfRejected) as rejected:
            refuse(path)
        assert (rejected.value.message, rejected.value.reason) == (message, "too_large")


# --- the child's limits ---------------------------------------------------------------------------


def test_a_drawing_beyond_the_memory_limit_is_stopped_in_the_child(tmp_path, settings):
    """With the pixel caps lifted, an A4 page 20,000 px wide needs 1.7 GB: the child hits its
    256 MB address-space limit and the parent's memory does not move."""
    settings.PDF_RENDER_MAX_PIXELS = 10**10
    settings.PDF_RENDER_MAX_SIDE = 10**6
    settings.PDF_WORKER_MEMORY_MB = 256
    path = _write(tmp_path, make_pdf(["rong"]))
    before = _peak_rss_kb()
    with pytest.raises(PdfRejected) as rejected:
        render_page(path, 1, width=20_000)
    assert rejected.value.message == (
        "Xử lý tệp PDF cần hơn 256 MB bộ nhớ nên đã dừng giữa chừng; hãy xuất lại tệp PDF "
        "(ví dụ in ra PDF khổ A4, giảm độ phân giải ảnh) rồi tải lên lại."
    )
    assert rejected.value.reason == "too_large"
    assert _peak_rss_kb() - before < 50 * MB


@pytest.mark.django_db
def test_a_timeout_becomes_a_recorded_refusal(
    centre_a, settings, django_capture_on_commit_callbacks
):
    settings.PDF_WORKER_TIMEOUT_SECONDS = 0.001
    document = _upload(centre_a.collection, make_pdf(["cham"]), django_capture_on_commit_callbacks)
    assert DocumentAnalysis.objects.get(document=document).error == (
        "Xử lý tệp PDF mất hơn 0,001 giây nên đã dừng giữa chừng; tệp có thể quá phức tạp. " + HINT
    )


CRASH = (
    "Trình đọc PDF dừng bất thường khi xử lý tệp này; tệp có thể bị hỏng hoặc quá phức tạp. "
    "Hãy xuất lại tệp PDF rồi tải lên lại."
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("worker", "interpreter", "message"),
    [
        ("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", None, CRASH),
        ("print('not json')\n", None, CRASH),
        (
            "raise MemoryError\n",
            None,
            "Xử lý tệp PDF cần hơn 1024 MB bộ nhớ nên đã dừng giữa chừng; hãy xuất lại tệp PDF "
            "(ví dụ in ra PDF khổ A4, giảm độ phân giải ảnh) rồi tải lên lại.",
        ),
        (
            "",
            "/nonexistent/python",
            "Máy chủ chưa khởi động được trình đọc PDF nên chưa xử lý được tệp này; hãy thử lại "
            "sau ít phút, nếu vẫn lỗi hãy báo quản trị viên.",
        ),
    ],
    ids=["killed-by-a-signal", "garbage-answer", "memory-error-outside-the-guard", "cannot-start"],
)
def test_every_failure_of_the_child_is_recorded_as_a_readable_refusal(
    centre_a,
    tmp_path,
    monkeypatch,
    django_capture_on_commit_callbacks,
    worker,
    interpreter,
    message,
):
    import hub.pdf

    script = tmp_path / "worker.py"
    script.write_text(worker)
    monkeypatch.setattr(hub.pdf, "WORKER", str(script))
    if interpreter:
        monkeypatch.setattr(hub.pdf.sys, "executable", interpreter)
    document = _upload(centre_a.collection, make_pdf(["mot"]), django_capture_on_commit_callbacks)
    analysis = DocumentAnalysis.objects.get(document=document)
    assert (analysis.error, analysis.page_count) == (message, 0)


# --- ordinary PDFs still work, within the caps -----------------------------------------------------


def _size(jpeg: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(jpeg)).size


def test_an_ordinary_pdf_still_gets_its_cover_and_pages(tmp_path, settings):
    path = _write(tmp_path, make_pdf(["bia", "trang hai"]))
    info = analyse_pdf(path)
    assert (info.page_count, _size(info.cover_jpeg)) == (2, (480, 680))
    assert _size(render_page(path, 2)) == (800, 1133)
    settings.PDF_RENDER_MAX_PIXELS = 100_000
    width, height = _size(analyse_pdf(path).cover_jpeg)
    assert width * height <= 100_000 and (width, height) == (265, 375)


def test_a_long_page_is_drawn_within_the_longest_side(tmp_path):
    """300 x 3000 pt (a long strip, still a usable page) at 800 px wide would be 800 x 8000 px:
    the 4000 px side cap draws it at 400 x 4000."""
    path = _write(tmp_path, pdf_with_pages((300, 3000)))
    assert _size(render_page(path, 1, width=800)) == (400, 4000)


# --- the reader ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_page_the_worker_refuses_answers_422_once_and_is_not_drawn_again(
    client, lam_ha_item, centre_a, settings
):
    url = lam_ha_item.relative_url(centre_a.site)
    settings.PDF_READER_TIMEOUT_SECONDS = 0.001
    refused = client.get(url + "trang/1/", **host_of(centre_a))
    assert refused.status_code == 422 and refused["Content-Type"] == "text/plain; charset=utf-8"
    assert refused.content.decode() == (
        "Xử lý tệp PDF mất hơn 0,001 giây nên đã dừng giữa chừng; tệp có thể quá phức tạp. " + HINT
    )
    assert "no-cache" in refused["Cache-Control"]
    settings.PDF_READER_TIMEOUT_SECONDS = 10
    again = client.get(url + "trang/1/", **host_of(centre_a))
    assert (again.status_code, again.content) == (422, refused.content)  # remembered, not redrawn
    other = client.get(url + "trang/2/", **host_of(centre_a))
    assert (other.status_code, other["Content-Type"]) == (200, "image/jpeg")


@pytest.mark.django_db
def test_a_thin_page_analysed_before_the_limits_is_refused_by_the_reader(
    client, centre_a, django_capture_on_commit_callbacks
):
    """A document analysed by the old code (no error recorded): the reader refuses the page."""
    document = _upload(
        centre_a.collection, pdf_with_pages((1, 1000)), django_capture_on_commit_callbacks
    )
    DocumentAnalysis.objects.filter(document=document).update(error="", page_count=1)
    with django_capture_on_commit_callbacks(execute=True):
        item = publish_item(library_of(centre_a), title="Tài liệu khổ lạ", document=document)
    response = client.get(item.relative_url(centre_a.site) + "trang/1/", **host_of(centre_a))
    assert (response.status_code, response.content.decode()) == (422, THIN_PAGES[1000])
