"""From the database to contests.scoring and back: the ranking of one contest in a fixed number of
queries (entries, criteria, scores, engagement at the cut-off)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, FloatField, Min, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from wagtail.models import Page, WorkflowState

from hub.caching.invalidation import cached_for_content, content_changed

from . import scoring
from .models import Award, ContestPage, EngagementSnapshot, EntryPage, JudgeScore, JudgingRound
from .rounds import round_entries

METRICS = scoring.METRICS


@dataclass
class RankingRow:
    rank: int
    entry: EntryPage
    judge_score: float
    engagement_score: float
    final: float
    counts: dict
    criterion_means: dict
    tie_break: str
    missing: int


def counts_at_cutoff(
    contest: ContestPage, entry_ids: list[int], cutoff=None
) -> dict[int, dict[str, int]]:
    """For each entry: the last snapshot at or before the cut-off (the contest's, or a round's)
    of each link (or, for snapshots without a link, of each platform), summed. Excluded links do
    not count."""
    cutoff = cutoff or contest.engagement_cutoff
    snapshots = EngagementSnapshot.objects.annotate(link_key=Coalesce("link_id", Value(0)))
    latest = (
        snapshots.filter(
            entry=OuterRef("entry"),
            platform=OuterRef("platform"),
            link_key=OuterRef("link_key"),
            taken_at__lte=cutoff,
        )
        .order_by("-taken_at", "-pk")
        .values("pk")[:1]
    )
    rows = (
        snapshots.exclude(link__excluded=True)
        .filter(entry_id__in=entry_ids, taken_at__lte=cutoff, pk=Subquery(latest))
        .values("entry_id", *METRICS)
    )
    totals: dict[int, dict[str, int]] = {e: dict.fromkeys(METRICS, 0) for e in entry_ids}
    for row in rows:
        for metric in METRICS:
            totals[row["entry_id"]][metric] += row[metric]
    return totals


def submission_times(entries: dict) -> dict:
    """When each centre submitted its entry: the first time it was sent for approval (its first
    workflow state), not when the committee approved it; an entry published without approval
    (by an organiser) was submitted when first published. One query."""
    sent = dict(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(pk) for pk in entries],
        )
        .values("object_id")
        .annotate(first=Min("created_at"))
        .values_list("object_id", "first")
    )
    times = {}
    for pk, entry in entries.items():
        known = [t for t in (sent.get(str(pk)), entry.first_published_at) if t is not None]
        times[pk] = min(known) if known else entry.latest_revision_created_at
    return times


def contest_ranking(contest: ContestPage, rnd: JudgingRound | None = None) -> list[RankingRow]:
    """The ranking of one round (the current one by default: the final round once judging is
    over): its entries, its criteria, its judges' scores, engagement at its cut-off."""
    rnd = rnd or contest.current_round()
    in_round = round_entries(contest, rnd)
    entries = {e.pk: e for e in in_round.select_related("centre__merged_into")}
    criteria = [
        scoring.Criterion(c.pk, float(c.part.weight * c.weight), float(c.max_points))
        for c in contest.criteria(rnd.number)
    ]
    if not criteria:
        return []
    in_contest = JudgeScore.objects.filter(
        entry__in=in_round, criterion__part__round_number=rnd.number
    )
    scores, means = None, None
    if contest.z_scores:  # per-judge normalisation needs every score
        scores = [
            scoring.Score(e, j, c, p)
            for e, j, c, p in in_contest.annotate(p=Cast("points", FloatField())).values_list(
                "entry_id", "judge_id", "criterion_id", "p"
            )
        ]
    else:  # the database averages over judges: one row per entry and criterion
        means = {
            (row["entry_id"], row["criterion_id"]): row["mean"]
            for row in in_contest.values("entry_id", "criterion_id")
            .annotate(mean=Avg(Cast("points", FloatField())))
            .order_by()
        }
    counts = counts_at_cutoff(contest, list(entries), rnd.engagement_cutoff)
    ranked = scoring.rank(
        entries,
        criteria,
        scores,
        counts,
        metric_weights=contest.metric_weights,
        engagement_weight=float(contest.engagement_weight),
        method=contest.normalisation,
        z_score=contest.z_scores,
        submitted=submission_times(entries),
        means=means,
    )
    return [
        RankingRow(
            rank=r.rank,
            entry=entries[r.entry],
            judge_score=r.judge_score,
            engagement_score=r.engagement_score,
            final=r.final,
            counts=counts[r.entry],
            criterion_means=r.criterion_means,
            tie_break=r.tie_break,
            missing=r.missing,
        )
        for r in ranked
    ]


RANKING_CACHE_SECONDS = 300


@dataclass(frozen=True)
class PublicRow:
    """One line of the public results table: just what the page shows."""

    rank: int
    title: str
    url: str
    centre: str
    judge_score: float
    engagement_score: float
    final: float
    prize: str = ""


def public_rows(contest: ContestPage, site) -> list[PublicRow]:
    """The ranking as the results page shows it, entry links relative to `site` (the contest's),
    with each confirmed prize."""
    prizes = dict(
        Award.objects.filter(contest=contest, tier__isnull=False).values_list(
            "entry_id", "prize_name"
        )
    )
    return [
        PublicRow(
            rank=row.rank,
            title=row.entry.title,
            url=row.entry.relative_url(site),
            centre=row.entry.centre.historical_title if row.entry.centre else "",
            judge_score=row.judge_score,
            engagement_score=row.engagement_score,
            final=row.final,
            prize=prizes.get(row.entry.pk, ""),
        )
        for row in contest_ranking(contest)
    ]


def published_ranking(contest: ContestPage, site) -> list[PublicRow]:
    """The public results. Once judging has closed no score can change, so the table is kept
    in the content cache (plain rows, not pages: reading 1,000 of them back is cheap) until any
    content changes or an organiser excludes or re-includes a link (forget_ranking)."""
    if contest.judging_open():
        return public_rows(contest, site)
    return cached_for_content(
        "contests:results",
        f"{contest.pk}|{site.pk}",
        lambda: public_rows(contest, site),
        RANKING_CACHE_SECONDS,
    )


def forget_ranking(contest_id: int) -> None:
    """Engagement of a contest was excluded or re-included: its results (and the public results
    page in the page cache) are computed again."""
    content_changed()
