"""The contests' models, by concern (import them from here: `from contests.models import ...`).

- structure: ContestIndexPage, ContestPage (timeline, weights), ContestPart, Criterion,
  ContestJudge;
- entries: EntryPage;
- judging: JudgeScore, ScoreChange, JudgeNote;
- prizes: PrizeTier, Award;
- rounds: ContestRound, RoundEntry, JudgeAssignment;
- engagement: SiteCounter, SiteLike, EngagementEvent, EventExclusion, EntryLink,
  EngagementSnapshot, ApiQuota.
"""

from .engagement import (
    ApiQuota,
    EngagementEvent,
    EngagementSnapshot,
    EntryLink,
    EventExclusion,
    SiteCounter,
    SiteLike,
)
from .entries import EntryPage
from .judging import JudgeNote, JudgeScore, ScoreChange
from .prizes import Award, PrizeTier
from .rounds import ContestRound, JudgeAssignment, RoundEntry
from .structure import (
    RESULTS_PER_PAGE,
    ContestIndexPage,
    ContestJudge,
    ContestPage,
    ContestPart,
    Criterion,
    JudgingRound,
    Normalisation,
    Stage,
)

__all__ = [
    "RESULTS_PER_PAGE",
    "ApiQuota",
    "Award",
    "ContestIndexPage",
    "ContestJudge",
    "ContestPage",
    "ContestPart",
    "ContestRound",
    "Criterion",
    "EngagementEvent",
    "EngagementSnapshot",
    "EntryLink",
    "EntryPage",
    "EventExclusion",
    "JudgeAssignment",
    "JudgeNote",
    "JudgeScore",
    "JudgingRound",
    "Normalisation",
    "PrizeTier",
    "RoundEntry",
    "ScoreChange",
    "SiteCounter",
    "SiteLike",
    "Stage",
]
