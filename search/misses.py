"""Searches that found nothing, for the staff report (what learners looked for and did not find):
the query, the site, the day, a count; no address, no account, no browser id. Each visitor counts
once per query and day (hub.counters, bots left out), so one person cannot fill the list."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata

from django.utils import timezone

from hub.counters import bump, should_count

LONG_NUMBER = re.compile(r"\d[\d .-]{4,}\d")  # a phone or ID number typed into the search box


def normalised(query: str) -> str:
    text = unicodedata.normalize("NFC", " ".join(query.lower().split()))
    return LONG_NUMBER.sub("…", text)[:200]


def record_miss(request, query: str) -> bool:
    from .models import SearchMiss

    text = normalised(query)
    site = getattr(request, "site", None) or _site(request)
    digest = hashlib.sha256(text.encode()).hexdigest()[:20]  # cache keys stay ASCII and short
    if not text or not should_count(request, f"miss:{site.pk if site else 0}:{digest}"):
        return False
    bump(SearchMiss, "count", query=text, site=site, day=timezone.localdate())
    return True


def _site(request):
    from wagtail.models import Site

    return Site.find_for_request(request)


def top_misses(days: int = 30, sites=None, limit: int = 100) -> list[dict]:
    """The most frequent searches without results over the last `days` (sites: only these)."""
    today = timezone.localdate()
    return misses_between(today - datetime.timedelta(days=days - 1), today, sites, limit)


def misses_between(
    start: datetime.date, end: datetime.date, sites=None, limit: int = 100
) -> list[dict]:
    """The most frequent searches without results from `start` to `end` (both included), for the
    committee's activity report (sites: only these)."""
    from django.db.models import Max, Sum

    from .models import SearchMiss

    rows = SearchMiss.objects.filter(day__gte=start, day__lte=end)
    if sites is not None:
        rows = rows.filter(site__in=sites)
    return list(
        rows.values("query")
        .annotate(total=Sum("count"), last=Max("day"))
        .order_by("-total", "-last", "query")[:limit]
    )
