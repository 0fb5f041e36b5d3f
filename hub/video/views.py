"""The admin screen "Xử lý video": every video the user may edit, its status, and a retry button.

Served under /admin/ by the routes in hub/video/wagtail_hooks.py; nothing else imports these views.
A video outside the user's collections is answered 404, the same as one that does not exist.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_denied
from wagtailmedia.permissions import permission_policy

from .jobs import retry


def can_see_videos(user) -> bool:
    return permission_policy.user_has_any_permission(user, ["add", "change"])


def _visible(user):
    return permission_policy.instances_user_has_any_permission_for(user, ["change"])


def status_index(request):
    if not can_see_videos(request.user):
        return permission_denied(request)
    videos = _visible(request.user).select_related("collection").order_by("-created_at")[:200]
    return TemplateResponse(request, "hub/admin/video_status.html", {"videos": videos})


STATES_AT_ONCE = 100


def video_states(request):
    """The processing state of the videos `?ids=1,2,3` the user may edit, for the admin's video
    chooser, which polls it while a video it lists is waiting or being processed
    (hub/static/hub/js/video_chooser_status.js). Ids that are not numbers, or videos outside the
    user's collections, are left out; at most STATES_AT_ONCE ids are read."""
    if not can_see_videos(request.user):
        return permission_denied(request)
    ids = [part for part in request.GET.get("ids", "").split(",") if part.strip().isdigit()]
    videos = _visible(request.user).filter(pk__in=[int(i) for i in ids[:STATES_AT_ONCE]])
    states = {
        str(video.pk): {
            "status": video.status,
            "label": video.status_label,
            "error": video.error,
        }
        for video in videos.only("pk", "status", "progress", "error")
    }
    return JsonResponse({"videos": states}, headers={"Cache-Control": "no-store"})


@require_POST
def retry_video(request, video_id: int):
    video = get_object_or_404(_visible(request.user), pk=video_id)
    if retry(video):
        messages.success(
            request, _("Đã đưa “%(title)s” vào hàng đợi xử lý lại.") % {"title": video.title}
        )
    else:
        messages.warning(
            request,
            _("“%(title)s” đang được xử lý hoặc đã sẵn sàng; không cần thử lại lúc này.")
            % {"title": video.title},
        )
    return redirect("hub_video_status")
