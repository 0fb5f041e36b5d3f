"""One entry point for searching: Elasticsearch when SEARCH_URL is set, else the database index;
if the engine fails, the database answers and the page says so (never a 500)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import database
from .models import SearchEntry
from .query import Plan
from .query import plan as make_plan
from .ranking import ranked

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    hits: list[database.Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, dict] = field(default_factory=dict)  # kind, field_id, year, home → counts
    plan: Plan | None = None
    relaxed: bool = False  # no page had every word: these have at least half of them
    engine: str = "database"
    notice: str = ""

    @property
    def corrected_query(self) -> str:
        return self.plan.corrected_query if self.plan else ""


DATABASE_RESULTS_SECONDS = 600


def _from_database(query: str, filters: dict, own_home: str, plan: Plan | None = None) -> Outcome:
    """The database's results, kept in the cache per query, filters and site until any page is
    published (content version): many learners type the same few searches."""
    from hub.caching.invalidation import cached_for_content

    def compute() -> database.Results:
        results = database.search(query, plan=plan, filters=filters, own_home=own_home)
        for hit in results.hits:
            hit.entry.text_folded = hit.entry.exact_words = ""  # only ranking reads them
        return results

    key = f"{sorted(filters.items())}|{own_home}|{query}"
    results = cached_for_content("search:database", key, compute, DATABASE_RESULTS_SECONDS)
    return Outcome(
        hits=results.hits,  # their snippets are made only for the hits a page shows
        total=results.total,
        facets={name: dict(counts) for name, counts in results.facets.items()},
        plan=results.plan,
        relaxed=results.relaxed,
    )


ENGINE_DOWN_KEY = "search:engine-down"
ENGINE_RETRY_SECONDS = 30
BUSY_NOTICE = _(
    "Máy tìm kiếm đang bận; kết quả dưới đây lấy trực tiếp từ cơ sở dữ liệu, "
    "có thể kém chính xác hơn."
)


def _engine_failed(error) -> None:
    """A circuit breaker: after a failure or a timeout the engine is left alone for
    ENGINE_RETRY_SECONDS, so visitors do not each wait for the timeout while it is down."""
    from django.core.cache import cache

    logger.warning("search engine unavailable, using the database: %s", error)
    cache.set(ENGINE_DOWN_KEY, True, ENGINE_RETRY_SECONDS)


def _engine_resting() -> bool:
    from django.core.cache import cache

    return bool(cache.get(ENGINE_DOWN_KEY))


def search(query: str, filters: dict | None = None, own_home: str = "") -> Outcome:
    """Results for a query: `filters` (kind, field_id, year, home), `own_home`: the root path of
    the centre whose site is searched (its pages get a small lift)."""
    filters = {k: v for k, v in (filters or {}).items() if v}
    if not settings.SEARCH_URL:
        return _from_database(query, filters, own_home)
    plan = make_plan(query)
    from elasticsearch import ApiError, TransportError

    from . import elastic

    found = None
    if not _engine_resting():
        try:
            found = elastic.search(plan, filters=filters)
        except (TransportError, ApiError, OSError) as error:
            _engine_failed(error)
    if found is None:
        outcome = _from_database(query, filters, own_home, plan)
        outcome.notice = str(BUSY_NOTICE)
        return outcome
    entries = SearchEntry.objects.in_bulk(found.ids, field_name="page_id").values()
    hits = [  # snippets are made only for the hits a page shows
        database.Hit(entry, points, plan, matched)
        for entry, matched, points in ranked(entries, plan, own_home)
    ]
    return Outcome(
        hits=hits,
        total=found.total,
        facets=found.facets,
        plan=plan,
        relaxed=found.relaxed,
        engine="elasticsearch",
    )


def suggestions(prefix: str) -> list[str]:
    if settings.SEARCH_URL:
        from elasticsearch import ApiError, TransportError

        from . import elastic

        if not _engine_resting():
            try:
                return list(dict.fromkeys(elastic.suggest(prefix)))
            except (TransportError, ApiError, OSError) as error:
                _engine_failed(error)
    return database.autocomplete(prefix)
