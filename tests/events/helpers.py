"""Shared by the calendar and feed tests: calendars of the demo network, events made on them."""

import datetime

from django.utils import timezone

from events.models import EventIndexPage, EventPage
from hub.models import Field


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def calendar_of(home) -> EventIndexPage:
    """The home page's "Lịch hoạt động" (the demo makes one; made here if it did not)."""
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = EventIndexPage(title="Lịch hoạt động", slug="lich-hoat-dong")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def test_field() -> Field:
    """A field no demo event has, so a ?linh-vuc= filter shows only the test's events."""
    return Field.objects.get_or_create(name="Lịch thử nghiệm", slug="lich-thu-nghiem")[0]


test_field.__test__ = False  # not a test: pytest collects names starting with test_


def publish(index, **fields) -> EventPage:
    base = {
        "title": "Hoạt động thử",
        "kind": EventPage.Kind.TALK,
        "place": "Hội trường",
        "starts_at": at(datetime.date(2026, 10, 10), 8),
        "ends_at": at(datetime.date(2026, 10, 10), 10),
    }
    event = EventPage(**{**base, **fields})
    index.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def ics(page, host: str, query: str = ""):
    """The page's iCalendar address (<page>/lich-ical/) fetched as a calendar app would."""
    from urllib.parse import urlsplit

    from django.test import Client

    path = urlsplit(page.get_full_url()).path
    return Client().get(f"{path}lich-ical/" + (f"?{query}" if query else ""), HTTP_HOST=host)
