"""What the lesson and course pages send as the learner studies (small POSTs, JSON answers):
visible time and "done", quiz answers (scored on the server), saved lessons merged with the
phone's offline list, enrolment. Every answer is private and never cached."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hub.pagekit import public_only
from lessons.models import CoursePage, LessonPage

from . import learning
from .models import Learner
from .record import lessons_by_url, saved_on_site


def _learner(request) -> Learner | None:
    return Learner.objects.of(request.user)


def _lesson(pk) -> LessonPage | None:
    return public_only(LessonPage.objects.live()).filter(pk=pk).first()


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _learner_and_lesson(request, pk, signed_out: str):
    """(learner, lesson, None), or (None, None, the JSON refusal): signed out, or no such lesson."""
    learner = _learner(request)
    if learner is None:
        return None, None, _error(signed_out, 403)
    lesson = _lesson(pk)
    if lesson is None:
        return None, None, _error(_("Không tìm thấy bài học này."), 404)
    return learner, lesson, None


@never_cache
@require_POST
def progress(request, pk):
    learner, lesson, refused = _learner_and_lesson(
        request, pk, _("Hãy đăng nhập để lưu quá trình học.")
    )
    if refused:
        return refused
    try:
        seconds = int(request.POST.get("seconds") or 0)
    except ValueError:
        return _error(_("Số giây không hợp lệ."), 400)
    done = request.POST.get("done", "")
    if done and done not in learning.HOW:
        return _error(_("Cách hoàn thành không hợp lệ."), 400)
    result = learning.record_progress(learner, lesson, seconds, done)
    if request.POST.get("next"):  # the button without JavaScript
        messages.success(request, _("Đã ghi nhận: bạn đã học xong bài này."))
        return redirect(lesson.url)
    return JsonResponse(result)


def _answers(request) -> dict:
    """{question block id: answer index} from q-<block id>=<index> fields (others ignored)."""
    answers = {}
    for key, value in request.POST.items():
        if key.startswith("q-") and value.isdigit():
            answers[key[2:]] = int(value)
    return answers


@never_cache
@require_POST
def quiz(request, pk):
    lesson = _lesson(pk)
    if lesson is None:
        return _error(_("Không tìm thấy bài học này."), 404)
    if not lesson.quiz_questions():
        return _error(_("Bài này không có câu hỏi ôn tập."), 400)
    answers = _answers(request)
    if not answers:
        return _error(_("Hãy chọn câu trả lời trước khi nộp."), 400)
    return JsonResponse(learning.record_quiz(_learner(request), lesson, answers))


@never_cache
@require_POST
def saved_sync(request):
    """Merge the phone's offline list with the account's saved lessons: the lessons of this
    site the phone lists are saved to the account; the answer lists the account's saved lessons
    of this site for the phone to add (and fetch for offline reading)."""
    learner = _learner(request)
    if learner is None:
        return _error(_("Hãy đăng nhập để đồng bộ bài đã lưu."), 403)
    try:
        listed = json.loads(request.body or b"{}").get("urls", [])
    except (ValueError, AttributeError):
        return _error(_("Danh sách bài đã lưu không hợp lệ."), 400)
    if not isinstance(listed, list):
        return _error(_("Danh sách bài đã lưu không hợp lệ."), 400)
    urls = [url for url in listed if isinstance(url, str)][:200]
    learning.save_lessons(learner, lessons_by_url(request, urls))
    return JsonResponse({"saved": saved_on_site(request, learner)})


@never_cache
@require_POST
def saved_toggle(request, pk):
    learner, lesson, refused = _learner_and_lesson(request, pk, _("Hãy đăng nhập để lưu bài."))
    if refused:
        return refused
    if request.POST.get("remove"):
        learning.forget_lesson(learner, lesson.pk)
        return JsonResponse({"saved": False})
    learning.save_lessons(learner, [lesson])
    return JsonResponse({"saved": True})


@never_cache
@require_POST
def enrol(request, pk):
    course = get_object_or_404(CoursePage, pk=pk)
    learner = _learner(request)
    if learner is None:
        return redirect(f"{reverse('account_login')}?next={course.url}")
    try:
        enrolment, created = learning.enrol(learner, course)
    except learning.EnrolmentRefused as refused:
        messages.error(request, refused.message)
        return redirect(course.url if course.live else "learners:home")
    if enrolment.completed_at:
        messages.success(request, _("Bạn đã học xong mọi bài của khoá này: khoá học hoàn thành."))
    elif created:
        messages.success(request, _("Đã đăng ký khoá học. Chúc bạn học tốt!"))
    return redirect(course.url)
