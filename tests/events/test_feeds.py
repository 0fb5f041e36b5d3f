"""iCalendar feeds: a calendar's feed (weekly classes as RRULE with EXDATE, stable UIDs), one
event's file, headers, and 404 for a centre that is not published."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from events.models import EventPage

from .helpers import at, calendar_of, ics, publish, test_field

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_a(centre_a):
    return calendar_of(centre_a.site.root_page)


@pytest.fixture
def hub_index(hub_home):
    return calendar_of(hub_home)


@pytest.fixture
def hub_host(hub_site):
    return {"HTTP_HOST": hub_site.hostname}


@pytest.fixture
def weekly_class(index_a):
    start = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    return publish(
        index_a,
        title="Lớp tiếng Anh giao tiếp thử",
        slug="lop-tieng-anh-thu",
        kind=EventPage.Kind.CLASS,
        place="Phòng học 2, nhà văn hoá tổ 5",
        summary="Học giao tiếp hằng ngày.",
        starts_at=at(start, 19),
        ends_at=at(start, 20, 30),
        repeat_days="0,2",
        repeat_until=start + datetime.timedelta(weeks=4),
        exceptions=(start + datetime.timedelta(days=9)).strftime("%d/%m/%Y"),
        field=test_field(),
    )


def vevents(response) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_a_centres_feed_holds_a_weekly_class_as_one_repeating_event(
    centre_a, index_a, hub_site, weekly_class
):
    response = ics(index_a, centre_a.site.hostname)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'inline; filename="lich-{centre_a.site.hostname.split(".")[0]}.ics"'
    )
    assert "public" in response["Cache-Control"] and "max-age=900" in response["Cache-Control"]
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["X-WR-CALNAME"]) == centre_a.title
    events = vevents(response)
    uid = f"event-{weekly_class.pk}@{hub_site.hostname}"
    event = events[uid]
    start = timezone.localtime(weekly_class.starts_at)
    assert str(event["SUMMARY"]) == "Lớp tiếng Anh giao tiếp thử"
    assert str(event["LOCATION"]) == "Phòng học 2, nhà văn hoá tổ 5"
    assert event["DTSTART"].dt == start
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert event["DTEND"].dt == timezone.localtime(weekly_class.ends_at)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE"]
    last = start + datetime.timedelta(weeks=4)
    assert rule["UNTIL"] == [last.astimezone(datetime.UTC)]
    assert [d.dt for d in event["EXDATE"].dts] == [start + datetime.timedelta(days=9)]
    url = weekly_class.get_full_url()
    assert str(event["URL"]) == url
    assert str(event["DESCRIPTION"]) == f"Học giao tiếp hằng ngày.\n\n{url}"
    # the demo's events of the centre are there too, each once; no other centre's
    assert len(events) == len({e.pk for e in EventPage.objects.live().descendant_of(index_a)})
    assert all(
        EventPage.objects.get(pk=int(u.split("@")[0].removeprefix("event-"))).path.startswith(
            index_a.path
        )
        for u in events
    )


def test_the_hub_feed_has_every_centres_events_with_the_same_uids(
    centre_a, index_a, hub_index, hub_host, weekly_class
):
    response = ics(hub_index, hub_host["HTTP_HOST"])
    assert response.status_code == 200
    events = vevents(response)
    centre_feed = vevents(ics(index_a, centre_a.site.hostname))
    assert set(centre_feed) < set(events)
    week = EventPage.objects.get(title="Tuần lễ hưởng ứng học tập suốt đời 2026")
    assert any(u.startswith(f"event-{week.pk}@") for u in events)
    assert response["Content-Disposition"] == 'inline; filename="lich-hoat-dong.ics"'


def test_one_event_as_a_file_to_add_to_a_calendar(centre_a, index_a, weekly_class):
    response = ics(weekly_class, centre_a.site.hostname)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="lop-tieng-anh-thu.ics"'
    (event,) = vevents(response).values()
    assert str(event["SUMMARY"]) == weekly_class.title
    assert event["RRULE"]["BYDAY"] == ["MO", "WE"]


def test_an_unpublished_centre_has_no_feed(centre_a, index_a, hub_index, hub_host, weekly_class):
    host = centre_a.site.hostname
    assert ics(index_a, host).status_code == 200
    centre_a.site.root_page.unpublish()
    index_a.refresh_from_db()
    assert ics(index_a, host).status_code == 404
    assert ics(weekly_class, host).status_code == 404
    hub_feed = vevents(ics(hub_index, hub_host["HTTP_HOST"]))
    assert not any(u.startswith(f"event-{weekly_class.pk}@") for u in hub_feed)


def test_an_unpublished_calendar_keeps_its_events_out_of_the_hub_feed(
    index_a, hub_index, hub_host, weekly_class
):
    index_a.unpublish()
    hub_feed = vevents(ics(hub_index, hub_host["HTTP_HOST"]))
    assert not any(u.startswith(f"event-{weekly_class.pk}@") for u in hub_feed)
    assert ics(weekly_class, weekly_class.get_site().hostname).status_code == 404


def test_an_unpublished_event_is_in_no_feed(centre_a, index_a, weekly_class):
    draft = publish(index_a, title="Bản nháp", slug="ban-nhap")
    draft.unpublish()
    events = vevents(ics(index_a, centre_a.site.hostname))
    assert f"event-{weekly_class.pk}" in " ".join(events)
    assert f"event-{draft.pk}" not in " ".join(events)
