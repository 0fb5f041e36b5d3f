"""The contests' models, by concern (import them from here: `from contests.models import ...`).

- structure: ContestIndexPage, ContestPage (timeline, weights), ContestPart, Criterion,
  ContestJudge;
- entries: EntryPage;
- judging: JudgeScore, ScoreChange;
- engagement: SiteCounter, SiteLike, EntryLink, EngagementSnapshot, ApiQuota.
"""

from .engagement import ApiQuota, EngagementSnapshot, EntryLink, SiteCounter, SiteLike
from .entries import EntryPage
from .judging import JudgeScore, ScoreChange
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
    "ScoreChange",
    "SiteCounter",
    "SiteLike",
    "Stage",
]
