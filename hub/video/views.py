"""Admin screen: every video the user may edit, its processing status, and a retry button."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_denied
from wagtailmedia.permissions import permission_policy

from ..models import Video
from .pipeline import retry


def can_see_videos(user) -> bool:
    return permission_policy.user_has_any_permission(user, ["add", "change"])


def _visible(user):
    return permission_policy.instances_user_has_any_permission_for(user, ["change"])


def status_index(request):
    if not can_see_videos(request.user):
        return permission_denied(request)
    videos = _visible(request.user).select_related("collection").order_by("-created_at")[:200]
    return TemplateResponse(request, "hub/admin/video_status.html", {"videos": videos})


@require_POST
def retry_video(request, video_id: int):
    video = get_object_or_404(Video, pk=video_id)
    if not _visible(request.user).filter(pk=video.pk).exists():
        return permission_denied(request)
    if retry(video):
        messages.success(request, f"Đã đưa “{video.title}” vào hàng đợi xử lý lại.")
    else:
        messages.warning(
            request, f"“{video.title}” đang được xử lý hoặc đã sẵn sàng; không cần thử lại lúc này."
        )
    return redirect("hub_video_status")
