"""The learning record: progress (visible time, done once), quiz attempts scored on the server,
saved lessons merged with the phone's list, courses, completion and the certificate."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from learners import learning
from learners.models import Certificate, Enrolment, LessonProgress, QuizAttempt, SavedLesson
from lessons.models import CourseLesson, CoursePage, LessonIndexPage, LessonPage
from tests.learners.test_accounts import make_learner

QUIZ = {
    "question": "Thủ đô của Việt Nam là?",
    "answers": [
        {"text": "Hà Nội", "correct": True},
        {"text": "Huế", "correct": False},
    ],
    "explanation": "",
}


def quiz_lesson(centre, title="Bài có câu hỏi", questions=2, pass_percent=50):
    index = LessonIndexPage.objects.descendant_of(centre.site.root_page).first()
    lesson = LessonPage.objects.child_of(index).live().first()
    body = [("paragraph", "<p>Nội dung</p>")] + [("quiz", QUIZ) for _ in range(questions)]
    new = LessonPage(title=title, field_id=lesson.field_id, body=body, pass_percent=pass_percent)
    index.add_child(instance=new)
    new.save_revision().publish()
    return LessonPage.objects.get(pk=new.pk)


def plain_lesson(centre, title="Bài đọc không có câu hỏi"):
    return quiz_lesson(centre, title=title, questions=0)


def make_course(centre, lessons, **fields):
    index = LessonIndexPage.objects.descendant_of(centre.site.root_page).first()
    course = CoursePage(title=fields.pop("title", "Khoá tin học cơ bản"), **fields)
    index.add_child(instance=course)
    for order, lesson in enumerate(lessons):
        CourseLesson.objects.create(course=course, lesson=lesson, sort_order=order)
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def question_ids(lesson):
    return [block.id for block in lesson.quiz_questions()]


@pytest.mark.django_db
class TestProgress:
    def test_open_time_and_done_once(self, client, centre_a):
        learner = make_learner(centre_a)
        lesson = plain_lesson(centre_a)
        client.force_login(learner.user)
        url = reverse("learners:progress", args=[lesson.pk])
        assert client.post(url, {"seconds": "0"}).json() == {"done": False, "seconds": 0}
        assert client.post(url, {"seconds": "30"}).json() == {"done": False, "seconds": 30}
        # a report claiming more than a page can count is capped, not trusted
        assert client.post(url, {"seconds": "99999"}).json()["seconds"] == 150
        response = client.post(url, {"seconds": "5", "done": "end"})
        assert response.json() == {"done": True, "seconds": 155}
        row = LessonProgress.objects.get(learner=learner)
        first_done = row.completed_at
        client.post(url, {"done": "button"})
        row.refresh_from_db()
        assert (row.completed_at, row.completed_how) == (first_done, "end")
        page = client.get(reverse("learners:home")).content.decode()
        assert "Bạn đã học xong 1 bài" in page

    def test_done_button_without_javascript(self, client, centre_a):
        learner = make_learner(centre_a)
        lesson = plain_lesson(centre_a)
        client.force_login(learner.user)
        response = client.post(
            reverse("learners:progress", args=[lesson.pk]), {"done": "button", "next": "1"}
        )
        assert response.status_code == 302
        assert response["Location"] == lesson.url
        assert LessonProgress.objects.get(learner=learner).completed_how == "button"
        page = client.get(lesson.url, HTTP_HOST=centre_a.site.hostname).content.decode()
        assert "✓ Đã học xong bài này (" in page

    def test_bad_progress_reports(self, client, centre_a, centre_b):
        learner = make_learner(centre_a)
        lesson = plain_lesson(centre_a)
        url = reverse("learners:progress", args=[lesson.pk])
        assert client.post(url, {"seconds": "3"}).status_code == 403  # not signed in
        client.force_login(learner.user)
        response = client.post(url, {"seconds": "mười"})
        assert (response.status_code, response.json()["error"]) == (400, "Số giây không hợp lệ.")
        assert client.post(url, {"done": "hack"}).status_code == 400
        response = client.post(reverse("learners:progress", args=[999999]), {"seconds": "3"})
        assert response.status_code == 404
        assert client.get(url).status_code == 405
        assert not LessonProgress.objects.filter(learner=learner).exists()

    def test_continue_learning_lists_unfinished_newest_first(self, client, centre_a, centre_b):
        learner = make_learner(centre_a)
        first, second = plain_lesson(centre_a), plain_lesson(centre_b, title="Bài khác")
        learning.record_progress(learner, first, 10)
        learning.record_progress(learner, second, 10)
        client.force_login(learner.user)
        page = client.get(reverse("learners:home")).content.decode()
        section = page[page.index('data-testid="continue-list"') :]
        assert section.index(second.title) < section.index(first.title)
        learning.record_progress(learner, second, 0, "button")
        page = client.get(reverse("learners:home")).content.decode()
        section = page[page.index('data-testid="continue-list"') :]
        assert second.title not in section.split("</ul>")[0]


@pytest.mark.django_db
class TestQuiz:
    def test_attempts_kept_best_shown_pass_marked(self, client, centre_a):
        learner = make_learner(centre_a)
        lesson = quiz_lesson(centre_a, questions=2, pass_percent=100)
        one, two = question_ids(lesson)
        client.force_login(learner.user)
        url = reverse("learners:quiz", args=[lesson.pk])
        result = client.post(url, {f"q-{one}": "0", f"q-{two}": "1"}).json()
        assert result == {"correct": 1, "total": 2, "passed": False, "kept": True}
        result = client.post(url, {f"q-{one}": "0", f"q-{two}": "0"}).json()
        assert result == {"correct": 2, "total": 2, "passed": True, "kept": True}
        client.post(url, {f"q-{one}": "1"})  # a worse try later does not lower the best
        assert list(
            QuizAttempt.objects.filter(learner=learner)
            .order_by("created_at")
            .values_list("correct", "passed")
        ) == [
            (1, False),
            (2, True),
            (0, False),
        ]
        assert QuizAttempt.objects.filter(learner=learner).order_by(
            "created_at"
        ).first().answers == {one: 0, two: 1}
        page = client.get(lesson.url, HTTP_HOST=centre_a.site.hostname).content.decode()
        assert "Điểm cao nhất: đúng 2/2 câu" in page
        assert '<span class="badge-pass">Đạt</span>' in page

    def test_visitor_gets_a_score_and_nothing_is_kept(self, client, centre_a):
        lesson = quiz_lesson(centre_a)
        one, _two = question_ids(lesson)
        result = client.post(reverse("learners:quiz", args=[lesson.pk]), {f"q-{one}": "0"}).json()
        assert result == {"correct": 1, "total": 2, "passed": True, "kept": False}
        assert not QuizAttempt.objects.filter(lesson=lesson).exists()

    def test_bad_quiz_posts(self, client, centre_a):
        learner = make_learner(centre_a)
        client.force_login(learner.user)
        no_quiz = plain_lesson(centre_a, title="Không câu hỏi")
        response = client.post(reverse("learners:quiz", args=[no_quiz.pk]), {"q-x": "0"})
        assert response.status_code == 400
        assert response.json() == {"error": "Bài này không có câu hỏi ôn tập."}
        lesson = quiz_lesson(centre_a)
        response = client.post(reverse("learners:quiz", args=[lesson.pk]), {})
        assert (response.status_code, response.json()["error"]) == (
            400,
            "Hãy chọn câu trả lời trước khi nộp.",
        )
        # unknown questions and out-of-range answers count as wrong; unknown ids are not stored
        one, _two = question_ids(lesson)
        result = client.post(
            reverse("learners:quiz", args=[lesson.pk]), {f"q-{one}": "7", "q-khong-co": "0"}
        ).json()
        assert result["correct"] == 0
        assert QuizAttempt.objects.get(learner=learner).answers == {one: 7}


@pytest.mark.django_db
class TestSavedLessons:
    def test_phone_list_and_account_merge_both_ways(self, client, centre_a, centre_b):
        learner = make_learner(centre_a)
        on_phone = plain_lesson(centre_a)
        in_account = plain_lesson(centre_a, title="Bài thứ hai")
        elsewhere = plain_lesson(centre_b)
        learning.save_lessons(learner, [in_account, elsewhere])
        client.force_login(learner.user)
        host = {"HTTP_HOST": centre_a.site.hostname}
        response = client.post(
            reverse("learners:saved_sync"),
            data={"urls": [on_phone.relative_url(centre_a.site), "/khong-co/", 5]},
            content_type="application/json",
            **host,
        )
        assert response.status_code == 200
        urls = sorted(item["url"] for item in response.json()["saved"])
        assert urls == sorted(
            [on_phone.relative_url(centre_a.site), in_account.relative_url(centre_a.site)]
        )
        assert set(
            SavedLesson.objects.filter(learner=learner).values_list("lesson_id", flat=True)
        ) == {
            on_phone.pk,
            in_account.pk,
            elsewhere.pk,
        }
        bad = client.post(
            reverse("learners:saved_sync"), data="{", content_type="application/json", **host
        )
        assert bad.status_code == 400


@pytest.mark.django_db
class TestCourses:
    def test_enrol_complete_certificate_and_verify(self, client, centre_a, centre_b):
        learner = make_learner(centre_a, name="Nguyễn Thị Hằng")
        first = plain_lesson(centre_a)
        second = quiz_lesson(centre_b)  # a course may use another centre's lesson
        course = make_course(centre_a, [first, second])
        client.force_login(learner.user)
        response = client.post(reverse("learners:enrol", args=[course.pk]))
        assert response.status_code == 302
        assert response["Location"] == course.url
        enrolment = Enrolment.objects.get(learner=learner)
        assert enrolment.completed_at is None
        client.post(reverse("learners:enrol", args=[course.pk]))  # a double tap
        assert Enrolment.objects.filter(learner=learner).count() == 1

        learning.record_progress(learner, first, 0, "button")
        learning.record_progress(learner, second, 0, "button")
        enrolment.refresh_from_db()
        assert enrolment.completed_at is None  # the quiz is not passed yet
        one, _two = question_ids(second)
        client.post(reverse("learners:quiz", args=[second.pk]), {f"q-{one}": "0"})
        enrolment.refresh_from_db()
        assert enrolment.completed_at is not None
        certificate = Certificate.objects.get(enrolment__learner=learner)
        assert certificate.serial == f"HT{certificate.issued_on.year}-{certificate.pk:06d}"
        assert (certificate.name, certificate.course_title, certificate.centre_name) == (
            "Nguyễn Thị Hằng",
            "Khoá tin học cơ bản",
            centre_a.title,
        )
        learning.record_progress(learner, first, 0, "video")  # completing again issues nothing
        assert Certificate.objects.filter(enrolment__learner=learner).count() == 1

        response = client.get(reverse("learners:certificate_pdf", args=[certificate.serial]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
        assert "Nguyễn Thị Hằng" in text and certificate.serial in text
        assert reverse("learners:verify", args=[certificate.token]) in text.replace("\n", "")

        client.logout()
        page = client.get(reverse("learners:verify", args=[certificate.token]))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Giấy chứng nhận này là thật" in html and "Nguyễn Thị Hằng" in html
        assert "0913" not in html  # nothing more than the paper shows
        assert client.get(reverse("learners:verify", args=["gia-mao"])).status_code == 404

    def test_someone_elses_certificate_is_not_found(self, client, centre_a):
        owner = make_learner(centre_a)
        lesson = plain_lesson(centre_a)
        course = make_course(centre_a, [lesson])
        learning.enrol(owner, course)
        learning.record_progress(owner, lesson, 0, "button")
        certificate = Certificate.objects.get(enrolment__learner=owner)
        other = make_learner(centre_a, phone="+84966000111")
        client.force_login(other.user)
        url = reverse("learners:certificate_pdf", args=[certificate.serial])
        assert client.get(url).status_code == 404

    def test_unpublished_or_private_course_refuses_enrolment(self, client, centre_a):
        learner = make_learner(centre_a)
        course = make_course(centre_a, [plain_lesson(centre_a)])
        client.force_login(learner.user)
        course.unpublish()
        response = client.post(reverse("learners:enrol", args=[course.pk]), follow=True)
        assert "Khoá học này chưa mở đăng ký." in response.content.decode()
        PageViewRestriction.objects.create(page=course, restriction_type="login")
        course.save_revision().publish()
        response = client.post(reverse("learners:enrol", args=[course.pk]), follow=True)
        assert "Khoá học này chưa mở đăng ký." in response.content.decode()
        assert not Enrolment.objects.filter(learner=learner).exists()

    def test_course_page_for_visitor_and_learner(self, client, centre_a):
        lesson = plain_lesson(centre_a)
        course = make_course(centre_a, [lesson])
        host = {"HTTP_HOST": centre_a.site.hostname}
        page = client.get(course.url, **host).content.decode()
        assert "Đăng nhập để đăng ký khoá học" in page and lesson.title in page
        learner = make_learner(centre_a)
        client.force_login(learner.user)
        page = client.get(course.url, **host).content.decode()
        assert 'data-testid="enrol"' in page
        learning.enrol(learner, course)
        page = client.get(course.url, **host).content.decode()
        assert "Đã xong 0/1 bài" in page


@pytest.mark.django_db
def test_my_page_queries_stay_constant(client, centre_a, centre_b, django_assert_max_num_queries):
    learner = make_learner(centre_a)
    client.force_login(learner.user)
    lesson = plain_lesson(centre_a, title="Bài một")
    course = make_course(centre_a, [lesson], title="Khoá một")
    learning.enrol(learner, course)
    learning.record_progress(learner, lesson, 30)
    client.get(reverse("learners:home"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("learners:home"))
    counted = len(few.captured_queries)
    for n in range(4):
        extra = plain_lesson(centre_b, title=f"Bài thêm {n}")
        learning.record_progress(learner, extra, 30)
        learning.save_lessons(learner, [extra])
        other = make_course(centre_b, [extra], title=f"Khoá thêm {n}")
        learning.enrol(learner, other)
    learning.record_progress(learner, lesson, 0, "button")
    client.get(reverse("learners:home"))  # the network copy reloads after publishing
    with django_assert_max_num_queries(counted) as many:
        page = client.get(reverse("learners:home")).content.decode()
    assert len(many.captured_queries) == counted
    assert page.count("Bài thêm") >= 8  # in "Tiếp tục học" and "Bài đã lưu"
