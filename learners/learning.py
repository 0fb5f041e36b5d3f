"""Writing the learning record: progress, quiz attempts, saved lessons, course completion and the
certificate it earns. Every write is safe under concurrency (one row per learner and lesson,
increments in the database, completion stamped once)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.federation import attach_centres, network
from lessons.models import CourseLesson, CoursePage, LessonPage

from .models import Certificate, Enrolment, Learner, LessonProgress, QuizAttempt, SavedLesson

MAX_SECONDS_PER_REPORT = 120  # the page reports every 30 s (and when hidden); more is not honest
HOW = {choice.value for choice in LessonProgress.How}


def record_progress(learner: Learner, lesson: LessonPage, seconds: int = 0, done: str = "") -> dict:
    """Add visible seconds to the learner's row for the lesson (made on first open), stamp it
    done once (`done`: button / video / end), and complete any course that this finishes."""
    seconds = max(0, min(int(seconds), MAX_SECONDS_PER_REPORT))
    now = timezone.now()
    row, _created = LessonProgress.objects.get_or_create(learner=learner, lesson=lesson)
    changes = {"seconds": F("seconds") + seconds, "last_opened_at": Value(now)}
    if done in HOW:
        changes["completed_at"] = Coalesce(F("completed_at"), Value(now))
        changes["completed_how"] = Case(
            When(completed_at__isnull=True, then=Value(done)), default=F("completed_how")
        )
    LessonProgress.objects.filter(pk=row.pk).update(**changes)
    row.refresh_from_db(fields=["seconds", "completed_at", "completed_how"])
    if done in HOW:
        complete_courses(learner, lesson.pk)
    return {
        "done": row.completed_at is not None,
        "seconds": row.seconds,
    }


def record_quiz(learner: Learner | None, lesson: LessonPage, answers: dict) -> dict:
    """Score the answers on the server from the published lesson; keep the attempt for a
    learner (an anonymous visitor gets the score, nothing is stored)."""
    correct, total = lesson.score(answers)
    passed = lesson.passes(correct, total)
    result = {"correct": correct, "total": total, "passed": passed, "kept": False}
    if learner is None:
        return result
    known = {block.id for block in lesson.quiz_questions()}
    QuizAttempt.objects.create(
        learner=learner,
        lesson=lesson,
        answers={key: value for key, value in answers.items() if key in known},
        correct=correct,
        total=total,
        passed=passed,
    )
    result["kept"] = True
    if passed:
        complete_courses(learner, lesson.pk)
    return result


def save_lessons(learner: Learner, lessons: list[LessonPage]) -> None:
    SavedLesson.objects.bulk_create(
        [SavedLesson(learner=learner, lesson=lesson) for lesson in lessons],
        ignore_conflicts=True,
    )


def forget_lesson(learner: Learner, lesson_id: int) -> None:
    SavedLesson.objects.filter(learner=learner, lesson_id=lesson_id).delete()


# --- courses --------------------------------------------------------------------------------


def course_state(learner: Learner, course: CoursePage, lessons: list[LessonPage]) -> dict:
    """Per lesson of the course: done, passed (if it has questions); and whether the course's
    rule is met. Two queries whatever the course's length."""
    ids = [lesson.pk for lesson in lessons]
    done = set(
        LessonProgress.objects.filter(
            learner=learner, lesson_id__in=ids, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
    passed = set(
        QuizAttempt.objects.filter(learner=learner, lesson_id__in=ids, passed=True).values_list(
            "lesson_id", flat=True
        )
    )
    rows = []
    for lesson in lessons:
        has_quiz = bool(lesson.quiz_questions())
        quiz_ok = not (course.require_quizzes and has_quiz) or lesson.pk in passed
        rows.append(
            {
                "lesson": lesson,
                "done": lesson.pk in done,
                "has_quiz": has_quiz,
                "passed": lesson.pk in passed,
                "complete": lesson.pk in done and quiz_ok,
            }
        )
    return {
        "rows": rows,
        "complete": bool(rows) and all(row["complete"] for row in rows),
        "done_count": sum(1 for row in rows if row["complete"]),
    }


def complete_courses(learner: Learner, lesson_id: int) -> list[Certificate]:
    """Courses the learner is enrolled in, not complete yet, that contain this lesson: complete
    those whose rule is now met and issue their certificates."""
    open_enrolments = Enrolment.objects.filter(
        learner=learner,
        completed_at__isnull=True,
        course__live=True,
        course_id__in=CourseLesson.objects.filter(lesson_id=lesson_id).values("course_id"),
    ).select_related("course")
    issued = []
    for enrolment in open_enrolments:
        course = enrolment.course
        if course_state(learner, course, course.lessons())["complete"]:
            certificate = complete(enrolment)
            if certificate is not None:
                issued.append(certificate)
    return issued


def issuer_of(course: CoursePage) -> str:
    if course.issuer:
        return course.issuer
    attach_centres([course])
    centre = getattr(course, "centre", None)
    if centre is not None:
        return centre.title
    return network().settings.committee_name


def complete(enrolment: Enrolment) -> Certificate | None:
    """Stamp the enrolment complete and issue its certificate, once (a second call, or a
    concurrent one, changes nothing)."""
    now = timezone.now()
    with transaction.atomic():
        stamped = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
            completed_at=now
        )
        if not stamped:
            return None
        course = enrolment.course
        learner = enrolment.learner
        today = timezone.localdate()
        certificate = Certificate.objects.create(
            enrolment=enrolment,
            serial=f"tmp-{enrolment.pk}",
            name=learner.name,
            course_title=course.title,
            centre_name=issuer_of(course),
            issued_on=today,
        )
        certificate.serial = f"HT{today.year}-{certificate.pk:06d}"
        certificate.save(update_fields=["serial"])
    return certificate


class EnrolmentRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def enrol(learner: Learner, course: CoursePage) -> tuple[Enrolment, bool]:
    """Enrol once; a course already complete by the record is completed at once."""
    if not course.live or course.get_view_restrictions().exists():
        raise EnrolmentRefused(_("Khoá học này chưa mở đăng ký."))
    lessons = course.lessons()
    if not lessons:
        raise EnrolmentRefused(_("Khoá học này chưa có bài học nào."))
    try:
        with transaction.atomic():
            enrolment, created = Enrolment.objects.get_or_create(learner=learner, course=course)
    except IntegrityError:  # a double tap: the other request made it
        enrolment, created = Enrolment.objects.get(learner=learner, course=course), False
    if created and course_state(learner, course, lessons)["complete"]:
        complete(enrolment)
    return enrolment, created
