"""Template helpers for learners' pages (and the lesson and course pages' learner boxes)."""

import phonenumbers
from django import template

from learners.phones import display

register = template.Library()


@register.filter
def vn_phone(e164: str) -> str:
    """ "+84912345678" as people write it: "0912 345 678"."""
    try:
        return display(e164)
    except phonenumbers.NumberParseException:  # not a number: shown as it is
        return e164


@register.inclusion_tag("learners/includes/lesson_record.html", takes_context=True)
def lesson_record(context, lesson):
    """The learner's box under a lesson: done or the "Đã học xong" button, the quiz's submit and
    best score. For visitors without an account, the same box for everyone (the page stays
    cacheable): the quiz is scored in the browser and nothing is kept."""
    from learners.models import Learner, LessonProgress, SavedLesson
    from learners.record import best_scores

    request = context.get("request")
    user = getattr(request, "user", None)
    learner = Learner.objects.of(user)
    data = {
        "lesson": lesson,
        "learner": learner,
        "has_quiz": bool(lesson.quiz_questions()),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
    if learner is not None:
        data["progress"] = LessonProgress.objects.filter(learner=learner, lesson=lesson).first()
        data["best"] = best_scores(learner, [lesson.pk]).get(lesson.pk)
        data["saved"] = SavedLesson.objects.filter(learner=learner, lesson=lesson).exists()
    return data


@register.inclusion_tag("learners/includes/course_record.html", takes_context=True)
def course_record(context, course):
    """A course's lessons, and for a learner their state and the enrolment (a form with the
    learner's token: their page is never cached); for visitors, sign-in links."""
    from learners.learning import course_state
    from learners.models import Enrolment, Learner

    request = context.get("request")
    user = getattr(request, "user", None)
    lessons = course.lessons()
    learner = Learner.objects.of(user)
    data = {
        "course": course,
        "learner": learner,
        "csrf_token": context.get("csrf_token"),
        "request": request,
        "rows": [{"lesson": lesson} for lesson in lessons],
    }
    if learner is not None:
        data["enrolment"] = (
            Enrolment.objects.filter(learner=learner, course=course)
            .select_related("certificate")
            .first()
        )
        data.update(course_state(learner, course, lessons))
    return data
