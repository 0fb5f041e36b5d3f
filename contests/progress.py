"""Judging progress that tells the truth: per judge and entry, done / started / missing /
conflict, from one grouped query over the scores (a fixed number of queries whatever the number
of judges or entries). Used by the organiser's progress matrix, the reminder to late judges and
the check before locking scores or publishing results."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from .models import ContestPage, JudgeScore, JudgingRound
from .permissions import judges_centres
from .rounds import assignments, round_entries

DONE, STARTED, MISSING, CONFLICT = "done", "started", "missing", "conflict"
NOT_ASSIGNED = "not_assigned"


@dataclass
class JudgeProgress:
    judge: object  # ContestJudge with its user
    done: int = 0
    started: int = 0
    missing: int = 0
    expected: int = 0
    missing_entries: list = field(default_factory=list)

    @property
    def late(self) -> bool:
        return self.done < self.expected


@dataclass
class Progress:
    criteria: int
    entries: list  # [(entry, [state per judge], judges done, judges expected)]
    judges: list[JudgeProgress]
    round: JudgingRound | None = None

    @property
    def expected(self) -> int:
        return sum(j.expected for j in self.judges)

    @property
    def done(self) -> int:
        return sum(j.done for j in self.judges)

    @property
    def complete(self) -> bool:
        return self.done == self.expected

    @property
    def late_judges(self) -> list[JudgeProgress]:
        return [j for j in self.judges if j.late]


def judging_progress(contest: ContestPage, rnd: JudgingRound | None = None) -> Progress:
    """Progress of one round (the current one by default): its judges, its entries, its
    criteria; with assignments, a judge is expected on their assigned entries only."""
    rnd = rnd or contest.current_round()
    judges = [
        j
        for j in contest.judges.all().select_related("user").order_by("sort_order", "pk")
        if j.judges_round(rnd.number)
    ]
    entries = list(round_entries(contest, rnd).select_related("centre").order_by("title"))
    criteria = len(contest.criteria(rnd.number))
    scored = {
        (row["entry_id"], row["judge_id"]): row["n"]
        for row in JudgeScore.objects.filter(
            entry__in=entries, criterion__part__round_number=rnd.number
        )
        .values("entry_id", "judge_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    assigned = assignments(contest, rnd)
    belongs = judges_centres((judge.user_id, judge.centre_id) for judge in judges)
    per_judge = [JudgeProgress(judge) for judge in judges]
    rows = []
    for entry in entries:
        states, done, expected = [], 0, 0
        for progress, centres in zip(per_judge, belongs, strict=True):
            judge = progress.judge
            if entry.centre_id in centres:
                states.append(CONFLICT)
                continue
            if assigned is not None and entry.pk not in assigned.get(judge.user_id, ()):
                states.append(NOT_ASSIGNED)
                continue
            expected += 1
            progress.expected += 1
            n = scored.get((entry.pk, judge.user_id), 0)
            if criteria and n >= criteria:
                states.append(DONE)
                progress.done += 1
                done += 1
            else:
                states.append(STARTED if n else MISSING)
                if n:
                    progress.started += 1
                else:
                    progress.missing += 1
                progress.missing_entries.append(entry)
        rows.append((entry, states, done, expected))
    return Progress(criteria=criteria, entries=rows, judges=per_judge, round=rnd)
