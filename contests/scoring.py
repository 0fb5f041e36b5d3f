"""Contest scoring as plain functions (no database): judge score, engagement score, ranking.

    J = sum_c w_c * mean_judges(points / max_points) * 100        (weights normalised to sum 1;
                                                                   optionally per-judge z-scores)
    E = sum_m w_m * normalised(count_m) * 100                      (log, linear or rank)
    final = (1 - w_e) * J + w_e * E
Ties: higher J, then earlier submission, then lower entry id (stable).
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

METRICS = ("views", "likes", "shares", "comments")


@dataclass(frozen=True)
class Criterion:
    id: int
    weight: float  # effective weight (part weight x criterion weight); normalised here
    max_points: float


@dataclass(frozen=True)
class Score:
    entry: int
    judge: int
    criterion: int
    points: float


@dataclass
class Ranked:
    entry: int
    judge_score: float
    engagement_score: float
    final: float
    rank: int = 0
    criterion_means: dict[int, float] = field(default_factory=dict)
    tie_break: str = ""
    missing: int = 0


class ScoringError(ValueError):
    pass


def normalise_weights(weights: Mapping) -> dict:
    if any(w < 0 for w in weights.values()):
        raise ScoringError("Trọng số không được âm.")
    total = sum(weights.values())
    if total <= 0:
        raise ScoringError("Tổng trọng số phải lớn hơn 0.")
    return {key: w / total for key, w in weights.items()}


def _z_scores(scores: list[Score], criteria: dict[int, Criterion]) -> dict[tuple, float]:
    """Each judge's fractions turned into z-scores, then mapped back to 0..1 around the global mean.

    A harsh judge and a generous judge then contribute the same spread; entries keep their order
    within each judge. With fewer than two scores, or no spread, a judge's raw fractions are used.
    """
    by_judge: dict[int, list[Score]] = defaultdict(list)
    for s in scores:
        by_judge[s.judge].append(s)
    fractions = [s.points / criteria[s.criterion].max_points for s in scores]
    global_mean = statistics.fmean(fractions) if fractions else 0.0
    global_sd = statistics.pstdev(fractions) if len(fractions) > 1 else 0.0
    adjusted = {}
    for judge_scores in by_judge.values():
        values = [s.points / criteria[s.criterion].max_points for s in judge_scores]
        mean = statistics.fmean(values)
        sd = statistics.pstdev(values) if len(values) > 1 else 0.0
        for s, v in zip(judge_scores, values, strict=True):
            if sd > 0 and global_sd > 0:
                v = min(1.0, max(0.0, global_mean + (v - mean) / sd * global_sd))
            adjusted[(s.entry, s.judge, s.criterion)] = v
    return adjusted


def judge_scores(
    entries: Iterable[int], criteria: list[Criterion], scores: list[Score], z_score: bool = False
) -> dict[int, tuple[float, dict[int, float], int]]:
    """Per entry: (J in 0..100, mean fraction per criterion, number of missing criteria).

    A criterion nobody scored for an entry counts as 0 and is reported as missing.
    """
    by_id = {c.id: c for c in criteria}
    weights = normalise_weights({c.id: c.weight for c in criteria})
    for s in scores:
        if s.criterion not in by_id:
            raise ScoringError(f"Điểm cho tiêu chí không thuộc hội thi: {s.criterion}")
        if not 0 <= s.points <= by_id[s.criterion].max_points:
            raise ScoringError(f"Điểm {s.points} ngoài khoảng 0–{by_id[s.criterion].max_points}.")
    fractions = (
        _z_scores(scores, by_id)
        if z_score
        else {
            (s.entry, s.judge, s.criterion): s.points / by_id[s.criterion].max_points
            for s in scores
        }
    )
    collected: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for (entry, _judge, criterion), value in fractions.items():
        collected[entry][criterion].append(value)
    result = {}
    for entry in entries:
        means = {
            c.id: statistics.fmean(collected[entry][c.id]) if collected[entry][c.id] else 0.0
            for c in criteria
        }
        missing = sum(1 for c in criteria if not collected[entry][c.id])
        result[entry] = (sum(weights[c] * means[c] for c in means) * 100, means, missing)
    return result


def judge_scores_from_means(
    entries: Iterable[int], criteria: list[Criterion], means: Mapping[tuple[int, int], float]
) -> dict[int, tuple[float, dict[int, float], int]]:
    """Like judge_scores, from mean points per (entry, criterion) already averaged over judges
    (the database does that for large contests when no z-scores are asked for)."""
    weights = normalise_weights({c.id: c.weight for c in criteria})
    result = {}
    for entry in entries:
        fractions = {
            c.id: means[(entry, c.id)] / c.max_points if (entry, c.id) in means else 0.0
            for c in criteria
        }
        missing = sum(1 for c in criteria if (entry, c.id) not in means)
        result[entry] = (
            sum(weights[c] * fractions[c] for c in fractions) * 100,
            fractions,
            missing,
        )
    return result


def normalise(values: Mapping[int, float], method: str = "log") -> dict[int, float]:
    """Counts to 0..1: log(1+x)/log(1+max) (default), x/max, or by rank (best 1, worst 0)."""
    if not values:
        return {}
    if any(v < 0 for v in values.values()):
        raise ScoringError("Số liệu tương tác không được âm.")
    top = max(values.values())
    if method == "log":
        return {k: (math.log1p(v) / math.log1p(top) if top > 0 else 0.0) for k, v in values.items()}
    if method == "linear":
        return {k: (v / top if top > 0 else 0.0) for k, v in values.items()}
    if method == "rank":
        if top == 0:
            return dict.fromkeys(values, 0.0)
        distinct = sorted(set(values.values()))
        if len(distinct) == 1:
            return dict.fromkeys(values, 1.0)
        position = {v: i / (len(distinct) - 1) for i, v in enumerate(distinct)}
        return {k: position[v] for k, v in values.items()}
    raise ScoringError(f"Cách chuẩn hoá không hợp lệ: {method}")


def engagement_scores(
    entries: Iterable[int],
    counts: Mapping[int, Mapping[str, float]],
    metric_weights: Mapping[str, float],
    method: str = "log",
) -> dict[int, float]:
    """E in 0..100 per entry from counts at the cut-off (summed over platforms by the caller)."""
    entries = list(entries)
    weights = normalise_weights(metric_weights) if any(metric_weights.values()) else {}
    result = dict.fromkeys(entries, 0.0)
    for metric, weight in weights.items():
        normalised = normalise(
            {e: float(counts.get(e, {}).get(metric, 0)) for e in entries}, method
        )
        for entry in entries:
            result[entry] += weight * normalised[entry] * 100
    return result


def rank(
    entries: Iterable[int],
    criteria: list[Criterion],
    scores: list[Score] | None,
    counts: Mapping[int, Mapping[str, float]],
    *,
    metric_weights: Mapping[str, float],
    engagement_weight: float,
    method: str = "log",
    z_score: bool = False,
    submitted: Mapping[int, object] | None = None,
    means: Mapping[tuple[int, int], float] | None = None,
) -> list[Ranked]:
    """The full ranking, best first. Give raw `scores`, or (without z-scores) mean points per
    (entry, criterion) in `means`; ranks are shared only by exact ties after tie-breaks."""
    if not 0 <= engagement_weight <= 1:
        raise ScoringError("Trọng số phần tương tác phải trong khoảng 0–1.")
    entries = list(entries)
    if means is not None and not z_score:
        judged = judge_scores_from_means(entries, criteria, means)
    else:
        judged = judge_scores(entries, criteria, scores or [], z_score=z_score)
    engaged = (
        engagement_scores(entries, counts, metric_weights, method)
        if engagement_weight
        else dict.fromkeys(entries, 0.0)
    )
    submitted = submitted or {}
    rows = [
        Ranked(
            entry=e,
            judge_score=judged[e][0],
            engagement_score=engaged[e],
            final=(1 - engagement_weight) * judged[e][0] + engagement_weight * engaged[e],
            criterion_means=judged[e][1],
            missing=judged[e][2],
        )
        for e in entries
    ]

    def when(entry: int) -> float:
        value = submitted.get(entry)
        return value.timestamp() if hasattr(value, "timestamp") else float(value or 0)

    def key(row: Ranked):
        return (
            -round(row.final, 9),
            -round(row.judge_score, 9),
            when(row.entry),
            row.entry,
        )

    rows.sort(key=key)
    for i, row in enumerate(rows):
        row.rank = i + 1
        if i and round(row.final, 9) == round(rows[i - 1].final, 9):
            previous = rows[i - 1]
            if round(previous.judge_score, 9) != round(row.judge_score, 9):
                row.tie_break = _("Bằng điểm tổng; xếp sau vì điểm giám khảo thấp hơn.")
            elif when(previous.entry) != when(row.entry):
                row.tie_break = _("Bằng điểm tổng và điểm giám khảo; xếp sau vì nộp bài muộn hơn.")
            else:
                row.tie_break = _("Bằng điểm hoàn toàn; xếp theo thứ tự nộp trong hệ thống.")
    return rows


def two_places(value: float) -> Decimal:
    """A score as every screen and file shows it: two decimals, halves rounded up, from the
    number's shortest decimal form (what the templates' `floatformat:2` does), so 52.675 is
    52.68 on screen, in the CSV and in the XLSX alike (Python's round() gives 52.67)."""
    return Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
