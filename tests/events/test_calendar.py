"""The network calendar: list and month views, filters, links across sites, a constant number
of queries; and the plain functions of events.calendar."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.calendar import Meeting, add_months, by_day, month_grid, parse_month
from events.models import EventPage
from events.views_calendar import centre_slug
from tests.conftest import host_of

from .helpers import at, calendar_of, ics, publish, test_field

pytestmark = pytest.mark.django_db

OCTOBER_MEETINGS = [5, 7, 12, 19, 21, 26, 28]  # Mondays and Wednesdays, not the 14th (day off)


def october_class(index, field, **fields):
    return publish(
        index,
        **{
            "title": "Lớp tiếng Anh thử",
            "slug": "lop-tieng-anh-thu",
            "kind": EventPage.Kind.CLASS,
            "place": "Phòng 2",
            "starts_at": at(datetime.date(2026, 10, 5), 19),
            "ends_at": at(datetime.date(2026, 10, 5), 20, 30),
            "repeat_days": "0,2",
            "repeat_until": datetime.date(2026, 10, 28),
            "exceptions": "14/10/2026",
            "field": field,
            **fields,
        },
    )


def next_monday() -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 - today.weekday())


@pytest.fixture
def index_a(centre_a):
    return calendar_of(centre_a.site.root_page)


@pytest.fixture
def index_b(centre_b):
    return calendar_of(centre_b.site.root_page)


@pytest.fixture
def hub_index(hub_home):
    return calendar_of(hub_home)


@pytest.fixture
def hub_host(hub_site):
    return {"HTTP_HOST": hub_site.hostname}


def listed(response) -> list[tuple[datetime.date, str]]:
    return [(day, m.event.title) for day, meetings in response.context["days"] for m in meetings]


# -- plain functions ---------------------------------------------------------------------------


def test_a_month_is_read_from_year_dash_month_or_falls_back_to_this_month():
    today = datetime.date(2026, 12, 4)
    assert parse_month("2026-10", today) == (datetime.date(2026, 10, 1), True)
    assert parse_month("2026-3", today) == (datetime.date(2026, 3, 1), True)
    assert parse_month("", today) == (datetime.date(2026, 12, 1), True)
    for bad in ("2026-13", "2026-00", "abc", "1899-01", "2026-10-01"):
        assert parse_month(bad, today) == (datetime.date(2026, 12, 1), False)
    assert add_months(datetime.date(2026, 12, 1), 1) == datetime.date(2027, 1, 1)
    assert add_months(datetime.date(2026, 1, 1), -1) == datetime.date(2025, 12, 1)


def test_the_month_grid_starts_on_monday_and_spreads_long_meetings_over_their_days():
    tz = datetime.timezone(datetime.timedelta(hours=7))
    week = Meeting(
        "tuần lễ",
        datetime.datetime(2026, 9, 30, 8, tzinfo=tz),
        datetime.datetime(2026, 10, 3, 0, tzinfo=tz),  # ends at midnight: the 2nd is its last
    )
    talk = Meeting(
        "talk",
        datetime.datetime(2026, 10, 20, 8, tzinfo=tz),
        datetime.datetime(2026, 10, 20, 9, tzinfo=tz),
    )
    weeks = month_grid(datetime.date(2026, 10, 1), [week, talk], datetime.date(2026, 10, 20))
    assert [len(w) for w in weeks] == [7] * 5
    assert weeks[0][0].date == datetime.date(2026, 9, 28) and not weeks[0][0].in_month
    assert weeks[-1][-1].date == datetime.date(2026, 11, 1)
    busy = {d.date.day: [m.event for m in d.meetings] for w in weeks for d in w if d.meetings}
    assert busy == {1: ["tuần lễ"], 2: ["tuần lễ"], 20: ["talk"]}
    assert [d.date.day for w in weeks for d in w if d.is_today] == [20]
    assert by_day([week, talk], datetime.date(2026, 10, 1)) == [
        (datetime.date(2026, 10, 1), [week]),
        (datetime.date(2026, 10, 20), [talk]),
    ]


# -- list view ---------------------------------------------------------------------------------


def test_the_list_shows_each_meeting_of_a_weekly_class_but_not_its_day_off(
    client, centre_a, index_a
):
    field = test_field()
    monday = next_monday()
    publish(
        index_a,
        title="Lớp vẽ thử",
        slug="lop-ve-thu",
        kind=EventPage.Kind.CLASS,
        starts_at=at(monday, 19),
        ends_at=at(monday, 20, 30),
        repeat_days="0,2",
        repeat_until=monday + datetime.timedelta(days=21),
        exceptions=(monday + datetime.timedelta(days=2)).strftime("%d/%m/%Y"),
        field=field,
    )
    response = client.get(f"/{index_a.slug}/?linh-vuc={field.slug}", **host_of(centre_a))
    assert response.status_code == 200
    days = [monday + datetime.timedelta(days=n) for n in (0, 7, 9, 14, 16, 21)]
    assert listed(response) == [(day, "Lớp vẽ thử") for day in days]
    html = response.content.decode()
    assert "lop-ve-thu/lich-ical/" in html
    assert "Hội trường" in html
    assert "Lớp học" in html and "19:00" in html


def test_the_hub_lists_every_centres_events_and_its_own_with_links_to_their_sites(
    client, hub_host, hub_index, index_a, index_b, centre_a, centre_b
):
    field = test_field()
    day = timezone.localdate() + datetime.timedelta(days=3)
    own = publish(
        hub_index,
        title="Hội nghị mạng lưới",
        slug="hoi-nghi",
        starts_at=at(day, 8),
        ends_at=at(day, 11),
        field=field,
    )
    in_a = publish(
        index_a,
        title="Chuyên đề Lam Hạ",
        slug="chuyen-de-a",
        starts_at=at(day, 9),
        ends_at=at(day, 10),
        field=field,
    )
    in_b = publish(
        index_b,
        title="Khai giảng Phù Vân",
        slug="khai-giang-b",
        kind=EventPage.Kind.OPENING,
        starts_at=at(day, 14),
        ends_at=at(day, 16),
        field=field,
    )

    response = client.get(f"/{hub_index.slug}/?linh-vuc={field.slug}", **hub_host)
    assert response.status_code == 200
    assert listed(response) == [(day, own.title), (day, in_a.title), (day, in_b.title)]
    html = response.content.decode()
    assert f'href="{in_a.get_full_url()}"' in html  # on Lam Hạ's own site
    assert f'href="{in_b.get_full_url()}lich-ical/"' in html
    assert centre_a.name in html and centre_b.name in html and "Toàn mạng lưới" in html

    # a centre's calendar shows only its own
    response = client.get(f"/{index_a.slug}/?linh-vuc={field.slug}", **host_of(centre_a))
    assert listed(response) == [(day, in_a.title)]

    # filters: by centre (slug or id), by kind
    for wanted in (centre_slug(centre_b), str(centre_b.pk)):
        response = client.get(
            f"/{hub_index.slug}/?linh-vuc={field.slug}&trung-tam={wanted}", **hub_host
        )
        assert listed(response) == [(day, in_b.title)]
    response = client.get(f"/{hub_index.slug}/?linh-vuc={field.slug}&loai=noi_chuyen", **hub_host)
    assert listed(response) == [(day, own.title), (day, in_a.title)]


def test_bad_filter_values_are_ignored(client, hub_host, hub_index):
    unfiltered = client.get(f"/{hub_index.slug}/", **hub_host)
    bad = client.get(f"/{hub_index.slug}/?trung-tam=khong-co&loai=xyz&linh-vuc=%00%27", **hub_host)
    assert bad.status_code == 200
    assert listed(bad) == listed(unfiltered) != []
    assert bad.context["chosen"] == {"centre": None, "kind": None, "field": None}


# -- month view --------------------------------------------------------------------------------


def test_the_month_grid_of_october_2026(client, centre_a, index_a):
    field = test_field()
    october_class(index_a, field)
    response = client.get(
        f"/{index_a.slug}/?xem=thang&thang=2026-10&linh-vuc={field.slug}", **host_of(centre_a)
    )
    assert response.status_code == 200
    weeks = response.context["weeks"]
    assert len(weeks) == 5
    assert weeks[0][0].date == datetime.date(2026, 9, 28)
    busy = [d.date.day for w in weeks for d in w if d.meetings]
    assert busy == OCTOBER_MEETINGS
    assert all(
        [(m.starts.hour, m.starts.minute, m.ends.hour, m.ends.minute) for m in d.meetings]
        == [(19, 0, 20, 30)]
        for w in weeks
        for d in w
        if d.meetings
    )
    html = response.content.decode()
    assert 'data-day="2026-10-14"' in html
    assert "Tháng 10/2026" in html
    assert "thang=2026-09" in html and "thang=2026-11" in html
    assert "month-note" not in html


@pytest.mark.parametrize("bad", ["2026-13", "abc"])
def test_a_bad_month_shows_this_month_with_a_note(client, centre_a, index_a, bad):
    response = client.get(f"/{index_a.slug}/?xem=thang&thang={bad}", **host_of(centre_a))
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)
    assert f"Không đọc được tháng “{bad}”, đang xem tháng này." in response.content.decode()


def test_an_unpublished_centres_calendar_is_not_found(client, centre_a, index_a):
    centre_a.site.root_page.unpublish()
    assert client.get(f"/{index_a.slug}/", **host_of(centre_a)).status_code == 404


# -- queries -----------------------------------------------------------------------------------


def _queries(client, url, host) -> int:
    client.get(url + "&lan=lam-nong", **host)  # warms the network copy and the caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **host)
    assert response.status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_events_or_centres(
    client, hub_host, hub_index, index_a, index_b
):
    field = test_field()
    day = timezone.localdate() + datetime.timedelta(days=2)
    urls = [
        f"/{hub_index.slug}/?linh-vuc={field.slug}",
        f"/{hub_index.slug}/?xem=thang&thang={day:%Y-%m}&linh-vuc={field.slug}",
    ]
    host = hub_host["HTTP_HOST"]

    def feed_queries():
        ics(hub_index, host, f"linh-vuc={field.slug}")
        with CaptureQueriesContext(connection) as captured:
            ics(hub_index, host, f"linh-vuc={field.slug}")
        return len(captured)

    def add(n):
        for i in range(n):
            publish(
                (index_a, index_b, hub_index)[i % 3],
                title=f"Hoạt động {i}",
                slug=f"hoat-dong-{i}-{EventPage.objects.count()}",
                starts_at=at(day, 8),
                ends_at=at(day, 9),
                repeat_days="0,3" if i % 2 else "",
                repeat_until=day + datetime.timedelta(days=40) if i % 2 else None,
                field=field,
            )

    add(2)
    few = [_queries(client, url, hub_host) for url in urls] + [feed_queries()]
    add(18)
    many = [_queries(client, url, hub_host) for url in urls] + [feed_queries()]
    assert few == many
    assert len(client.get(urls[0] + "&lan=cuoi", **hub_host).context["meetings"]) > 20
