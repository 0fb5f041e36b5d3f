"""A learner opens a lesson, checks a quiz and saves it offline; a learner's upload is approved."""

import re

import pytest

from tests.browser.conftest import sign_in

# one demo server and one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]


def test_learner_opens_a_lesson_answers_the_quiz_and_reads_it_offline(demo_server, phone):
    centre = f"http://lam-ha.localhost:{demo_server.port}"
    phone.goto(centre + "/bai-giang/")
    phone.locator("[data-testid=lessons] .card__title a").first.click()
    phone.wait_for_url(re.compile(rf"^{re.escape(centre)}/bai-giang/[^/]+/$"))
    title = phone.locator("h1").inner_text()
    quiz = phone.locator("[data-quiz]").first
    quiz.locator("[data-correct='0']").first.check()
    quiz.locator("[data-quiz-check]").click()
    assert quiz.locator(".quiz__result").inner_text() == "Chưa đúng, bạn thử lại nhé."
    quiz.locator("[data-correct='1']").first.check()
    quiz.locator("[data-quiz-check]").click()
    assert quiz.locator(".quiz__result").inner_text() == "Chính xác!"
    assert quiz.locator(".quiz__explanation").is_visible()

    page_title = phone.title()
    # `hidden` hides even an element styled as a button (a class rule once overrode it)
    display = phone.evaluate(
        "(() => { const b = document.querySelector('[data-offline-save]').cloneNode(true);"
        " b.hidden = true; document.body.append(b); const shown = getComputedStyle(b).display;"
        " b.remove(); return shown; })()"
    )
    assert display == "none"
    phone.locator("[data-offline-save]").click()
    phone.locator("[data-offline-badge]").wait_for(state="visible")
    url = phone.url
    phone.context.set_offline(True)
    try:
        phone.goto(url)
        assert phone.locator("h1").inner_text() == title
        phone.goto(centre + "/bai-giang/da-luu/")  # saved with the lesson
        saved = phone.locator("[data-saved-list] a")
        assert saved.all_inner_texts() == [page_title]
        saved.first.click()
        phone.wait_for_url(url)
        assert phone.locator("h1").inner_text() == title
        phone.goto(centre + "/tin-tuc/")
        assert "Không có kết nối mạng" in phone.content()
        phone.click("text=Xem các bài đã lưu")
        assert phone.locator("[data-saved-list] a").all_inner_texts() == [page_title]
    finally:
        phone.context.set_offline(False)


def test_learner_shares_a_lesson_and_an_editor_approves_it(demo_server, browser):
    centre = f"http://lam-ha.localhost:{demo_server.port}"
    learner = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    learner.goto(centre + "/bai-giang/chia-se/")
    learner.fill("#id_name", "Bà Nguyễn Thị Hoa")
    learner.fill("#id_contact", "0912 345 678")
    learner.fill("#id_title", "Cách làm tương bần")
    learner.select_option("#id_field", label="Văn hóa")
    learner.fill("#id_description", "Hướng dẫn làm tương bần theo cách của các cụ ở Hà Nam.")
    learner.fill("#id_link", "https://youtu.be/dQw4w9WgXcQ")
    learner.check("#id_licence")
    learner.click(".share-form button[type=submit]")
    assert "Cách làm tương bần" in learner.locator("[data-testid=share-sent]").inner_text()
    status_link = learner.locator("[data-testid=share-status-link]").get_attribute("href")
    learner.goto(status_link)
    status = learner.locator("[data-testid=share-status]")
    assert status.get_attribute("data-state") == "waiting"
    assert "Đang chờ cán bộ trung tâm duyệt." in status.inner_text()
    learner.goto(centre + "/bai-giang/")
    assert "Cách làm tương bần" not in learner.content()

    staff = browser.new_context().new_page()
    sign_in(staff, demo_server, "lamha.bientap", "bientap-demo")
    row = staff.locator("tr", has_text="Cách làm tương bần")
    row.locator(".w-dropdown__toggle").click()
    row.locator("button[data-workflow-action-url*='/approve/']:not([data-launch-modal])").click()
    staff.wait_for_load_state("networkidle")

    learner.goto(status_link)  # the link they kept now says it is published, and leads to it
    assert "Đã được duyệt và đăng." in learner.locator("[data-testid=share-status]").inner_text()
    learner.locator("[data-testid=share-status] a", has_text="Mở bài giảng").click()
    assert learner.locator("h1").inner_text() == "Cách làm tương bần"
    learner.goto(centre + "/bai-giang/")
    learner.locator("a", has_text="Cách làm tương bần").click()
    assert learner.locator("h1").inner_text() == "Cách làm tương bần"
    assert "Chia sẻ bởi Bà Nguyễn Thị Hoa" in learner.content()
