"""The footer's visitor counter (if the organiser switches it on in the network settings): views,
reads and downloads today, this month and in total, for the centre whose site is shown or for the
whole network on the hub. Read from `DailyStat` in one query, cached for ten minutes and until the
next collection (the figures move hourly anyway), so a page render costs one cache read."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone

from .collect import statistics_version
from .models import DailyStat
from .sources import READING_EVENTS

SECONDS = 600


def visitor_counts(centre_id: int | None, today=None) -> dict[str, int]:
    """{"today", "month", "total"} for one centre (None: the network)."""
    today = today or timezone.localdate()
    key = f"reports:visitors:{centre_id or 'all'}:{today.isoformat()}:{statistics_version()}"
    counts = cache.get(key)
    if counts is None:
        rows = DailyStat.objects.filter(metric__in=READING_EVENTS)
        if centre_id is not None:
            rows = rows.filter(centre_id=centre_id)
        figures = rows.aggregate(
            today=Sum("value", filter=Q(day=today)),
            month=Sum("value", filter=Q(day__gte=today.replace(day=1), day__lte=today)),
            total=Sum("value"),
        )
        counts = {name: value or 0 for name, value in figures.items()}
        cache.set(key, counts, SECONDS)
    return counts
