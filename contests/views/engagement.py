"""The organisers' engagement screen: every link's sync status, anomaly flags, and excluding
or re-including a link with a logged reason."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from wagtail.admin.auth import permission_denied

from ..engagement.anomalies import Point, flag_anomalies
from ..engagement.sync import missing_key
from ..models import EngagementSnapshot, EntryLink, EntryPage
from ..permissions import is_organiser
from ..ranking import forget_ranking
from ..tasks import sync_contest_task
from . import contest_with_judges


def engagement(request, contest_id: int):
    """Organisers: every link's sync status, anomaly flags, and excluding a link with a reason."""
    contest = contest_with_judges(contest_id)
    if not is_organiser(request.user):
        return permission_denied(request)
    if request.method == "POST" and request.POST.get("action") == "sync":
        result = sync_contest_task.enqueue(contest.pk)
        if result.status == TaskResultStatus.SUCCESSFUL:  # run at once (no worker configured)
            messages.success(request, _("Đã đồng bộ số liệu tương tác của hội thi."))
        elif result.status == TaskResultStatus.FAILED:
            messages.error(request, _("Đồng bộ không chạy được; xem nhật ký máy chủ."))
        else:
            messages.success(
                request, _("Đã xếp lịch đồng bộ; số liệu cập nhật sau ít phút (tải lại trang).")
            )
        return redirect("contests_engagement", contest.pk)
    if request.method == "POST":
        link = get_object_or_404(
            EntryLink, pk=request.POST.get("link"), entry__in=EntryPage.objects.child_of(contest)
        )
        if request.POST.get("action") == "include":
            EntryLink.objects.filter(pk=link.pk).update(
                excluded=False,
                excluded_reason="",
                excluded_by=request.user,
                excluded_at=timezone.now(),
            )
            forget_ranking(contest.pk)
            messages.success(request, _("Đã tính lại số liệu của liên kết này."))
        else:
            reason = request.POST.get("reason", "").strip()
            if len(reason) < 5:
                messages.error(
                    request, _("Hãy ghi lý do loại (ít nhất 5 ký tự); chưa thay đổi gì.")
                )
            else:
                EntryLink.objects.filter(pk=link.pk).update(
                    excluded=True,
                    excluded_reason=reason[:500],
                    excluded_by=request.user,
                    excluded_at=timezone.now(),
                )
                forget_ranking(contest.pk)
                messages.success(
                    request, _("Đã loại số liệu của liên kết này khỏi tính điểm (có ghi lý do).")
                )
        return redirect("contests_engagement", contest.pk)
    links = list(
        EntryLink.objects.filter(entry__in=EntryPage.objects.child_of(contest))
        .select_related("entry", "entry__centre", "excluded_by")
        .order_by("entry__title", "platform")
    )
    series: dict[int, list] = {link.pk: [] for link in links}
    for snap in (
        EngagementSnapshot.objects.filter(link__in=links)
        .order_by("taken_at")
        .only("link_id", "taken_at", "views", "likes")
    ):
        series[snap.link_id].append(Point(snap.taken_at.timestamp(), snap.views, snap.likes))
    flags: dict[int, list[str]] = {}
    for flag in flag_anomalies(
        {k: v for k, v in series.items() if v}, k=settings.ENGAGEMENT_SPIKE_FACTOR
    ):
        flags.setdefault(flag.link, []).append(flag.message)
    rows = [
        {
            "link": link,
            "latest": series[link.pk][-1] if series[link.pk] else None,
            "flags": flags.get(link.pk, []),
        }
        for link in links
    ]
    missing_keys = [key for key in (missing_key("youtube"), missing_key("facebook")) if key]
    return TemplateResponse(
        request,
        "contests/admin/engagement.html",
        {"contest": contest, "rows": rows, "missing_keys": missing_keys},
    )
