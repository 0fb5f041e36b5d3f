"""Admin screens for organisers and judges: the ranking, its CSV/XLSX exports and the
breakdown of one entry (scores and an engagement chart)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_denied

from hub.spreadsheets import neutralise

from ..models import EngagementSnapshot, EntryPage, JudgeNote, JudgeScore
from ..permissions import can_view_ranking, is_organiser, judges_centres
from ..ranking import contest_ranking
from ..scoring import two_places
from . import contest_with_judges


def _round(contest, request):
    """The round asked for (?vong=n), else the current one."""
    return contest.get_round(request.GET.get("vong")) or contest.current_round()


def ranking(request, contest_id: int):
    contest = contest_with_judges(contest_id)
    if not can_view_ranking(request.user, contest):
        return permission_denied(request)
    rnd = _round(contest, request)
    rows = contest_ranking(contest, rnd)
    conflicts = judge_conflicts(contest, rows) if is_organiser(request.user) else []
    return TemplateResponse(
        request,
        "contests/admin/ranking.html",
        {
            "contest": contest,
            "rows": rows,
            "conflicts": conflicts,
            "round": rnd,
            "rounds": contest.round_list(),
        },
    )


def judge_conflicts(contest, rows) -> list[dict]:
    """For the organiser: each judge who belongs to a centre with an entry (declared, or found
    from the account's centre groups); those entries' scores are refused and not expected."""
    judges = list(contest.judges.all().select_related("user", "centre"))
    belongs = judges_centres((judge.user_id, judge.centre_id) for judge in judges)
    entrants = {row.entry.centre_id: row.entry.centre for row in rows}
    found = []
    for judge, centres in zip(judges, belongs, strict=True):
        declared = {judge.centre_id} if judge.centre_id else set()
        mine = centres & set(entrants)
        if mine:
            found.append(
                {
                    "judge": judge,
                    "centres": sorted(entrants[pk].title for pk in mine),
                    "declared": bool(mine & declared),
                }
            )
    return found


def export_header() -> list[str]:
    """The exports' column titles, in the active language."""
    return [
        _("Hạng"),
        _("Bài dự thi"),
        _("Trung tâm"),
        _("Điểm giám khảo"),
        _("Điểm tương tác"),
        _("Điểm tổng"),
        _("Lượt xem"),
        _("Lượt thích"),
        _("Lượt chia sẻ"),
        _("Bình luận"),
        _("Ghi chú xếp hạng"),
    ]


def _export_rows(contest, rnd):
    for row in contest_ranking(contest, rnd):
        yield [
            row.rank,
            row.entry.title,
            row.entry.centre.title,
            two_places(row.judge_score),
            two_places(row.engagement_score),
            two_places(row.final),
            row.counts["views"],
            row.counts["likes"],
            row.counts["shares"],
            row.counts["comments"],
            row.tie_break,
        ]


def ranking_export(request, contest_id: int, fmt: str):
    contest = contest_with_judges(contest_id)
    if not can_view_ranking(request.user, contest):
        return permission_denied(request)
    rnd = _round(contest, request)
    name = f"xep-hang-{contest.slug}" + (f"-vong-{rnd.number}" if rnd.number > 1 else "")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(export_header())
        writer.writerows([neutralise(v) for v in row] for row in _export_rows(contest, rnd))
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Xếp hạng")
        sheet.append(export_header())
        for row in _export_rows(contest, rnd):
            sheet.append([neutralise(v) for v in row])
        _criteria_sheet(book, contest, rnd)
        if is_organiser(request.user):  # judges never see each other's points in a file
            _judges_sheet(book, contest, rnd)
        for ws in book.worksheets:
            _fit_columns(ws)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        return HttpResponse(_("Định dạng không hỗ trợ."), status=404)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _criteria_sheet(book, contest, rnd) -> None:
    """Each entry's mean points per criterion (over the judges who scored it; the ranking keeps
    them as fractions of the maximum)."""
    criteria = contest.criteria(rnd.number)
    sheet = book.create_sheet(_("Theo tiêu chí"))
    sheet.append(
        [_("Hạng"), _("Bài dự thi"), _("Trung tâm")]
        + [f"{c.part.name}: {c.name} (/{format(c.max_points.normalize(), 'f')})" for c in criteria]
    )
    for row in contest_ranking(contest, rnd):
        means = row.criterion_means
        sheet.append(
            [row.rank, neutralise(row.entry.title), neutralise(row.entry.centre.title)]
            + [two_places(means.get(c.pk, 0.0) * float(c.max_points)) for c in criteria]
        )


def _judges_sheet(book, contest, rnd) -> None:
    """Every judge's points per entry and criterion, with their comment (organisers only)."""
    sheet = book.create_sheet(_("Theo giám khảo"))
    sheet.append(
        [
            _("Bài dự thi"),
            _("Giám khảo"),
            _("Tiêu chí"),
            _("Điểm"),
            _("Nhận xét"),
            _("Lúc chấm"),
            _("Nhận xét chung"),
        ]
    )
    notes = {
        (n.entry_id, n.judge_id): n.text
        for n in JudgeNote.objects.filter(
            entry__in=EntryPage.objects.child_of(contest), round_number=rnd.number
        )
    }
    scores = (
        JudgeScore.objects.filter(
            entry__in=EntryPage.objects.live().child_of(contest),
            criterion__part__round_number=rnd.number,
        )
        .select_related("entry", "judge", "criterion")
        .order_by(
            "entry__title",
            "judge__username",
            "criterion__part__sort_order",
            "criterion__sort_order",
        )
    )
    for score in scores:
        sheet.append(
            [
                neutralise(score.entry.title),
                neutralise(score.judge.get_full_name() or score.judge.get_username()),
                neutralise(score.criterion.name),
                score.points,
                neutralise(score.comment),
                timezone.localtime(score.updated_at).replace(tzinfo=None),
                neutralise(notes.get((score.entry_id, score.judge_id), "")),
            ]
        )


def _fit_columns(sheet) -> None:
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))


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
    contest = contest_with_judges(entry.get_parent().pk)
    if not can_view_ranking(request.user, contest):
        return permission_denied(request)
    rnd = _round(contest, request)
    row = next((r for r in contest_ranking(contest, rnd) if r.entry.pk == entry.pk), None)
    scores = (
        JudgeScore.objects.filter(entry=entry, criterion__part__round_number=rnd.number)
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
            "criteria": contest.criteria(rnd.number),
            "round": rnd,
            "rounds": contest.round_list(),
            "snapshots": snapshots[-50:],
            "chart": engagement_chart(snapshots),
        },
    )
