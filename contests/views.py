"""Admin screens for judges and organisers: scoring, ranking with exports, per-entry breakdown."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.admin.auth import permission_denied

from .models import (
    ContestJudge,
    ContestPage,
    EngagementSnapshot,
    EntryPage,
    JudgeScore,
    ScoreChange,
)
from .permissions import can_view_ranking, is_organiser, judge_row, scoring_refusal
from .ranking import contest_ranking


def judged_contests(user):
    if is_organiser(user):
        return ContestPage.objects.all()
    return ContestPage.objects.filter(
        pk__in=ContestJudge.objects.filter(user=user).values("contest_id")
    )


def judging_home(request):
    contests = judged_contests(request.user).order_by("-judging_start")
    if not is_organiser(request.user) and not contests.exists():
        return permission_denied(request)
    return TemplateResponse(request, "contests/admin/judging_home.html", {"contests": contests})


def _contest_for(request, contest_id):
    contest = get_object_or_404(ContestPage.objects.prefetch_related("judges"), pk=contest_id)
    return contest


def judging_entries(request, contest_id: int):
    contest = _contest_for(request, contest_id)
    judge = judge_row(contest, request.user)
    if judge is None and not is_organiser(request.user):
        return permission_denied(request)
    entries = list(
        EntryPage.objects.live().child_of(contest).select_related("centre").order_by("title")
    )
    total = len(contest.criteria())
    done = {}
    if judge:
        for entry_id in JudgeScore.objects.filter(
            judge=request.user, entry__in=entries
        ).values_list("entry_id", flat=True):
            done[entry_id] = done.get(entry_id, 0) + 1
    rows = [
        {
            "entry": e,
            "scored": done.get(e.pk, 0),
            "conflict": bool(judge and judge.centre_id and judge.centre_id == e.centre_id),
        }
        for e in entries
    ]
    return TemplateResponse(
        request,
        "contests/admin/judging_entries.html",
        {
            "contest": contest,
            "rows": rows,
            "total": total,
            "judge": judge,
            "can_rank": can_view_ranking(request.user, contest),
            "open": contest.judging_open(),
        },
    )


def _parse_points(raw: str, maximum: Decimal) -> tuple[Decimal | None, str | None]:
    raw = (raw or "").strip().replace(",", ".")
    if raw == "":
        return None, "Hãy nhập điểm."
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None, f"“{raw}” không phải là số."
    if not value.is_finite() or value < 0 or value > maximum:
        return None, f"Điểm phải từ 0 đến {format(maximum.normalize(), 'f')}."
    if value.as_tuple().exponent < -2:
        return None, "Điểm chỉ lấy tối đa 2 chữ số thập phân."
    return value, None


def score_entry(request, entry_id: int):
    entry = get_object_or_404(EntryPage.objects.select_related("centre", "video"), pk=entry_id)
    contest = ContestPage.objects.prefetch_related("judges").get(pk=entry.get_parent().pk)
    if judge_row(contest, request.user) is None:
        return permission_denied(request)
    refusal = scoring_refusal(request.user, entry, contest)
    criteria = contest.criteria()
    existing = {
        s.criterion_id: s for s in JudgeScore.objects.filter(entry=entry, judge=request.user)
    }
    errors, values = {}, {}
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect("contests_judging_entries", contest.pk)
        comment = request.POST.get("comment", "").strip()[:2000]
        for criterion in criteria:
            value, error = _parse_points(
                request.POST.get(f"c{criterion.pk}", ""), criterion.max_points
            )
            values[criterion.pk] = request.POST.get(f"c{criterion.pk}", "")
            if error:
                errors[criterion.pk] = error
        if not errors:
            with transaction.atomic():
                for criterion in criteria:
                    value, _error = _parse_points(values[criterion.pk], criterion.max_points)
                    old = existing.get(criterion.pk)
                    if old and old.points == value and old.comment == comment:
                        continue
                    ScoreChange.objects.create(
                        entry=entry,
                        judge=request.user,
                        criterion=criterion,
                        before=old.points if old else None,
                        after=value,
                        comment_before=old.comment if old else "",
                        comment_after=comment,
                    )
                    JudgeScore.objects.update_or_create(
                        entry=entry,
                        judge=request.user,
                        criterion=criterion,
                        defaults={"points": value, "comment": comment},
                    )
            messages.success(request, f"Đã lưu điểm bài “{entry.title}”.")
            return redirect("contests_judging_entries", contest.pk)
        messages.error(request, "Điểm chưa hợp lệ; chưa lưu gì. Hãy sửa các ô được đánh dấu.")
    elif refusal and "xung đột" in refusal:
        messages.error(request, refusal)
        return redirect("contests_judging_entries", contest.pk)
    rows = [
        {
            "criterion": c,
            "value": values.get(c.pk, existing[c.pk].points if c.pk in existing else ""),
            "error": errors.get(c.pk),
        }
        for c in criteria
    ]
    comment = (
        request.POST.get("comment")
        if request.method == "POST"
        else next((s.comment for s in existing.values() if s.comment), "")
    )
    return TemplateResponse(
        request,
        "contests/admin/score_entry.html",
        {
            "contest": contest,
            "entry": entry,
            "rows": rows,
            "comment": comment,
            "locked": refusal,
            "history": ScoreChange.objects.filter(entry=entry, judge=request.user).select_related(
                "criterion"
            )[:30],
        },
        status=400 if errors else 200,
    )


def ranking(request, contest_id: int):
    contest = _contest_for(request, contest_id)
    if not can_view_ranking(request.user, contest):
        return permission_denied(request)
    rows = contest_ranking(contest)
    return TemplateResponse(
        request, "contests/admin/ranking.html", {"contest": contest, "rows": rows}
    )


EXPORT_HEADER = [
    "Hạng",
    "Bài dự thi",
    "Trung tâm",
    "Điểm giám khảo",
    "Điểm tương tác",
    "Điểm tổng",
    "Lượt xem",
    "Lượt thích",
    "Lượt chia sẻ",
    "Bình luận",
    "Ghi chú xếp hạng",
]


def _export_rows(contest):
    for row in contest_ranking(contest):
        yield [
            row.rank,
            row.entry.title,
            row.entry.centre.title,
            round(row.judge_score, 2),
            round(row.engagement_score, 2),
            round(row.final, 2),
            row.counts["views"],
            row.counts["likes"],
            row.counts["shares"],
            row.counts["comments"],
            row.tie_break,
        ]


def _safe(value):
    """Spreadsheet-safe text: a cell never starts like a formula."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value
    return value


def ranking_export(request, contest_id: int, fmt: str):
    contest = _contest_for(request, contest_id)
    if not can_view_ranking(request.user, contest):
        return permission_denied(request)
    name = f"xep-hang-{contest.slug}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(EXPORT_HEADER)
        writer.writerows([_safe(v) for v in row] for row in _export_rows(contest))
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Xếp hạng"
        sheet.append(EXPORT_HEADER)
        for row in _export_rows(contest):
            sheet.append([_safe(v) for v in row])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        return HttpResponse("Định dạng không hỗ trợ.", status=404)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def engagement_chart(snapshots, width: int = 600, height: int = 200) -> dict:
    """Points of an SVG line chart of total views over time (platforms summed at each moment)."""
    totals: dict = {}
    latest: dict = {}
    for snap in sorted(snapshots, key=lambda s: s.taken_at):
        latest[snap.platform] = snap.views
        totals[snap.taken_at] = sum(latest.values())
    if len(totals) < 2:
        return {
            "points": "",
            "max": max(totals.values(), default=0),
            "width": width,
            "height": height,
        }
    times = list(totals)
    t0, t1 = times[0].timestamp(), times[-1].timestamp()
    top = max(totals.values()) or 1
    points = " ".join(
        f"{(t.timestamp() - t0) / (t1 - t0) * width:.1f},{height - v / top * height:.1f}"
        for t, v in totals.items()
    )
    return {
        "points": points,
        "max": top,
        "width": width,
        "height": height,
        "first": times[0],
        "last": times[-1],
    }


def entry_breakdown(request, entry_id: int):
    entry = get_object_or_404(EntryPage.objects.select_related("centre"), pk=entry_id)
    contest = _contest_for(request, entry.get_parent().pk)
    if not can_view_ranking(request.user, contest):
        return permission_denied(request)
    row = next((r for r in contest_ranking(contest) if r.entry.pk == entry.pk), None)
    scores = (
        JudgeScore.objects.filter(entry=entry)
        .select_related("criterion", "judge")
        .order_by("criterion__sort_order", "judge_id")
    )
    snapshots = list(EngagementSnapshot.objects.filter(entry=entry).order_by("taken_at"))
    return TemplateResponse(
        request,
        "contests/admin/breakdown.html",
        {
            "contest": contest,
            "entry": entry,
            "row": row,
            "scores": scores,
            "criteria": contest.criteria(),
            "snapshots": snapshots[-50:],
            "chart": engagement_chart(snapshots),
        },
    )


def engagement(request, contest_id: int):
    """Organisers: every link's sync status, anomaly flags, and excluding a link with a reason."""
    from django.utils import timezone

    from .anomalies import Point, flag_anomalies
    from .models import EntryLink
    from .ranking import forget_ranking

    contest = _contest_for(request, contest_id)
    if not is_organiser(request.user):
        return permission_denied(request)
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
            messages.success(request, "Đã tính lại số liệu của liên kết này.")
        else:
            reason = request.POST.get("reason", "").strip()
            if len(reason) < 5:
                messages.error(request, "Hãy ghi lý do loại (ít nhất 5 ký tự); chưa thay đổi gì.")
            else:
                EntryLink.objects.filter(pk=link.pk).update(
                    excluded=True,
                    excluded_reason=reason[:500],
                    excluded_by=request.user,
                    excluded_at=timezone.now(),
                )
                forget_ranking(contest.pk)
                messages.success(
                    request, "Đã loại số liệu của liên kết này khỏi tính điểm (có ghi lý do)."
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
    from django.conf import settings

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
    return TemplateResponse(
        request, "contests/admin/engagement.html", {"contest": contest, "rows": rows}
    )
