"""The organisers' log of public engagement events on a contest: filter (entry, kind, status,
flag, network, dates), export the filtered events as CSV, exclude them with a reason (logged,
undoable), and the networks whose likes all went to one entry."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.admin.auth import permission_denied

from hub.pagekit import paginate
from hub.spreadsheets import neutralise

from ..engagement.events import exclude, filtered, frozen_marks, include_again, one_entry_networks
from ..models import EngagementEvent, EntryPage, EventExclusion
from ..permissions import is_organiser
from ..ranking import forget_ranking
from . import contest_with_judges

FILTERS = ("entry", "kind", "status", "flag", "address", "since", "until")


def _params(source, entries: dict) -> tuple[dict, list[str]]:
    """The filter from the query (or the posted form), unknown values dropped with a message."""
    params, problems = {}, []
    for name in FILTERS:
        value = (source.get(name) or "").strip()
        if not value:
            continue
        if name == "entry" and (not value.isdigit() or int(value) not in entries):
            problems.append(_("Bài dự thi không thuộc hội thi này; bỏ qua bộ lọc bài."))
            continue
        if name == "kind" and value not in EngagementEvent.Kind.values:
            continue
        if name == "flag" and value not in EngagementEvent.Flag.values:
            continue
        if name == "status" and value not in ("accepted", "flagged", "excluded"):
            continue
        if name in ("since", "until") and parse_date(value) is None:
            problems.append(
                _("Ngày “%(value)s” không hợp lệ (dùng dạng 2026-12-31).") % {"value": value}
            )
            continue
        params[name] = value
    return params, problems


def _describe(params: dict, entries: dict) -> str:
    parts = []
    labels = {
        "entry": _("bài"),
        "kind": _("loại"),
        "status": _("trạng thái"),
        "flag": _("cảnh báo"),
        "address": _("mạng"),
        "since": _("từ"),
        "until": _("đến"),
    }
    for name, value in params.items():
        shown = entries.get(int(value), value) if name == "entry" else value
        parts.append(f"{labels[name]}={shown}")
    return ", ".join(parts) or _("mọi sự kiện")


def events_view(request, contest_id: int):
    contest = contest_with_judges(contest_id)
    if not is_organiser(request.user):
        return permission_denied(request)
    entries = dict(EntryPage.objects.child_of(contest).values_list("pk", "title"))
    here = reverse("contests_events", args=[contest.pk])
    if request.method == "POST":
        if request.POST.get("action") == "include":
            exclusion = get_object_or_404(
                EventExclusion, pk=request.POST.get("exclusion"), contest=contest, undone_at=None
            )
            n = include_again(exclusion, request.user)
            forget_ranking(contest.pk)
            messages.success(request, _("Đã tính lại %(n)s sự kiện.") % {"n": n})
            return redirect(here)
        params, _problems = _params(request.POST, entries)
        back = f"{here}?{urlencode(params)}"
        reason = (request.POST.get("reason") or "").strip()
        events = filtered(contest, params)
        expected = request.POST.get("expected", "")
        if len(reason) < 5:
            messages.error(request, _("Hãy ghi lý do loại (ít nhất 5 ký tự); chưa thay đổi gì."))
            return redirect(back)
        if not params:
            messages.error(
                request, _("Hãy lọc các sự kiện cần loại trước (không loại toàn bộ nhật ký).")
            )
            return redirect(back)
        count = events.filter(exclusion__isnull=True).count()
        if expected != str(count):  # the log grew or changed since the organiser looked
            messages.error(
                request,
                _("Danh sách đã thay đổi (nay có %(n)s sự kiện); hãy xem lại rồi loại.")
                % {"n": count},
            )
            return redirect(back)
        exclusion = exclude(contest, events, reason, _describe(params, entries), request.user)
        forget_ranking(contest.pk)
        messages.success(
            request,
            _("Đã loại %(n)s sự kiện khỏi số liệu (có ghi lý do).") % {"n": exclusion.count},
        )
        return redirect(back)
    params, problems = _params(request.GET, entries)
    for problem in problems:
        messages.warning(request, problem)
    events = filtered(contest, params).select_related("entry", "exclusion").order_by("-at", "-pk")
    if request.GET.get("format") == "csv":
        return _csv(contest, events)
    page = paginate(request, events, per_page=50)
    summary = EngagementEvent.objects.filter(contest=contest)
    return TemplateResponse(
        request,
        "contests/admin/events.html",
        {
            "contest": contest,
            "page_obj": page,
            "events": page.object_list,
            "params": params,
            "query": urlencode(params),
            "entries": sorted(entries.items(), key=lambda kv: kv[1]),
            "kinds": EngagementEvent.Kind.choices,
            "flags": EngagementEvent.Flag.choices,
            "matching": page.paginator.count,
            "to_exclude": filtered(contest, params).filter(exclusion__isnull=True).count(),
            "total": summary.count(),
            "flagged": summary.filter(flagged=True, exclusion__isnull=True).count(),
            "excluded": summary.filter(exclusion__isnull=False).count(),
            "exclusions": EventExclusion.objects.filter(contest=contest).select_related(
                "by", "undone_by"
            )[:50],
            "networks": [
                {**row, "title": entries.get(row["entry_id"], "")}
                for row in one_entry_networks(contest)
            ],
            "frozen": sorted(
                (entries.get(pk, ""), flagged, excluded)
                for pk, (flagged, excluded) in frozen_marks(contest).items()
            ),
        },
    )


class _Echo:
    """A file-like object whose write returns the line (Django's streaming CSV pattern)."""

    def write(self, value):
        return value


def _csv(contest, events) -> StreamingHttpResponse:
    """The filtered events as CSV, streamed (a contest's log can hold many thousands)."""
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"
        yield writer.writerow(
            [
                _("Thời điểm"),
                _("Bài dự thi"),
                pgettext("event column", "Loại"),
                _("Mã người (băm)"),
                _("Mạng"),
                _("Trình duyệt"),
                _("Trạng thái"),
                _("Cảnh báo"),
                _("Lý do loại"),
            ]
        )
        for event in events.iterator(chunk_size=2000):
            if event.exclusion_id:
                status = _("Đã loại")
            elif event.flagged:
                status = _("Bị cảnh báo")
            else:
                status = _("Được tính")
            yield writer.writerow(
                [
                    neutralise(v)
                    for v in (
                        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
                        event.entry.title,
                        event.get_kind_display(),
                        event.visitor,
                        event.address,
                        event.agent,
                        status,
                        "; ".join(event.flag_labels),
                        event.exclusion.reason if event.exclusion_id else "",
                    )
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-tuong-tac-{contest.slug}.csv"'
    return response
