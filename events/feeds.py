"""iCalendar (RFC 5545) for the events, with the icalendar library: a feed per calendar (a
centre's or the network's) and one file per event ("add to calendar").

- One VEVENT per event; a weekly class is one VEVENT with RRULE (FREQ=WEEKLY;BYDAY=..;UNTIL=..)
  and EXDATE for its days off, so calendar apps show the series, not hundreds of copies.
- UID "event-<pk>@<hub hostname>": stable across edits, and the same in every feed that holds
  the event (a centre's and the hub's), so subscribing to both shows each event once.
- Times carry TZID Asia/Ho_Chi_Minh (the project's time zone) with its VTIMEZONE; UNTIL is in
  UTC as RFC 5545 requires when DTSTART has a TZID.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import icalendar
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

PRODID = "-//HocTap Hub//Lich hoat dong//VI"
FEED_SECONDS = 900
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]  # Python's weekday() order


def uid(event, host: str) -> str:
    return f"event-{event.pk}@{host}"


def vevent(event, *, host: str, url: str, stamp: datetime.datetime) -> icalendar.Event:
    """The VEVENT of an EventPage (title, kind, place, times, summary, repetition)."""
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    component = icalendar.Event()
    component.add("uid", uid(event, host))
    component.add("dtstamp", stamp.astimezone(datetime.UTC))
    component.add("dtstart", starts)
    component.add("dtend", ends)
    component.add("summary", event.title)
    component.add("location", event.place)
    component.add("description", "\n\n".join(part for part in (event.summary, url) if part))
    component.add("url", url)
    component.add("categories", [str(event.get_kind_display())])
    if event.repeats:
        until = datetime.datetime.combine(event.repeat_until, starts.timetz())
        component.add(
            "rrule",
            {
                "FREQ": "WEEKLY",
                "BYDAY": [BYDAY[d] for d in event.weekdays],
                "UNTIL": until.astimezone(datetime.UTC),
            },
        )
        skipped = sorted(event.exception_dates)
        if skipped:
            component.add(
                "exdate", [datetime.datetime.combine(day, starts.timetz()) for day in skipped]
            )
    return component


def calendar(title: str, entries: Iterable[tuple], *, host: str) -> icalendar.Calendar:
    """A VCALENDAR named `title` with one VEVENT per (event, url) in `entries`."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now()
    for event, url in entries:
        cal.add_component(vevent(event, host=host, url=url, stamp=stamp))
    cal.add_missing_timezones()
    return cal


def ics_response(cal: icalendar.Calendar, filename: str) -> HttpResponse:
    """text/calendar, shown inline (calendar apps subscribe to it), cacheable for 15 minutes."""
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=FEED_SECONDS)
    return response
