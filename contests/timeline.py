"""A contest's dates as the public reads them: the status chip, the timeline's steps and whether
the entrants' centres are hidden (plain functions over a contest's dates; nothing is queried but
what the contest itself reads, its rounds, once per instance).

- public_status: the stage (ContestPage.stage) in four public words: upcoming "Sắp diễn ra",
  open "Đang nhận bài", every stage from the close of submissions until the results are out
  "Đang chấm", published "Đã có kết quả".
- timeline: the steps in date order: submissions (a window), one window per judging round (the
  contest's `round_list()`, else its own judging window), the close of the public vote (a point
  in time: the last round's engagement cut-off, when likes stop counting) and the publication of
  the results (a point, last, maybe without a date yet). Each step is "done", "current" or
  "upcoming"; the current one is the step the status chip speaks of: the submissions while they
  are open; the judging round in progress, or the next one, from the close of submissions until
  the last round ends; the publication once judging is over. Points in time are never current:
  before them the step is upcoming, after them done.
- centre_hidden: a blind contest hides each entry's centre from the close of submissions until
  its judging ends.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Stage

DONE, CURRENT, UPCOMING = "done", "current", "upcoming"

_STATUS = {
    Stage.UPCOMING: "upcoming",
    Stage.OPEN: "open",
    Stage.BEFORE_JUDGING: "judging",
    Stage.JUDGING: "judging",
    Stage.TO_PUBLISH: "judging",
    Stage.PUBLISHED: "published",
}
JUDGING_STAGES = (Stage.BEFORE_JUDGING, Stage.JUDGING, Stage.TO_PUBLISH)


@dataclass(frozen=True)
class Step:
    """One step of the timeline: a window (start, end) or a point in time (end None; start None
    when it has no date yet). `with_time`: whether the hour matters to the reader."""

    label: str
    start: datetime.datetime | None
    end: datetime.datetime | None
    state: str  # DONE, CURRENT or UPCOMING
    with_time: bool = True

    @property
    def current(self) -> bool:
        return self.state == CURRENT


def _labels() -> dict[str, str]:
    # called at render time, so in the visitor's language
    return {
        "upcoming": _("Sắp diễn ra"),
        "open": _("Đang nhận bài"),
        "judging": _("Đang chấm"),
        "published": _("Đã có kết quả"),
    }


def public_status(contest, now=None) -> tuple[str, str]:
    """(css modifier, label) of the contest's stage for the public, e.g. ("open", "Đang nhận bài")."""
    modifier = _STATUS[contest.stage(now or timezone.now())]
    return modifier, _labels()[modifier]


def centre_hidden(contest, now=None) -> bool:
    """A blind contest hides its entrants' centres while the entries wait for or are in judging."""
    return bool(contest.blind) and contest.stage(now or timezone.now()) in (
        Stage.BEFORE_JUDGING,
        Stage.JUDGING,
    )


def _judging_windows(contest) -> list[tuple[str, datetime.datetime, datetime.datetime]]:
    """(name, start, end) of each judging round; the contest's own window when it has no rounds."""
    round_list = getattr(contest, "round_list", None)
    if callable(round_list):
        return [(r.name, r.judging_start, r.judging_end) for r in round_list()]
    return [(_("Chấm thi"), contest.judging_start, contest.judging_end)]


def _vote_closes(contest) -> datetime.datetime:
    """When likes stop counting: the last round's engagement cut-off (ContestPage.likes_open),
    the contest's own without rounds."""
    round_list = getattr(contest, "round_list", None)
    last = round_list()[-1] if callable(round_list) else None
    return getattr(last, "engagement_cutoff", None) or contest.engagement_cutoff


def timeline(contest, now=None) -> list[Step]:
    """The contest's steps in date order, each with its state at `now` (see the module's doc)."""
    now = now or timezone.now()
    stage = contest.stage(now)
    judging = _judging_windows(contest)
    # the judging step the chip's "Đang chấm" speaks of: the round in progress or the next one
    judged_now = None
    if stage in (Stage.BEFORE_JUDGING, Stage.JUDGING):
        judged_now = next((i for i, (_n, _s, end) in enumerate(judging) if now < end), None)

    def window(end, current: bool) -> str:
        if stage == Stage.PUBLISHED or now >= end:
            return DONE
        return CURRENT if current else UPCOMING

    def point(at) -> str:
        return DONE if at is not None and now >= at else UPCOMING

    steps = [
        Step(
            _("Nhận bài"),
            contest.submissions_open,
            contest.submissions_close,
            window(contest.submissions_close, stage == Stage.OPEN),
        )
    ]
    steps += [
        Step(name, start, end, window(end, i == judged_now), with_time=False)
        for i, (name, start, end) in enumerate(judging)
    ]
    vote_closes = _vote_closes(contest)
    steps.append(Step(_("Chốt bình chọn"), vote_closes, None, point(vote_closes)))
    steps.sort(key=lambda step: step.start)  # stable: a tie keeps the order above
    published = contest.results_published
    if stage == Stage.PUBLISHED:
        state = DONE
    elif stage == Stage.TO_PUBLISH:
        state = CURRENT
    else:
        state = UPCOMING
    steps.append(Step(pgettext("contest timeline", "Công bố kết quả"), published, None, state))
    return steps
