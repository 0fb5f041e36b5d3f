"""Filling `DailyStat`: recompute a range of days from the apps' counters and replace those days'
rows in one transaction, so running it twice, or over a day already collected, changes nothing
but what moved. The hourly task recomputes yesterday and today; `collect_statistics --since`
fills history (the demo fills a year)."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from hub.models import Centre

from .models import DailyStat
from .sources import gather

BATCH = 2000
VERSION_KEY = "reports:statistics-version"  # the visitor counter's cache follows it


def collect(start: datetime.date, end: datetime.date | None = None) -> int:
    """Recompute [start, end] (one day if no end); the number of rows written."""
    end = end or start
    if end < start:
        raise ValueError("end before start")
    centres = list(Centre.objects.with_site())
    figures = gather(start, end, centres)
    rows = [
        DailyStat(day=day, centre_id=centre, metric=metric, value=value)
        for (day, centre, metric), value in figures.items()
        if value > 0
    ]
    with transaction.atomic():
        DailyStat.objects.filter(day__gte=start, day__lte=end).delete()
        DailyStat.objects.bulk_create(rows, batch_size=BATCH)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, timezone.now().timestamp(), None))
    return len(rows)


def collect_recent(today: datetime.date | None = None) -> int:
    """Yesterday (late counts, check-ins typed in the next morning) and today so far."""
    today = today or timezone.localdate()
    return collect(today - datetime.timedelta(days=1), today)


def statistics_version() -> float:
    return cache.get(VERSION_KEY) or 0
