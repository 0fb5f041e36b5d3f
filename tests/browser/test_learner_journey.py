"""A learner on a phone at the largest text size (issue #20): signs up at a centre with a mobile
number, types the code from the text message, enrols in a course, finishes its lessons and passes
their questions, downloads the certificate and opens its public check; each page passes axe."""

from __future__ import annotations

import io
import re
import time

import psycopg
import pytest
from pypdf import PdfReader

from tests.browser.test_accessibility import REMEMBER_LARGEST_TEXT, _axe

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

PHONE = "0913 246 801"
E164 = "+84913246801"
NAME = "Đỗ Thị Mận"
PASSWORD = "hoc-ca-doi-2026"

MAKE_COURSE = """
from lessons.models import CourseLesson, CoursePage, LessonIndexPage, LessonPage
from hub.models import Centre
centre = Centre.objects.with_site().get(name="Phường Lam Hạ")
index = LessonIndexPage.objects.descendant_of(centre.site.root_page).first()
lessons = [l for l in LessonPage.objects.child_of(index).live().order_by("path") if l.quiz_questions()][:2]
course = CoursePage(title="Khoá thử trên điện thoại", summary="Hai bài có câu hỏi.")
index.add_child(instance=course)
for order, lesson in enumerate(lessons):
    CourseLesson.objects.create(course=course, lesson=lesson, sort_order=order)
course.save_revision().publish()
print("COURSE", course.url_path[len(centre.site.root_page.url_path) - 1 :])
"""


def code_from_log(server, after: int) -> str:
    """The verification code the log sender wrote for the number (the server's output)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = (server.workdir / "server.log").read_text()[after:]
        found = re.findall(r"SMS to 0913 \*\*\* 801: .*? la (\d{6})", text)
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError("no code in the server's log")


def no_blocking_violations(page, name):
    assert _axe(page, f"learner-{name}") == []
    # nothing wider than the phone at the largest text size
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_sign_up_learn_pass_and_get_a_verified_certificate(demo_server, phone_390):
    page = phone_390
    page.context.add_init_script(REMEMBER_LARGEST_TEXT)
    made = demo_server.manage("shell", "-c", MAKE_COURSE).stdout
    course_path = re.search(r"COURSE (\S+)", made).group(1)
    centre = f"http://lam-ha.localhost:{demo_server.port}"

    # sign up from the course page's link, on the centre's own site
    page.goto(centre + course_path)
    page.get_by_role("link", name="Đăng ký tài khoản").tap()
    page.wait_for_url(re.compile(r"/tai-khoan/dang-ky/"))
    no_blocking_violations(page, "signup")
    assert page.locator("#id_home_centre option:checked").inner_text() == "TTHTCĐ phường Lam Hạ"
    page.fill("#id_name", NAME)
    page.fill("#id_phone", PHONE)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.select_option("#id_birth_year", "1958")
    page.locator("#id_consent").tap()
    log_size = len((demo_server.workdir / "server.log").read_text())
    page.locator("[data-testid=signup-submit]").tap()
    page.wait_for_url(re.compile(r"/tai-khoan/xac-nhan-so/"))
    assert "0913 246 801" in page.locator("main").inner_text()
    no_blocking_violations(page, "verify-phone")
    page.fill("#id_code", code_from_log(demo_server, log_size))
    page.locator("[data-testid=verify-submit]").tap()
    page.wait_for_url(centre + course_path)  # back where the learner started

    # enrol, then finish both lessons and pass their questions
    no_blocking_violations(page, "course")
    page.locator("[data-testid=enrol]").tap()
    page.wait_for_selector("text=Đã xong 0/2 bài")
    lessons = page.eval_on_selector_all(
        "[data-testid=course-lessons] a", "links => links.map(a => a.href)"
    )
    assert len(lessons) == 2
    for number, lesson in enumerate(lessons):
        page.goto(lesson)
        if number == 0:
            no_blocking_violations(page, "lesson")
        page.locator("[data-testid=lesson-done]").tap()
        page.wait_for_selector("[data-done-status]:visible")
        for quiz in page.locator("[data-quiz]").all():
            quiz.locator("input[data-correct='1']").first.tap()
        page.locator("[data-testid=quiz-submit]").tap()
        result = page.locator("[data-quiz-total]")
        result.wait_for(state="visible")
        page.wait_for_function("el => el.textContent.includes('lưu')", arg=result.element_handle())
        assert "Đạt" in result.inner_text()

    page.goto(centre + "/tai-khoan/")
    assert page.locator("[data-testid=course-list]").inner_text().count("Đã hoàn thành") == 1
    no_blocking_violations(page, "my-page")
    page.goto(centre + "/tai-khoan/du-lieu/")
    no_blocking_violations(page, "my-data")
    page.goto(centre + course_path)
    assert page.locator(".badge-pass", has_text="Đã hoàn thành").is_visible()
    with page.expect_download() as downloading:
        page.locator("[data-testid=certificate-download]").tap()
    pdf = downloading.value.path().read_bytes()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert NAME in text and "Khoá thử trên điện thoại" in text

    # the public check the certificate's QR code opens (as anyone would: signed out)
    with psycopg.connect(demo_server.env["DATABASE_URL"]) as conn:
        token, serial = conn.execute(
            "SELECT c.token, c.serial FROM learners_certificate c "
            "JOIN learners_enrolment e ON e.id = c.enrolment_id "
            "JOIN learners_learner l ON l.id = e.learner_id WHERE l.phone = %s",
            [E164],
        ).fetchone()
    assert serial in text
    page.context.clear_cookies()
    page.goto(f"{demo_server.url}/tai-khoan/kiem-tra-chung-nhan/{token}/")
    assert page.locator("[data-testid=certificate-valid]").is_visible()
    body = page.locator("main").inner_text()
    assert NAME in body and serial in body and "0913" not in body
    no_blocking_violations(page, "certificate-check")
    page.goto(centre + "/tai-khoan/dang-nhap/")
    no_blocking_violations(page, "sign-in")
    page.goto(centre + "/tai-khoan/quen-mat-khau/")
    no_blocking_violations(page, "forgotten-password")
