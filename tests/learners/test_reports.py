"""The staff report "Người học và khoá học": per centre, constant queries, an XLSX copy."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from learners import learning
from tests.learners.test_accounts import make_learner
from tests.learners.test_learning_record import make_course, plain_lesson, question_ids, quiz_lesson


def activity(centre, n, offset):
    lesson = quiz_lesson(centre, title=f"Bài báo cáo {offset}")
    course = make_course(centre, [lesson], title=f"Khoá báo cáo {offset}")
    one, two = question_ids(lesson)
    for i in range(n):
        learner = make_learner(
            centre, phone=f"+8491357{offset:02d}{i:02d}", name=f"Người {offset}-{i}"
        )
        learning.enrol(learner, course)
        learning.record_progress(learner, lesson, 60, "button")
        learning.record_quiz(learner, lesson, {one: 0, two: 0 if i % 2 else 1})
    return lesson, course


@pytest.mark.django_db
class TestLearnersReport:
    def test_centre_staff_see_their_centre_only(self, client, centre_a, centre_b, editor_a):
        lesson, course = activity(centre_a, 2, 10)
        other_lesson, other_course = activity(centre_b, 3, 20)
        client.force_login(editor_a)
        response = client.get(reverse("learners_report"))
        assert response.status_code == 200
        page = response.content.decode()
        assert course.title in page and lesson.title in page
        assert other_course.title not in page and other_lesson.title not in page
        report = response.context["report"]
        assert [row["centre"] for row in report["centres"]] == [centre_a]
        row = next(r for r in report["quizzes"] if r["lesson_id"] == lesson.pk)
        # pass mark 50%: both learners answer one question right at least
        assert (row["attempts"], row["learners"], row["passed_learners"], row["rate"]) == (
            2,
            2,
            2,
            100,
        )
        course_row = next(r for r in report["courses"] if r["pk"] == course.pk)
        assert (course_row["enrolled"], course_row["completed"]) == (2, 2)
        assert report["weeks"][-1]["done"] >= 2

    def test_xlsx_export(self, client, centre_a, editor_a):
        lesson, course = activity(centre_a, 1, 30)
        client.force_login(editor_a)
        response = client.get(reverse("learners_report") + "?ky=30&xuat=xlsx")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="nguoi-hoc-')
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Người học", "Khoá học", "Câu hỏi ôn tập", "Theo tuần"]
        courses = [row[0] for row in book["Khoá học"].iter_rows(min_row=3, values_only=True)]
        assert course.title in courses
        quiz = {
            row[0]: row for row in book["Câu hỏi ôn tập"].iter_rows(min_row=3, values_only=True)
        }
        assert quiz[lesson.title][1:4] == (1, 1, 1)

    def test_nobodys_staff_is_refused(self, client, centre_a):
        learner = make_learner(centre_a)
        client.force_login(learner.user)
        assert client.get(reverse("learners_report")).status_code == 302  # no admin access

    def test_queries_constant_as_learners_grow(
        self, client, centre_a, superuser, django_assert_max_num_queries
    ):
        client.force_login(superuser)
        client.get(reverse("learners_report"))
        activity(centre_a, 1, 40)
        client.get(reverse("learners_report"))  # the network copy reloads after publishing
        with django_assert_max_num_queries(60) as few:
            client.get(reverse("learners_report"))
        counted = len(few.captured_queries)
        activity(centre_a, 6, 41)
        plain_lesson(centre_a, title="Bài thêm")
        client.get(reverse("learners_report"))
        with django_assert_max_num_queries(counted) as many:
            client.get(reverse("learners_report") + "?ky=365")
        assert len(many.captured_queries) == counted
