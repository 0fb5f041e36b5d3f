"""The lessons' views: the learners' "share a lesson" form (served by the lesson index's route;
the work is in lessons/sharing.py)."""

import logging

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from hub.counters import browser_id, client_ip
from hub.pagekit import page_view

from .follow_up import status_url
from .forms import ShareLessonForm, form_stamp, spend_stamp
from .sharing import (
    UploadRejected,
    create_shared_lesson,
    forget_held,
    keep_for_retry,
    precheck,
)

logger = logging.getLogger(__name__)
# S3 (botocore) and local-disk failures while storing the learner's file
STORAGE_ERRORS = (BotoCoreError, ClientError, OSError)
STORAGE_DOWN = _(
    "Kho lưu trữ tệp đang gián đoạn nên bài chưa được gửi (chưa có gì được lưu). "
    "Vui lòng thử lại sau ít phút."
)


def _limit_key(request) -> str:
    return f"share-lesson:{client_ip(request)}"


def _over_limit(request) -> bool:
    """This address already shared LESSON_SHARE_PER_IP_PER_HOUR lessons in the last hour. Only
    lessons actually sent count (`_count_sent`): a classroom on one Wi-Fi fixing mistakes in the
    form is not locked out."""
    return cache.get(_limit_key(request), 0) >= settings.LESSON_SHARE_PER_IP_PER_HOUR


def _count_sent(request) -> None:
    key = _limit_key(request)
    cache.add(key, 0, 3600)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, 3600)


@page_view("lessons:share_status")
def share_status(request, index, token):
    """A learner follows what became of the lesson they shared (lessons/follow_up.py): no account,
    the signed link they were given. Not cached, never indexed."""
    from django.http import Http404
    from django.views.decorators.cache import add_never_cache_headers

    from .follow_up import lesson_for_token, review

    lesson = lesson_for_token(token)
    if lesson is None or lesson.get_parent().pk != index.pk:
        raise Http404
    context = {"page": index, "self": index, "lesson": lesson, "review": review(lesson)}
    response = TemplateResponse(request, "lessons/share_status.html", context)
    response["X-Robots-Tag"] = "noindex"
    add_never_cache_headers(response)
    return response


@page_view("lessons:saved")
def saved_lessons(request, index):
    """The lessons saved on this phone for reading offline: the list lives in the browser
    (localStorage, written by lesson.js), so the page is the same for everyone and is itself saved
    with every lesson, to open without a connection."""
    return TemplateResponse(request, "lessons/saved.html", {"page": index, "self": index})


def _keep_valid_file(form, browser):
    """The learner's file, if it passed its checks, kept privately for the next try (a token in
    the form); what the page says about it."""
    upload = getattr(form, "cleaned_data", {}).get("file")
    if upload is None or "file" in form.errors:
        form.data["held_file"] = ""
        return None
    if form.held is None:  # a new upload: keep it
        try:
            form.data["held_file"] = keep_for_retry(upload, browser)
        except STORAGE_ERRORS:
            logger.warning("could not keep a learner's file for the next try", exc_info=True)
            form.data["held_file"] = ""
            return None
    return {"name": upload.name, "size": upload.size}


@page_view("lessons:share")
@never_cache
@csrf_protect
def share_lesson(request, index):
    """Learners share a lesson: a draft that the centre's editors approve or reject."""
    context = {
        "page": index,
        "self": index,
        "max_mb": settings.LESSON_SHARE_MAX_BYTES // 1_000_000,
        "max_hours": settings.VIDEO_MAX_SECONDS // 3600,
    }
    # the form's stamp is bound to this browser's id: minted when the form is first shown
    browser = browser_id(request, mint=request.method != "POST")
    if request.method == "POST":
        if _over_limit(request):
            context["form"] = ShareLessonForm(initial={"stamp": form_stamp(browser)})
            context["limited"] = True
            return TemplateResponse(request, "lessons/share.html", context, status=429)
        form = ShareLessonForm(request.POST, request.FILES, browser=browser)
        if form.is_valid():
            try:
                if form.cleaned_data.get("file"):
                    precheck(form.cleaned_data["file"])
                lesson = create_shared_lesson(index, form.cleaned_data)
            except UploadRejected as rejected:
                form.add_error("file", rejected.message)
            except STORAGE_ERRORS:
                logger.warning("file storage unavailable for a shared lesson", exc_info=True)
                form.add_error(None, STORAGE_DOWN)
                context["form"] = form
                return TemplateResponse(request, "lessons/share.html", context, status=503)
            else:
                _count_sent(request)
                spend_stamp(form)
                forget_held(form.held)
                context["sent"] = lesson
                context["status_url"] = status_url(lesson, index)
                return TemplateResponse(request, "lessons/share_sent.html", context)
        form.data = form.data.copy()
        if form.has_error("__all__", "stale") or form.has_error("__all__", "used"):
            form.data["stamp"] = form_stamp(browser)  # a fresh one, so the next try can work
        else:
            form.data["stamp"] = form.data.get("stamp") or form_stamp(browser)
        context["held"] = _keep_valid_file(form, browser)
        form.mark_invalid_fields()
    else:
        form = ShareLessonForm(initial={"stamp": form_stamp(browser)})
    context["form"] = form
    return TemplateResponse(
        request, "lessons/share.html", context, status=400 if form.errors else 200
    )
