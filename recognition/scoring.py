"""Automatic scoring of a declaration from its criteria set: plain functions, no queries beyond
the ones the caller's prefetches hold."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Criterion


@dataclass
class Result:
    score: int
    max_points: int
    grade: str  # "" when no threshold is reached or a mandatory criterion is not met
    answered: int
    total: int
    missing_evidence: list[str] = field(default_factory=list)  # criterion codes
    failed_mandatory: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.answered == self.total and not self.missing_evidence

    @property
    def percent_done(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def clamp(criterion: Criterion, points: int | None) -> int | None:
    """What an answer is worth: a check is all or nothing, points stay within 0..max."""
    if points is None:
        return None
    if criterion.kind == Criterion.Kind.CHECK:
        return criterion.points if points else 0
    return max(0, min(int(points), criterion.points))


def score(criteria: list[Criterion], answers: dict, evidence_counts: dict, grades) -> Result:
    """`answers`: {criterion id: points or None}; `evidence_counts`: {criterion id: n};
    `grades`: the set's Grade rows in any order."""
    total = 0
    answered = 0
    missing, failed = [], []
    for criterion in criteria:
        points = answers.get(criterion.pk)
        if points is None:
            if criterion.mandatory:
                failed.append(criterion.code)
            continue
        answered += 1
        total += points
        if points and criterion.evidence_required and not evidence_counts.get(criterion.pk):
            missing.append(criterion.code)
        if criterion.mandatory and not points:
            failed.append(criterion.code)
    grade = ""
    if not failed:
        for row in sorted(grades, key=lambda g: g.min_points):
            if total >= row.min_points:
                grade = row.name
    return Result(
        score=total,
        max_points=sum(c.points for c in criteria),
        grade=grade,
        answered=answered,
        total=len(criteria),
        missing_evidence=missing,
        failed_mandatory=failed,
    )


def grade_label(result: Result) -> str:
    return result.grade or _("Chưa đạt")
