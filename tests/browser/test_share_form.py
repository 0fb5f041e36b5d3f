"""A learner on a phone sends the share form without a title: the page lists the error with a
link to the field, keeps everything typed and the chosen file, and the second try sends the
lesson without choosing the file again (issue #17, "How it is checked")."""

import pytest

from library.factories import make_pdf

# one demo server and one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

TYPED = {
    "#id_name": "Bà Nguyễn Thị Hoa",
    "#id_contact": "0912 345 678",
    "#id_description": "Cách muối dưa cải của các cụ ở Hà Nam, từng bước có ảnh minh hoạ.",
}
SUBMIT = ".share-form button[type=submit]"


def test_share_form_keeps_what_was_typed_and_the_file_after_an_error(demo_server, phone_390):
    # the demo server accepts a form sent at once (LESSON_SHARE_MIN_SECONDS=0, tests/conftest.py)
    page = phone_390
    page.goto(f"http://lam-ha.localhost:{demo_server.port}/bai-giang/chia-se/")
    for selector, value in TYPED.items():
        page.fill(selector, value)
    page.select_option("#id_field", label="Văn hóa")
    # a file, so no link: the form takes one or the other
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "muoi-dua.pdf",
                "mimeType": "application/pdf",
                "buffer": make_pdf(["Muoi dua cai", "Buoc 2"]),
            }
        ],
    )
    page.check("#id_licence")
    with page.expect_navigation():
        page.click(SUBMIT)

    summary = page.locator("#loi[role=alert]")
    links = summary.locator("a")
    assert links.count() == 1, summary.inner_text()
    assert links.first.get_attribute("href") == "#id_title"
    assert links.first.inner_text().startswith("Tên bài giảng:")
    assert page.get_attribute("#id_title", "aria-invalid") == "true"
    assert page.get_attribute("#id_title", "aria-describedby") == "id_title-error"
    for selector, value in TYPED.items():
        assert page.input_value(selector) == value, selector
        assert page.get_attribute(selector, "aria-invalid") is None, selector
    assert page.locator("#id_field option:checked").inner_text() == "Văn hóa"
    assert page.is_checked("#id_licence")
    held = page.locator("[data-testid=held-file]")
    assert "Đã giữ tệp" in held.inner_text()
    assert "muoi-dua.pdf" in held.inner_text()
    # the phone's browser forgets a chosen file after a reload: nothing is chosen now
    assert page.evaluate("document.querySelector('#id_file').files.length") == 0

    page.fill("#id_title", "Cách muối dưa cải")
    with page.expect_navigation():
        page.click(SUBMIT)
    assert "Cách muối dưa cải" in page.locator("[data-testid=share-sent]").inner_text()
