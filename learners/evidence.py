"""The learning record as evidence for the learning-models self-assessment (recognition/).

`platform_evidence(learner)` lists what the learner did on the platform that an assessor may
accept as evidence: lessons completed, quizzes passed, courses completed and their certificates.
Each item is a plain dict (`source`: a stable key such as "lesson:12", `label`, `date`), so the
recognition app reads the record through this one function and never imports the models.
Three queries however long the record is.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Enrolment, LessonProgress, QuizAttempt


def platform_evidence(learner) -> list[dict]:
    items: list[dict] = []
    for enrolment in (
        Enrolment.objects.filter(learner=learner, completed_at__isnull=False)
        .select_related("course", "certificate")
        .order_by("-completed_at")
    ):
        certificate = getattr(enrolment, "certificate", None)
        label = _("Hoàn thành khoá học “%(title)s”") % {"title": enrolment.course.title}
        if certificate is not None:
            label += " " + _("(giấy chứng nhận số %(serial)s)") % {"serial": certificate.serial}
        items.append(
            {
                "source": f"course:{enrolment.course_id}",
                "label": label,
                "date": enrolment.completed_at.date(),
            }
        )
    for row in (
        LessonProgress.objects.filter(learner=learner, completed_at__isnull=False)
        .select_related("lesson")
        .order_by("-completed_at")
    ):
        items.append(
            {
                "source": f"lesson:{row.lesson_id}",
                "label": _("Học xong bài “%(title)s”") % {"title": row.lesson.title},
                "date": row.completed_at.date(),
            }
        )
    seen = set()
    for attempt in (
        QuizAttempt.objects.filter(learner=learner, passed=True)
        .select_related("lesson")
        .order_by("-created_at")
    ):
        if attempt.lesson_id in seen:
            continue
        seen.add(attempt.lesson_id)
        items.append(
            {
                "source": f"quiz:{attempt.lesson_id}",
                "label": _("Đạt bài kiểm tra “%(title)s” (%(correct)s/%(total)s câu)")
                % {
                    "title": attempt.lesson.title,
                    "correct": attempt.correct,
                    "total": attempt.total,
                },
                "date": attempt.created_at.date(),
            }
        )
    return items
