"""Daily statistics (issue #23): what the collection writes, that running it again changes
nothing, that it follows corrections, and that it costs the same queries for 2 or 10 centres."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.models import Centre, PageDayCount, Video
from reports.collect import collect
from reports.models import DailyStat
from reports.sources import gather
from tests.reports.helpers import DAY, EXPECTED_DAY, NEXT, at, make_figures

pytestmark = pytest.mark.django_db
WEEKS_2 = datetime.timedelta(days=14)


def figures_of(centre, day=None) -> dict:
    rows = DailyStat.objects.filter(centre=centre)
    if day is not None:
        rows = rows.filter(day=day)
    return {row.metric: row.value for row in rows}


def test_collect_writes_each_figure_to_its_centre_and_day(centre_a, centre_b):
    made = make_figures(centre_a)
    assert not DailyStat.objects.filter(day__gte=DAY, day__lte=NEXT).exists()

    written = collect(DAY, NEXT)

    assert figures_of(centre_a, DAY) == EXPECTED_DAY
    assert figures_of(centre_a, NEXT) == {"views": 2}
    assert not DailyStat.objects.filter(centre=centre_b, day__gte=DAY, day__lte=NEXT).exists()
    assert written == len(EXPECTED_DAY) + 1
    assert made["lesson"].live


def test_collect_again_changes_nothing_and_follows_corrections(centre_a):
    made = make_figures(centre_a)
    collect(DAY, NEXT)
    before = sorted(
        DailyStat.objects.filter(day__gte=DAY, day__lte=NEXT).values_list(
            "day", "centre_id", "metric", "value"
        )
    )
    collect(DAY, NEXT)
    after = sorted(
        DailyStat.objects.filter(day__gte=DAY, day__lte=NEXT).values_list(
            "day", "centre_id", "metric", "value"
        )
    )
    assert after == before

    # a late count for DAY and the lesson's views corrected: only DAY's row moves
    PageDayCount.objects.filter(page=made["lesson"], day=DAY).update(count=9)
    collect(DAY)
    assert figures_of(centre_a, DAY)["views"] == 9
    assert figures_of(centre_a, NEXT) == {"views": 2}


def test_hub_figures_have_no_centre(hub_home, centre_a):
    from home.factories import news_index_of, publish_news
    from tests.reports.helpers import backdate

    news = publish_news(news_index_of(hub_home), 1)[0]
    backdate(news, DAY)
    collect(DAY)
    assert list(DailyStat.objects.filter(day=DAY).values_list("centre_id", "metric", "value")) == [
        (None, "news", 1)
    ]


def test_contest_entry_views_count_for_the_entrys_centre(centre_a):
    from contests.models import EntryPage

    entry = EntryPage.objects.filter(centre=centre_a).first()
    assert entry is not None  # the demo's contests have an entry of Lam Hạ
    PageDayCount.objects.create(page=entry, day=DAY, event="views", count=4)
    collect(DAY)
    assert list(DailyStat.objects.filter(day=DAY).values_list("centre_id", "metric", "value")) == [
        (centre_a.pk, "views", 4)
    ]


def test_unfinished_and_unpublished_things_do_not_count(centre_a):
    made = make_figures(centre_a)
    made["news"].unpublish()
    ready = Video.objects.create(
        title="Xong", file="media/x.mp4", collection=centre_a.collection, status=Video.Status.READY
    )
    failed = Video.objects.create(
        title="Hỏng", file="media/y.mp4", collection=centre_a.collection, status=Video.Status.FAILED
    )
    Video.objects.filter(pk__in=[ready.pk, failed.pk]).update(created_at=at(DAY))
    collect(DAY)
    got = figures_of(centre_a, DAY)
    assert "news" not in got  # unpublished since
    assert got["videos"] == 1  # the failed one is not content
    assert got["lessons"] == 1


def test_repeating_class_counts_each_meeting(centre_a):
    from events.models import EventPage
    from tests.events.helpers import calendar_of

    monday = DAY - datetime.timedelta(days=DAY.weekday())
    weekly = EventPage(
        title="Lớp tiếng Anh tối thứ Hai, thứ Năm",
        slug="lop-tieng-anh-thong-ke",
        kind=EventPage.Kind.CLASS,
        place="Nhà văn hoá",
        starts_at=at(monday, 19),
        ends_at=at(monday, 21),
        repeat_days="0,3",
        repeat_until=monday + datetime.timedelta(days=13),
        exceptions=(monday + datetime.timedelta(days=7)).isoformat(),
    )
    calendar_of(centre_a.site.root_page).add_child(instance=weekly)
    weekly.save_revision().publish()
    collect(monday, monday + datetime.timedelta(days=13))
    held = dict(
        DailyStat.objects.filter(
            centre=centre_a, metric="events_held", day__gte=monday, day__lt=monday + WEEKS_2
        ).values_list("day", "value")
    )
    thursday = monday + datetime.timedelta(days=3)
    assert held == {
        monday: 1,
        thursday: 1,
        thursday + datetime.timedelta(days=7): 1,  # the second Monday is an exception
    }


def test_gathering_costs_the_same_queries_for_two_or_every_centre(centre_a):
    centres = list(Centre.objects.with_site().order_by("pk"))
    assert len(centres) >= 8
    with CaptureQueriesContext(connection) as two:
        gather(DAY, NEXT, centres[:2])
    with CaptureQueriesContext(connection) as every:
        gather(DAY, NEXT, centres)
    assert len(two.captured_queries) == len(every.captured_queries)


def test_command_collects_a_range_and_refuses_bad_dates(centre_a, capsys):
    make_figures(centre_a)
    call_command("collect_statistics", "--since", DAY.isoformat(), "--until", NEXT.isoformat())
    assert "Đã tổng hợp số liệu từ 14/01/2025 đến 15/01/2025" in capsys.readouterr().out
    assert figures_of(centre_a, DAY) == EXPECTED_DAY
    with pytest.raises(CommandError, match="Ngày “2025-13-01” không hợp lệ"):
        call_command("collect_statistics", "--since", "2025-13-01")
    with pytest.raises(CommandError, match="Ngày kết thúc phải sau ngày bắt đầu"):
        call_command("collect_statistics", "--since", "2025-02-01", "--until", "2025-01-01")
    assert figures_of(centre_a, DAY) == EXPECTED_DAY  # refused runs touched nothing
