"""The contests' models, by concern (import them from here: `from contests.models import ...`).

- structure: ContestIndexPage, ContestPage (timeline, weights), ContestPart, Criterion,
  ContestJudge;
- entries: EntryPage;
- judging: JudgeScore, ScoreChange;
- prizes: PrizeTier, Award;
- engagement: SiteCounter, SiteLike, EntryLink, EngagementSnapshot, ApiQuota.
"""

from .engagement import ApiQuota, EngagementSnapshot, EntryLink, SiteCounter, SiteLike
from .entries import EntryPage
from .judging import JudgeScore, ScoreChange
from .prizes import Award, PrizeTier
from .structure import (
    RESULTS_PER_PAGE,
    ContestIndexPage,
    ContestJudge,
    ContestPage,
    ContestPart,
    Criterion,
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
    "Criterion",
    "EngagementSnapshot",
    "EntryLink",
    "EntryPage",
    "JudgeScore",
    "Normalisation",
    "PrizeTier",
    "ScoreChange",
    "SiteCounter",
    "SiteLike",
    "Stage",
]
