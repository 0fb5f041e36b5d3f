"""Contests on the admin dashboard: a judge's contests with their scoring progress, and for
organisers every contest by stage with entries, judges and how much of the scoring is done.

Wagtail dashboard components added by `construct_homepage_panels` (contests/wagtail_hooks.py).
Each panel runs a fixed number of queries whatever the number of contests, entries and judges.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .models import (
    ContestJudge,
    ContestPage,
    Criterion,
    EntryPage,
    JudgeAssignment,
    JudgeScore,
    RoundEntry,
    Stage,
)
from .permissions import is_organiser, judges_centres


def _criteria_counts(contests) -> dict[int, int]:
    """Criteria of each contest's current round, one query."""
    rows = (
        Criterion.objects.filter(part__contest__in=[c.pk for c in contests])
        .values("part__contest", "part__round_number")
        .annotate(n=Count("pk"))
    )
    by_round = {(row["part__contest"], row["part__round_number"]): row["n"] for row in rows}
    return {c.pk: by_round.get((c.pk, c.current_round().number), 0) for c in contests}


def _later_round_entries(contests) -> dict[int, set[int]]:
    """For contests in a later round: the ids of the entries advanced into it, one query."""
    later = {c.pk: c.current_round().number for c in contests if c.current_round().number > 1}
    if not later:
        return {}
    found: dict[int, set[int]] = {pk: set() for pk in later}
    for contest_id, number, entry_id in RoundEntry.objects.filter(
        contest__in=list(later)
    ).values_list("contest_id", "round_number", "entry_id"):
        if later[contest_id] == number:
            found[contest_id].add(entry_id)
    return found


def _in_current_round(contests, entries) -> dict[int, list[dict]]:
    advanced = _later_round_entries(contests)
    return {
        c.pk: [
            e for e in entries.get(c.pk, []) if c.pk not in advanced or e["pk"] in advanced[c.pk]
        ]
        for c in contests
    }


def _entries_by_contest(contests) -> dict[int, list[dict]]:
    """The live entries of each contest (pk and centre), one query."""
    if not contests:
        return {}
    condition = Q(pk__in=[])
    for contest in contests:
        condition |= Q(path__startswith=contest.path, depth=contest.depth + 1)
    by_path = {contest.path: contest.pk for contest in contests}
    steplen = ContestPage.steplen
    entries = defaultdict(list)
    for row in EntryPage.objects.live().filter(condition).values("pk", "path", "centre_id"):
        entries[by_path[row["path"][:-steplen]]].append(row)
    return entries


def judge_progress(user, now=None) -> list[dict]:
    """The contests this user judges: stage, entries to score (not their own centre's), how many
    they finished (every criterion scored) and how many they started."""
    now = now or timezone.now()
    judges = list(
        ContestJudge.objects.filter(user=user)
        .select_related("contest")
        .prefetch_related("contest__rounds")
        .order_by("-contest__judging_start", "contest__title")
    )
    contests = [judge.contest for judge in judges]
    rounds = {c.pk: c.current_round(now).number for c in contests}
    criteria = _criteria_counts(contests)
    entries = _in_current_round(contests, _entries_by_contest(contests))
    scored = Counter()
    for row in (
        JudgeScore.objects.filter(
            judge=user, entry__in=[e["pk"] for rows in entries.values() for e in rows]
        )
        .values("entry", "entry__path", "criterion__part__round_number")
        .annotate(n=Count("pk"))
    ):
        scored[(row["entry"], row["criterion__part__round_number"])] += row["n"]
    assigned: dict[tuple, set] = defaultdict(set)  # (contest, round) -> this judge's entries
    for contest_id, number, judge_id, entry_id in JudgeAssignment.objects.filter(
        contest__in=contests
    ).values_list("contest_id", "round_number", "judge_id", "entry_id"):
        mine = assigned[(contest_id, number)]  # present once the round has any assignment
        if judge_id == user.pk:
            mine.add(entry_id)
    belongs = judges_centres((user.pk, judge.centre_id) for judge in judges)
    rows = []
    for judge, conflicts in zip(judges, belongs, strict=True):
        contest = judge.contest
        number = rounds[contest.pk]
        mine = [e for e in entries.get(contest.pk, []) if e["centre_id"] not in conflicts]
        if not judge.judges_round(number):
            mine = []
        if (contest.pk, number) in assigned:
            mine = [e for e in mine if e["pk"] in assigned[(contest.pk, number)]]
        total_criteria = criteria.get(contest.pk, 0)
        done = sum(
            1 for e in mine if total_criteria and scored[(e["pk"], number)] >= total_criteria
        )
        started = sum(1 for e in mine if 0 < scored[(e["pk"], number)] < total_criteria)
        stage = contest.stage(now)
        rows.append(
            {
                "contest": contest,
                "stage": stage,
                "ahead": stage in (Stage.UPCOMING, Stage.OPEN, Stage.BEFORE_JUDGING),
                "to_do": stage == Stage.JUDGING and done < len(mine),
                "to_score": len(mine),
                "done": done,
                "started": started,
                "missing": len(mine) - done - started,
                "percent": round(100 * done / len(mine)) if mine else 0,
            }
        )
    return rows


def contests_by_stage(now=None) -> list[dict]:
    """Every contest, in timeline order of its stage: entries, judges, scoring done (%)."""
    now = now or timezone.now()
    contests = list(
        ContestPage.objects.prefetch_related("rounds").order_by("-submissions_open", "title")
    )
    criteria = _criteria_counts(contests)
    all_entries = _entries_by_contest(contests)
    entries = _in_current_round(contests, all_entries)
    judges = defaultdict(list)
    judge_rows = list(
        ContestJudge.objects.filter(contest__in=contests).values(
            "contest_id", "centre_id", "user_id", "round_number"
        )
    )
    belongs = judges_centres((row["user_id"], row["centre_id"]) for row in judge_rows)
    rounds = {c.pk: c.current_round(now).number for c in contests}
    for row, centres in zip(judge_rows, belongs, strict=True):
        if row["round_number"] in (None, rounds[row["contest_id"]]):
            judges[row["contest_id"]].append(centres)
    scores = {
        (row["criterion__part__contest"], row["criterion__part__round_number"]): row["n"]
        for row in JudgeScore.objects.filter(
            entry__live=True, criterion__part__contest__in=contests
        )
        .values("criterion__part__contest", "criterion__part__round_number")
        .annotate(n=Count("pk"))
    }
    assigned = {
        (row["contest_id"], row["round_number"]): row["n"]
        for row in JudgeAssignment.objects.filter(contest__in=contests)
        .values("contest_id", "round_number")
        .annotate(n=Count("pk"))
    }
    order = {stage: i for i, stage in enumerate(Stage)}
    rows = []
    for contest in contests:
        contest_entries = entries.get(contest.pk, [])
        key = (contest.pk, rounds[contest.pk])
        pairs = assigned.get(key) or sum(
            sum(1 for e in contest_entries if e["centre_id"] not in centres)
            for centres in judges[contest.pk]
        )
        expected = criteria.get(contest.pk, 0) * pairs
        done = min(scores.get(key, 0), expected)
        rows.append(
            {
                "contest": contest,
                "stage": contest.stage(now),
                "entries": len(all_entries.get(contest.pk, [])),
                "centres": len({e["centre_id"] for e in all_entries.get(contest.pk, [])}),
                "judges": len(judges[contest.pk]),
                "percent": round(100 * done / expected) if expected else 0,
            }
        )
    rows.sort(key=lambda row: order[row["stage"]])
    return rows


class _ContestsPanel(Component):
    """A dashboard panel over rows computed beforehand (the template gets them and `Stage`)."""

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {**super().get_context_data(parent_context), "rows": self.rows, "Stage": Stage}


class JudgingPanel(_ContestsPanel):
    name = "contests_judging"
    template_name = "contests/admin/dashboard_judging.html"
    order = 110


class ContestStagesPanel(_ContestsPanel):
    name = "contests_by_stage"
    template_name = "contests/admin/dashboard_stages.html"
    order = 120


def contest_panels(user) -> list[Component]:
    """Judges: the contests they judge; organisers: every contest by stage; others: nothing."""
    panels: list[Component] = []
    if rows := judge_progress(user):
        panels.append(JudgingPanel(rows))
    if is_organiser(user):
        panels.append(ContestStagesPanel(contests_by_stage()))
    return panels
