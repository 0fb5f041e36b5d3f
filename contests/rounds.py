"""Rounds as services: which entries are in a round, which judges judge it, who is assigned to
what, balanced automatic assignment that respects conflicts of interest, and advancing entries
from one round into the next (by rank, by a cut, or by hand).

A round without JudgeAssignment rows is judged by every judge of the round; once it has rows,
each judge sees and scores only the entries assigned to them. Views and the ranking ask here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ContestPage, EntryPage, JudgeAssignment, JudgingRound, RoundEntry
from .permissions import judges_centres
from .permissions import scoring_refusal as window_refusal


def round_entries(contest: ContestPage, rnd: JudgingRound):
    """The live entries in this round: every entry in round 1, the advanced ones later."""
    entries = EntryPage.objects.live().child_of(contest)
    if rnd.number > 1:
        entries = entries.filter(
            pk__in=RoundEntry.objects.filter(contest=contest, round_number=rnd.number).values(
                "entry_id"
            )
        )
    return entries


def round_judges(contest: ContestPage, rnd: JudgingRound) -> list:
    """The contest's judges who judge this round (in their order)."""
    return [
        j
        for j in sorted(contest.judges.all(), key=lambda j: (j.sort_order or 0, j.pk))
        if j.judges_round(rnd.number)
    ]


def assignments(contest: ContestPage, rnd: JudgingRound) -> dict[int, set[int]] | None:
    """{judge user id: entry ids} of the round, or None when the round is not judged by
    assignment (every judge scores every entry they have no conflict with). One query."""
    found: dict[int, set[int]] = defaultdict(set)
    for judge_id, entry_id in JudgeAssignment.objects.filter(
        contest=contest, round_number=rnd.number
    ).values_list("judge_id", "entry_id"):
        found[judge_id].add(entry_id)
    return dict(found) if found else None


def assigned_entry_ids(contest: ContestPage, rnd: JudgingRound, user) -> set[int] | None:
    """The entries this judge is assigned in the round, or None when every judge scores every
    entry (no assignment in the round)."""
    rows = JudgeAssignment.objects.filter(contest=contest, round_number=rnd.number)
    if not rows.exists():
        return None
    return set(rows.filter(judge=user).values_list("entry_id", flat=True))


@dataclass
class AssignmentResult:
    assigned: int = 0
    short: list = field(default_factory=list)  # entries that got fewer judges than asked


@transaction.atomic
def auto_assign(contest: ContestPage, rnd: JudgingRound, per_entry: int) -> AssignmentResult:
    """Replace the round's assignments by a balanced one: each entry gets `per_entry` judges
    (or, when judges are in panels, one whole panel), never a judge of the entry's centre, each
    time the eligible judge (panel) with the fewest entries so far. Deterministic."""
    judges = round_judges(contest, rnd)
    belongs = judges_centres((j.user_id, j.centre_id) for j in judges)
    conflicts = {j.user_id: centres for j, centres in zip(judges, belongs, strict=True)}
    entries = list(round_entries(contest, rnd).order_by("pk").values("pk", "centre_id"))
    JudgeAssignment.objects.filter(contest=contest, round_number=rnd.number).delete()
    result = AssignmentResult()
    rows = []
    panels: dict[str, list] = defaultdict(list)
    for judge in judges:
        if judge.panel.strip():
            panels[judge.panel.strip()].append(judge)
    load: dict[object, int] = defaultdict(int)
    for entry in entries:
        if panels:
            free = [
                name
                for name, members in panels.items()
                if not any(entry["centre_id"] in conflicts[m.user_id] for m in members)
            ]
            if not free:
                result.short.append(entry["pk"])
                continue
            name = min(free, key=lambda n: (load[n], n))
            load[name] += 1
            chosen = [m.user_id for m in panels[name]]
        else:
            eligible = [j for j in judges if entry["centre_id"] not in conflicts[j.user_id]]
            eligible.sort(key=lambda j: (load[j.user_id], j.sort_order or 0, j.pk))
            chosen = [j.user_id for j in eligible[:per_entry]]
            for user_id in chosen:
                load[user_id] += 1
            if len(chosen) < per_entry:
                result.short.append(entry["pk"])
        rows += [
            JudgeAssignment(
                contest=contest, round_number=rnd.number, judge_id=user_id, entry_id=entry["pk"]
            )
            for user_id in chosen
        ]
    JudgeAssignment.objects.bulk_create(rows, batch_size=2000)
    result.assigned = len(rows)
    return result


@transaction.atomic
def set_assignments(contest: ContestPage, rnd: JudgingRound, pairs: set[tuple[int, int]]) -> int:
    """Replace the round's assignments by these (judge user id, entry id) pairs (by hand)."""
    JudgeAssignment.objects.filter(contest=contest, round_number=rnd.number).delete()
    JudgeAssignment.objects.bulk_create(
        [
            JudgeAssignment(contest=contest, round_number=rnd.number, judge_id=j, entry_id=e)
            for j, e in sorted(pairs)
        ]
    )
    return len(pairs)


class AdvanceRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def advance_refusal(contest: ContestPage, rnd: JudgingRound, now=None) -> str | None:
    """None if entries may be advanced from `rnd` into the next round now, else why not."""
    now = now or timezone.now()
    following = contest.get_round(rnd.number + 1)
    if following is None:
        return _("“%(name)s” là vòng cuối; không có vòng sau để chuyển bài.") % {"name": rnd.name}
    if now < rnd.judging_end:
        return _("Hãy khoá điểm vòng “%(name)s” trước khi chuyển bài sang vòng sau.") % {
            "name": rnd.name
        }
    if now >= following.judging_start:
        return _("Vòng “%(name)s” đã bắt đầu chấm; danh sách bài không đổi được nữa.") % {
            "name": following.name
        }
    return None


def choose(ranking, how: str, value) -> list:
    """The ranking rows that advance: the first `value` by rank (entries level with the last one
    advance too), every row with a final score of at least `value`, or (by hand) the rows whose
    entry ids are in `value`."""
    if how == RoundEntry.How.RANK:
        top = [row for row in ranking if row.rank <= int(value)]
        if top:
            last = top[-1]
            top += [
                row
                for row in ranking[len(top) :]
                if round(row.final, 9) == round(last.final, 9)
                and round(row.judge_score, 9) == round(last.judge_score, 9)
            ]
        return top
    if how == RoundEntry.How.CUT:
        return [row for row in ranking if round(row.final, 2) >= float(value)]
    chosen = {int(pk) for pk in value}
    return [row for row in ranking if row.entry.pk in chosen]


@transaction.atomic
def advance(contest: ContestPage, rnd: JudgingRound, rows, how: str, user) -> int:
    """Put exactly these ranking rows into the next round (replacing an earlier choice)."""
    if message := advance_refusal(contest, rnd):
        raise AdvanceRefused(message)
    if not rows:
        raise AdvanceRefused(_("Chưa chọn bài nào để chuyển vòng."))
    following = rnd.number + 1
    RoundEntry.objects.filter(contest=contest, round_number=following).delete()
    RoundEntry.objects.bulk_create(
        [
            RoundEntry(
                contest=contest,
                round_number=following,
                entry=row.entry,
                how=how,
                previous_rank=row.rank,
                previous_score=Decimal(repr(row.final)).quantize(Decimal("0.01")),
                added_by=user,
            )
            for row in rows
        ]
    )
    return len(rows)


def scoring_refusal(user, entry, contest: ContestPage, now=None) -> str | None:
    """None if the user may score this entry now: a judge of the current round, no conflict,
    inside the round's window (contests.permissions.scoring_refusal), the entry in the round and,
    when the round is judged by assignment, assigned to this judge."""
    if refusal := window_refusal(user, entry, contest, now):
        return refusal
    rnd = contest.current_round(now)
    if not round_entries(contest, rnd).filter(pk=entry.pk).exists():
        return _("Bài này không vào vòng “%(name)s”.") % {"name": rnd.name}
    assigned = assigned_entry_ids(contest, rnd, user)
    if assigned is not None and entry.pk not in assigned:
        return _("Bài này không được phân công cho bạn ở vòng “%(name)s”.") % {"name": rnd.name}
    return None
