"""Judges' feedback released to the entrant centres: after the results are public, in contests
whose organiser allows it, each centre's staff read the comments on their own entries (per
criterion and general, every round), with the judges named only "Giám khảo 1, 2 …"."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from hub.federation import staff_centres

from .models import ContestPage, EntryPage, JudgeNote, JudgeScore


@dataclass
class JudgeFeedback:
    label: str
    rounds: dict = field(default_factory=dict)  # round number -> {"criteria": [...], "note": str}


@dataclass
class EntryFeedback:
    entry: EntryPage
    contest: ContestPage
    judges: list[JudgeFeedback]


def released_entries(user):
    """Entries whose feedback this user may read: their centres' entries (every entry for hub
    staff) in contests with results published and feedback allowed."""
    contests = list(
        ContestPage.objects.live().filter(
            feedback_to_entrants=True, results_published__lte=timezone.now()
        )
    )
    condition = Q(pk__in=[])
    for contest in contests:
        condition |= Q(path__startswith=contest.path, depth=contest.depth + 1)
    entries = EntryPage.objects.live().filter(condition)
    centres = staff_centres(user)
    if centres is not None:
        entries = entries.filter(centre__in=centres)
    return entries


def feedback_for(entries) -> list[EntryFeedback]:
    """Comments on these entries, grouped per entry and anonymised judge (three queries)."""
    entries = list(entries.select_related("centre"))
    scores = (
        JudgeScore.objects.filter(entry__in=entries)
        .exclude(comment="")
        .select_related("criterion", "criterion__part")
        .order_by(
            "criterion__part__round_number", "criterion__part__sort_order", "criterion__sort_order"
        )
    )
    notes = JudgeNote.objects.filter(entry__in=entries).exclude(text="")
    collected: dict[int, dict[int, dict]] = defaultdict(lambda: defaultdict(dict))
    for score in scores:
        slot = collected[score.entry_id][score.judge_id].setdefault(
            score.criterion.part.round_number, {"criteria": [], "note": ""}
        )
        slot["criteria"].append((score.criterion.name, score.comment))
    for note in notes:
        slot = collected[note.entry_id][note.judge_id].setdefault(
            note.round_number, {"criteria": [], "note": ""}
        )
        slot["note"] = note.text
    steplen = ContestPage.steplen
    parents = {e.path[:-steplen] for e in entries}
    contests = {c.path: c for c in ContestPage.objects.filter(path__in=parents)} if entries else {}
    result = []
    for entry in entries:
        judges = [
            JudgeFeedback(label=str(i + 1), rounds=dict(sorted(rounds.items())))
            for i, (_judge, rounds) in enumerate(sorted(collected[entry.pk].items()))
        ]
        parent = contests.get(entry.path[: -ContestPage.steplen])
        result.append(EntryFeedback(entry=entry, contest=parent, judges=judges))
    return result
