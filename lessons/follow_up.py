"""What happens to a shared lesson, told to the learner who shared it (issue #18): a status page
reachable from the link given after sending (its token is the lesson's id with an HMAC, so nobody
can guess another one), and an e-mail in Vietnamese when the centre asks for changes or publishes it,
if the learner left an e-mail address."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
SALT = "lessons.share-status"


def status_token(lesson) -> str:
    """ "<id>-<32 hex>": letters, digits and "-" only, as Wagtail's page routes accept."""
    return f"{lesson.pk}-{_mac(lesson.pk)}"


def _mac(pk) -> str:
    return salted_hmac(SALT, str(pk), algorithm="sha256").hexdigest()[:32]


def lesson_for_token(token: str):
    """The shared lesson of a status token, or None for a token that is not ours."""
    from .models import LessonPage

    pk, _sep, mac = token.partition("-")
    if not pk.isdigit() or not constant_time_compare(mac, _mac(int(pk))):
        return None
    return LessonPage.objects.filter(pk=pk).exclude(shared_by="").first()


def status_url(lesson, index=None) -> str:
    index = index or lesson.get_parent().specific
    return index.full_url + index.reverse_subpage("share_status", args=[status_token(lesson)])


def review(lesson) -> dict:
    """Where the lesson stands: state ("waiting", "changes", "published", "withdrawn"), the
    editor's comment when changes were asked for, the address once it is live."""
    from wagtail.models import TaskState, WorkflowState

    if lesson.live:
        return {"state": "published", "url": lesson.full_url}
    workflow = lesson.current_workflow_state
    if workflow is None:
        latest = WorkflowState.objects.for_instance(lesson).order_by("-created_at").first()
        if latest and latest.status == WorkflowState.STATUS_CANCELLED:
            return {"state": "withdrawn"}
        return {"state": "waiting"}
    if workflow.status == WorkflowState.STATUS_NEEDS_CHANGES:
        rejected = (
            TaskState.objects.filter(workflow_state=workflow, status=TaskState.STATUS_REJECTED)
            .order_by("-finished_at")
            .first()
        )
        return {"state": "changes", "comment": rejected.comment if rejected else ""}
    return {"state": "waiting"}


def tell_the_learner(lesson, subject: str, message: str) -> bool:
    """E-mail the learner if they left an address; True if a message went out."""
    contact = (lesson.shared_contact or "").strip()
    if "@" not in contact:
        return False
    try:
        send_mail(subject, message, None, [contact])
    except OSError:
        logger.warning("could not e-mail the learner of lesson %s", lesson.pk, exc_info=True)
        return False
    return True


def on_task_rejected(sender, instance, user=None, **kwargs) -> None:
    """wagtail.signals.task_rejected: the centre asked for changes."""
    lesson = _shared_lesson(instance.workflow_state.content_object)
    if lesson is None:
        return
    comment = instance.comment or _("(không có ghi chú)")
    tell_the_learner(
        lesson,
        _("Bài “%(title)s” cần sửa trước khi đăng") % {"title": lesson.title},
        _(
            "Chào %(name)s,\n\nCán bộ trung tâm đã xem bài “%(title)s” bạn chia sẻ và đề nghị "
            "sửa trước khi đăng:\n\n%(comment)s\n\nXem tình trạng bài: %(url)s\n\nBạn có thể gửi "
            "lại bài đã sửa bằng mẫu chia sẻ trên trang kho bài giảng. Cảm ơn bạn!"
        )
        % {
            "name": lesson.shared_by,
            "title": lesson.title,
            "comment": comment,
            "url": status_url(lesson),
        },
    )


def on_published(sender, instance, **kwargs) -> None:
    """wagtail.signals.page_published: a shared lesson went live (first time only)."""
    lesson = _shared_lesson(instance)
    if lesson is None or lesson.first_published_at != lesson.last_published_at:
        return
    tell_the_learner(
        lesson,
        _("Bài “%(title)s” đã được đăng") % {"title": lesson.title},
        _(
            "Chào %(name)s,\n\nBài “%(title)s” bạn chia sẻ đã được trung tâm duyệt và đăng tại:"
            "\n%(url)s\n\nCảm ơn bạn đã góp bài cho kho bài giảng!"
        )
        % {"name": lesson.shared_by, "title": lesson.title, "url": lesson.full_url},
    )


def _shared_lesson(page):
    from .models import LessonPage

    page = getattr(page, "specific", page)
    if isinstance(page, LessonPage) and page.shared_by:
        return page
    return None
