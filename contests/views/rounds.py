"""The organiser's round screens: who judges which entry in a round (balanced automatic
assignment that respects conflicts, or by hand), and advancing entries into the next round by
rank, by a cut or by hand, after a preview."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_denied

from ..models import RoundEntry
from ..permissions import is_organiser, judges_centres
from ..ranking import contest_ranking
from ..rounds import (
    AdvanceRefused,
    advance,
    advance_refusal,
    assignments,
    auto_assign,
    choose,
    round_entries,
    round_judges,
    set_assignments,
)
from . import contest_with_judges

MATRIX_LIMIT = 200  # entries: beyond this the by-hand matrix is not drawn (automatic only)


def _round(contest, request):
    return contest.get_round(request.GET.get("vong") or request.POST.get("vong")) or (
        contest.current_round()
    )


def assign(request, contest_id: int):
    contest = contest_with_judges(contest_id)
    if not is_organiser(request.user):
        return permission_denied(request)
    rnd = _round(contest, request)
    judges = round_judges(contest, rnd)
    here = f"{reverse('contests_assign', args=[contest.pk])}?vong={rnd.number}"
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "auto":
            try:
                per_entry = int(request.POST.get("per_entry", ""))
            except ValueError:
                per_entry = 0
            if not 1 <= per_entry <= max(len(judges), 1):
                messages.error(
                    request,
                    _("Số giám khảo mỗi bài phải từ 1 đến %(n)s; chưa thay đổi gì.")
                    % {"n": len(judges)},
                )
                return redirect(here)
            result = auto_assign(contest, rnd, per_entry)
            messages.success(request, _("Đã phân công %(n)s lượt chấm.") % {"n": result.assigned})
            if result.short:
                messages.warning(
                    request,
                    _(
                        "%(n)s bài không đủ giám khảo không xung đột lợi ích; hãy thêm giám khảo "
                        "hoặc phân công tay."
                    )
                    % {"n": len(result.short)},
                )
        elif action == "clear":
            set_assignments(contest, rnd, set())
            messages.success(request, _("Đã bỏ phân công: mọi giám khảo chấm mọi bài."))
        elif action == "save":
            entries = {
                e["pk"]: e["centre_id"]
                for e in round_entries(contest, rnd).values("pk", "centre_id")
            }
            belongs = dict(
                zip(
                    [j.user_id for j in judges],
                    judges_centres((j.user_id, j.centre_id) for j in judges),
                    strict=True,
                )
            )
            pairs, refused = set(), 0
            for name in request.POST.getlist("pair"):
                try:
                    judge_id, entry_id = (int(x) for x in name.split("-"))
                except ValueError:
                    continue
                if judge_id not in belongs or entry_id not in entries:
                    continue
                if entries[entry_id] in belongs[judge_id]:
                    refused += 1
                    continue
                pairs.add((judge_id, entry_id))
            set_assignments(contest, rnd, pairs)
            messages.success(request, _("Đã lưu %(n)s lượt phân công.") % {"n": len(pairs)})
            if refused:
                messages.warning(
                    request,
                    _("Bỏ qua %(n)s ô xung đột lợi ích (giám khảo cùng trung tâm với bài).")
                    % {"n": refused},
                )
        return redirect(here)
    entries = list(round_entries(contest, rnd).select_related("centre").order_by("title"))
    assigned = assignments(contest, rnd) or {}
    belongs = judges_centres((j.user_id, j.centre_id) for j in judges)
    loads = [len(assigned.get(j.user_id, ())) for j in judges]
    matrix = None
    if len(entries) <= MATRIX_LIMIT:
        matrix = [
            (
                entry,
                [
                    {
                        "name": f"{j.user_id}-{entry.pk}",
                        "on": entry.pk in assigned.get(j.user_id, ()),
                        "conflict": entry.centre_id in centres,
                    }
                    for j, centres in zip(judges, belongs, strict=True)
                ],
            )
            for entry in entries
        ]
    return TemplateResponse(
        request,
        "contests/admin/assign.html",
        {
            "contest": contest,
            "round": rnd,
            "rounds": contest.round_list(),
            "judges": list(zip(judges, loads, strict=True)),
            "entries": entries,
            "by_assignment": bool(assigned),
            "matrix": matrix,
            "per_entry": min(3, len(judges)) or 1,
            "panels": sorted({j.panel.strip() for j in judges if j.panel.strip()}),
        },
    )


def _choice(request, ranking):
    """(how, value, error) from the posted form."""
    how = request.POST.get("how", RoundEntry.How.RANK)
    if how == RoundEntry.How.RANK:
        try:
            value = int(request.POST.get("top", ""))
        except ValueError:
            value = 0
        if not 1 <= value <= max(len(ranking), 1):
            return how, None, _("Số bài vào vòng sau phải từ 1 đến %(n)s.") % {"n": len(ranking)}
        return how, value, None
    if how == RoundEntry.How.CUT:
        raw = (request.POST.get("cut") or "").strip().replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return how, None, _("Điểm sàn “%(raw)s” không phải là số.") % {"raw": raw}
        if not value.is_finite() or not 0 <= value <= 100:
            return how, None, _("Điểm sàn phải từ 0 đến 100.")
        return how, value, None
    if how == RoundEntry.How.HAND:
        return how, request.POST.getlist("entry"), None
    return RoundEntry.How.RANK, None, _("Cách chọn không hợp lệ.")


def advance_view(request, contest_id: int):
    contest = contest_with_judges(contest_id)
    if not is_organiser(request.user):
        return permission_denied(request)
    rnd = _round(contest, request)
    following = contest.get_round(rnd.number + 1)
    ranking = contest_ranking(contest, rnd)
    refusal = advance_refusal(contest, rnd)
    chosen, error, how, posted = None, None, RoundEntry.How.RANK, {}
    if request.method == "POST" and refusal is None:
        how, value, error = _choice(request, ranking)
        posted = {k: request.POST.get(k, "") for k in ("top", "cut")}
        if error is None:
            chosen = choose(ranking, how, value)
            if not chosen:
                error = _("Không có bài nào thoả điều kiện; chưa chuyển bài nào.")
            elif request.POST.get("confirm") == "1":
                try:
                    n = advance(contest, rnd, chosen, how, request.user)
                except AdvanceRefused as refused:
                    error = refused.message
                else:
                    messages.success(
                        request,
                        _("Đã chuyển %(n)s bài vào vòng “%(name)s”.")
                        % {"n": n, "name": following.name},
                    )
                    return redirect(
                        f"{reverse('contests_progress', args=[contest.pk])}?vong={following.number}"
                    )
        if error:
            messages.error(request, error)
    current = set(
        RoundEntry.objects.filter(contest=contest, round_number=rnd.number + 1).values_list(
            "entry_id", flat=True
        )
    )
    chosen_ids = {row.entry.pk for row in chosen} if chosen else current
    return TemplateResponse(
        request,
        "contests/admin/advance.html",
        {
            "contest": contest,
            "round": rnd,
            "following": following,
            "ranking": ranking,
            "refusal": refusal,
            "chosen": chosen,
            "chosen_ids": chosen_ids,
            "current": current,
            "how": how,
            "posted": posted,
            "How": RoundEntry.How,
        },
        status=400 if error and request.method == "POST" else 200,
    )
