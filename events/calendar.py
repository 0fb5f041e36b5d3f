"""Calendar arithmetic for the events' listings, with no database and no HTTP.

- A *meeting* is one (start, end) of an event: a single event has one, a weekly class one per
  day it meets (`EventPage.occurrences`). `expand(events, start, end)` lists the meetings that
  overlap [start, end), ordered by start then title.
- The list view groups meetings by local day (`by_day`); a meeting that began before the range
  (a week-long event under way) is shown on the range's first day.
- The month view is a Monday-first grid of weeks (`month_grid`); a meeting that spans several
  days is shown on each of them inside the month.
- `parse_month("2026-10", today)` reads ?thang=; anything else falls back to today's month.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100  # a month outside these is a typing slip


@dataclass(frozen=True)
class Meeting:
    """One meeting of an event, in local time."""

    event: object
    starts: datetime.datetime
    ends: datetime.datetime

    @property
    def day(self) -> datetime.date:
        return self.starts.date()

    @property
    def last_day(self) -> datetime.date:
        """The local day of the meeting's last moment (an end at midnight ends the day before)."""
        return (self.ends - datetime.timedelta(microseconds=1)).date()

    @property
    def multi_day(self) -> bool:
        return self.last_day > self.day


@dataclass
class Day:
    """A cell of the month grid."""

    date: datetime.date
    in_month: bool
    is_today: bool
    meetings: list[Meeting] = field(default_factory=list)


def parse_month(value: str | None, today: datetime.date) -> tuple[datetime.date, bool]:
    """(first day of the month asked for, True), or (first day of today's month, False) when
    `value` is not a month "YYYY-MM" (an empty value is not an error: (today's month, True))."""
    fallback = today.replace(day=1)
    if not value:
        return fallback, True
    found = MONTH_PATTERN.match(value.strip())
    if not found:
        return fallback, False
    year, month = int(found[1]), int(found[2])
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        return fallback, False
    return datetime.date(year, month, 1), True


def add_months(first: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or before) the month of `first`."""
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def local_midnight(day: datetime.date, tz=None) -> datetime.datetime:
    """The aware start of a local day (the project's time zone unless `tz` is given)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()), tz)


def month_bounds(first: datetime.date, tz=None) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the month beginning on `first`, as aware local datetimes."""
    return local_midnight(first, tz), local_midnight(add_months(first, 1), tz)


def expand(
    events: Iterable, start: datetime.datetime, end: datetime.datetime, tz=None
) -> list[Meeting]:
    """Every meeting of `events` that overlaps [start, end), in local time, ordered by start
    then title (each event needs `occurrences(start, end)` and `title`)."""
    found = [
        Meeting(event, timezone.localtime(s, tz), timezone.localtime(e, tz))
        for event in events
        for s, e in event.occurrences(start, end)
    ]
    found.sort(key=lambda m: (m.starts, m.event.title))
    return found


def by_day(meetings: Iterable[Meeting], first_day: datetime.date) -> list[tuple]:
    """[(day, [meeting, ...])] in date order; a meeting is listed on its start day, or on
    `first_day` if it began before (it is still going on)."""
    days: dict[datetime.date, list[Meeting]] = {}
    for meeting in meetings:
        days.setdefault(max(meeting.day, first_day), []).append(meeting)
    return sorted(days.items(), key=lambda pair: pair[0])


def month_grid(
    first: datetime.date, meetings: Iterable[Meeting], today: datetime.date
) -> list[list[Day]]:
    """The month of `first` as weeks of seven Days (Monday first, with the neighbouring
    months' days to fill the first and last week); each meeting is on every day it covers."""
    weeks = [
        [Day(date=d, in_month=d.month == first.month, is_today=d == today) for d in week]
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(
            first.year, first.month
        )
    ]
    cells = {day.date: day for week in weeks for day in week}
    for meeting in meetings:
        day = meeting.day
        while day <= meeting.last_day:
            if day in cells and cells[day].in_month:
                cells[day].meetings.append(meeting)
            day += datetime.timedelta(days=1)
    return weeks
