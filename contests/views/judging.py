"""Admin screens for judges: the contests they judge, the entries to score, the scoring form."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_denied

from ..models import ContestJudge, ContestPage, EntryPage, JudgeNote, JudgeScore, ScoreChange
from ..permissions import (
    blind_for,
    can_view_ranking,
    entry_code,
    is_organiser,
    judge_row,
    judges_own_centre,
)
from ..progress import judging_progress
from ..rounds import assigned_entry_ids, round_entries, scoring_refusal
from . import contest_with_judges


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


def judging_entries(request, contest_id: int):
    contest = contest_with_judges(contest_id)
    judge = judge_row(contest, request.user)
    if judge is None and not is_organiser(request.user):
        return permission_denied(request)
    rnd = contest.current_round()
    in_round = round_entries(contest, rnd)
    if judge is not None:  # a judge sees only the entries assigned to them (if assigned)
        assigned = assigned_entry_ids(contest, rnd, request.user)
        if assigned is not None:
            in_round = in_round.filter(pk__in=assigned)
        if not judge.judges_round(rnd.number):
            in_round = in_round.none()
    entries = list(in_round.select_related("centre").order_by("title"))
    if judge is None:  # the organiser: every judge's progress, not their own (empty) count
        report = judging_progress(contest, rnd)
        rows = [
            {"entry": e, "judges_done": done, "judges_expected": expected}
            for e, _states, done, expected in report.entries
        ]
        return TemplateResponse(
            request,
            "contests/admin/judging_entries.html",
            {
                "contest": contest,
                "rows": rows,
                "organiser": True,
                "can_rank": True,
                "open": rnd.judging_open(),
                "round": rnd,
                "rounds": contest.round_list(),
            },
        )
    total = len(contest.criteria(rnd.number))
    done = {}
    if judge:
        for entry_id in JudgeScore.objects.filter(
            judge=request.user, entry__in=entries, criterion__part__round_number=rnd.number
        ).values_list("entry_id", flat=True):
            done[entry_id] = done.get(entry_id, 0) + 1
    blind = blind_for(request.user, contest)
    rows = [
        {
            "entry": e,
            "code": entry_code(e) if blind else "",
            "scored": done.get(e.pk, 0),
            "conflict": judges_own_centre(judge, e),
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
            "open": rnd.judging_open(),
            "round": rnd,
            "rounds": contest.round_list(),
            "judges_round": judge.judges_round(rnd.number),
            "blind": blind,
        },
    )


def _parse_points(raw: str, maximum: Decimal) -> tuple[Decimal | None, str | None]:
    raw = (raw or "").strip().replace(",", ".")
    if raw == "":
        return None, _("Hãy nhập điểm.")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None, _("“%(raw)s” không phải là số.") % {"raw": raw}
    if not value.is_finite() or value < 0 or value > maximum:
        return None, _("Điểm phải từ 0 đến %(maximum)s.") % {
            "maximum": format(maximum.normalize(), "f")
        }
    if value.as_tuple().exponent < -2:
        return None, _("Điểm chỉ lấy tối đa 2 chữ số thập phân.")
    return value, None


def _read_points(criteria, values: dict, allow_empty: bool = False) -> tuple[dict, dict]:
    """Points per criterion from the typed values, and the error of each bad one (a draft may
    leave boxes empty: they are skipped, not errors)."""
    points, errors = {}, {}
    for criterion in criteria:
        if allow_empty and not (values[criterion.pk] or "").strip():
            continue
        value, error = _parse_points(values[criterion.pk], criterion.max_points)
        if error:
            errors[criterion.pk] = error
        else:
            points[criterion] = value
    return points, errors


@transaction.atomic
def save_scores(
    entry, judge, points: dict, existing: dict, comments: dict, note: str, round_number: int = 1
) -> None:
    """Store a judge's points (with each criterion's comment) and general comment for an entry,
    logging every change (unchanged ones are skipped)."""
    JudgeNote.objects.update_or_create(
        entry=entry, judge=judge, round_number=round_number, defaults={"text": note}
    )
    for criterion, value in points.items():
        old = existing.get(criterion.pk)
        comment = comments.get(criterion.pk, "")
        if old and old.points == value and old.comment == comment:
            continue
        ScoreChange.objects.create(
            entry=entry,
            judge=judge,
            criterion=criterion,
            before=old.points if old else None,
            after=value,
            comment_before=old.comment if old else "",
            comment_after=comment,
        )
        JudgeScore.objects.update_or_create(
            entry=entry,
            judge=judge,
            criterion=criterion,
            defaults={"points": value, "comment": comment},
        )


def others_scores(contest, entry, user, criteria) -> list[dict] | None:
    """Other judges' points on this entry, for a judge who has submitted every criterion of it,
    when the organiser allows it; None otherwise (never before submitting one's own)."""
    if not contest.judges_see_others or not criteria:
        return None
    mine = JudgeScore.objects.filter(entry=entry, judge=user, criterion__in=criteria).count()
    if mine < len(criteria):
        return None
    by_judge: dict[int, dict] = {}
    names = {}
    for score in (
        JudgeScore.objects.filter(entry=entry, criterion__in=criteria)
        .exclude(judge=user)
        .select_related("judge")
    ):
        by_judge.setdefault(score.judge_id, {})[score.criterion_id] = score.points
        names[score.judge_id] = score.judge.get_full_name() or score.judge.get_username()
    return [
        {"name": names[judge_id], "points": [points.get(c.pk) for c in criteria]}
        for judge_id, points in sorted(by_judge.items(), key=lambda kv: names[kv[0]])
    ]


def score_entry(request, entry_id: int):
    entry = get_object_or_404(EntryPage.objects.select_related("centre", "video"), pk=entry_id)
    contest = ContestPage.objects.prefetch_related("judges", "rounds").get(pk=entry.get_parent().pk)
    judge = judge_row(contest, request.user)
    if judge is None:
        return permission_denied(request)
    refusal = scoring_refusal(request.user, entry, contest)
    rnd = contest.current_round()
    if not round_entries(contest, rnd).filter(pk=entry.pk).exists() or (
        (assigned := assigned_entry_ids(contest, rnd, request.user)) is not None
        and entry.pk not in assigned
    ):  # not in this round, or not this judge's: as if it did not exist
        return permission_denied(request)
    criteria = contest.criteria(rnd.number)
    existing = {
        s.criterion_id: s
        for s in JudgeScore.objects.filter(
            entry=entry, judge=request.user, criterion__part__round_number=rnd.number
        )
    }
    errors, values = {}, {}
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect("contests_judging_entries", contest.pk)
        note = request.POST.get("comment", "").strip()[:2000]
        comments = {c.pk: request.POST.get(f"n{c.pk}", "").strip()[:1000] for c in criteria}
        values = {c.pk: request.POST.get(f"c{c.pk}", "") for c in criteria}
        draft = request.POST.get("action") == "draft"
        points, errors = _read_points(criteria, values, allow_empty=draft)
        if not draft and not errors and request.POST.get("checked") != "1":
            errors = {}
            messages.error(
                request,
                _("Hãy đánh dấu “Tôi đã xem lại điểm” trước khi nộp; chưa lưu gì."),
            )
        elif not errors:
            save_scores(entry, request.user, points, existing, comments, note, rnd.number)
            if draft:
                messages.success(
                    request,
                    _("Đã lưu nháp %(n)s/%(total)s tiêu chí; bài này chưa tính là chấm xong.")
                    % {
                        "n": JudgeScore.objects.filter(
                            entry=entry, judge=request.user, criterion__in=criteria
                        ).count(),
                        "total": len(criteria),
                    },
                )
                return redirect("contests_score_entry", entry.pk)
            messages.success(request, _("Đã lưu điểm bài “%(title)s”.") % {"title": entry.title})
            return redirect("contests_judging_entries", contest.pk)
        else:
            messages.error(
                request, _("Điểm chưa hợp lệ; chưa lưu gì. Hãy sửa các ô được đánh dấu.")
            )
    elif judges_own_centre(judge, entry):  # never shown the form, not even read-only
        messages.error(request, refusal)
        return redirect("contests_judging_entries", contest.pk)
    posted = request.method == "POST"
    rows = [
        {
            "criterion": c,
            "value": values.get(c.pk, existing[c.pk].points if c.pk in existing else ""),
            "comment": request.POST.get(f"n{c.pk}", "")
            if posted
            else (existing[c.pk].comment if c.pk in existing else ""),
            "error": errors.get(c.pk),
        }
        for c in criteria
    ]
    comment = (
        request.POST.get("comment")
        if posted
        else JudgeNote.objects.filter(entry=entry, judge=request.user, round_number=rnd.number)
        .values_list("text", flat=True)
        .first()
        or ""
    )
    blind = blind_for(request.user, contest)
    return TemplateResponse(
        request,
        "contests/admin/score_entry.html",
        {
            "contest": contest,
            "entry": entry,
            "blind": blind,
            "code": entry_code(entry) if blind else "",
            "others": others_scores(contest, entry, request.user, criteria),
            "rows": rows,
            "comment": comment,
            "locked": refusal,
            "history": ScoreChange.objects.filter(entry=entry, judge=request.user).select_related(
                "criterion"
            )[:30],
        },
        status=400 if errors else 200,
    )
