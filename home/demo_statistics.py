"""A year of the demo's daily figures, so the committee's reports have shape: daily views and
reads of every lesson and library item before the last two weeks (`demo._demo_day_counts` makes
those), busier in October (the Lifelong Learning Week) and quieter around Tết, a few searches
that found nothing, then `reports.collect` over the year as the hourly task would have done."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from hub.models import Centre, PageDayCount
from lessons.models import LessonPage
from library.models import LibraryItemPage
from reports.collect import collect
from search.models import SearchMiss

DAYS = 365
MISSED = ["học tiếng anh cho người lớn", "trồng rau sạch", "cách dùng zalo", "luật đất đai 2024"]


def _season(day: datetime.date) -> int:
    """How busy a day is, 1–5: the Week in October, a lull around Tết (late January–February)."""
    if day.month == 10:
        return 5
    if day.month == 2:
        return 1
    return 3 if day.weekday() < 5 else 2


def load_statistics_demo(log: Callable[[str], None] = print) -> int:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=DAYS - 1)
    if PageDayCount.objects.filter(day=start).exists():
        return 0
    rows = []
    for model, event in ((LessonPage, "views"), (LibraryItemPage, "reads")):
        for pk in model.objects.live().values_list("pk", flat=True):
            for back in range(14, DAYS):
                day = today - datetime.timedelta(days=back)
                count = ((pk * 7 + back * 3) % 5) * _season(day) // 2
                if count:
                    rows.append(PageDayCount(page_id=pk, day=day, event=event, count=count))
    PageDayCount.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
    misses = []
    for number, centre in enumerate(Centre.objects.order_by("pk")):
        for back in range(20 + number, DAYS, 37):
            query = MISSED[(back + number) % len(MISSED)]
            day = today - datetime.timedelta(days=back)
            misses.append(SearchMiss(query=query, site_id=centre.site_id, day=day, count=1))
    SearchMiss.objects.bulk_create(misses)
    written = collect(start, today)
    log(f"  + số liệu hằng ngày {DAYS} ngày: {len(rows)} lượt đếm, {written} dòng tổng hợp")
    return written
