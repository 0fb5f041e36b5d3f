"""One entry point for searching: Elasticsearch when SEARCH_URL is set, else the database index;
if the engine fails, the database answers and the page says so (never a 500)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import database
from .models import SearchEntry
from .text import highlight, tokens

logger = logging.getLogger(__name__)


@dataclass
class Hit:
    entry: SearchEntry
    snippet: str


@dataclass
class Outcome:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    kind_counts: dict[str, int] = field(default_factory=dict)
    field_counts: dict[int, int] = field(default_factory=dict)
    corrected: dict[str, str] = field(default_factory=dict)
    engine: str = "database"
    notice: str = ""


DATABASE_RESULTS_SECONDS = 600


def _from_database(query: str, kind: str | None) -> Outcome:
    """The database's results, kept in the cache per query and kind until any page is published
    (content version): many learners type the same few searches, and each costs two queries
    over every match plus re-scoring the best 300."""
    from hub.caching.invalidation import cached_for_content

    def compute() -> database.Results:
        results = database.search(query, kind=kind)
        for hit in results.hits:
            hit.entry.text_folded = ""  # only the scoring reads it; keep the cached copy small
        return results

    results = cached_for_content(
        "search:database", f"{kind}|{query}", compute, DATABASE_RESULTS_SECONDS
    )
    return Outcome(
        hits=results.hits,  # their snippets are made only for the hits a page shows
        total=results.total,
        kind_counts=dict(results.facets.get("kind", {})),
        field_counts=dict(results.facets.get("field", {})),
        corrected=results.corrected,
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


def search(query: str, kind: str | None = None) -> Outcome:
    if not settings.SEARCH_URL:
        return _from_database(query, kind)
    from elasticsearch import ApiError, TransportError

    from . import elastic

    found = None
    if not _engine_resting():
        try:
            found = elastic.search(query, kind=kind)
        except (TransportError, ApiError, OSError) as error:
            _engine_failed(error)
    if found is None:
        outcome = _from_database(query, kind)
        outcome.notice = str(BUSY_NOTICE)
        return outcome
    entries = SearchEntry.objects.in_bulk(found.ids, field_name="page_id")
    query_tokens = tokens(query)
    hits = [
        Hit(
            entries[pk],
            found.highlights.get(pk)
            or highlight(entries[pk].summary or entries[pk].title, query_tokens),
        )
        for pk in found.ids
        if pk in entries
    ]
    return Outcome(
        hits=hits,
        total=found.total,
        kind_counts=found.facets.get("kind", {}),
        field_counts={int(k): v for k, v in found.facets.get("field", {}).items()},
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
