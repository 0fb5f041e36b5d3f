"""The one owner of cache invalidation: what is cached because of content, and what forgets it.

Every cache whose value depends on pages, centres, sites or settings reads the *content version*
through this module, and every change to such content ends in `content_changed()`, which moves the
version on (so every such cache misses from then on) and empties the page cache. Nothing else in
the project deletes content caches by hand.

The caches (what each holds · its key · what invalidates it):

1. Content version -- a random number · ``hub:content-version`` in the default cache · replaced by
   `content_changed()`. Random, not a counter: an emptied cache must never hand out a number that
   was already used, or a process would keep data loaded under it.
2. Network copy -- each process's copy of every Site, Centre, restricted path, menu, home page and
   footer fragment (hub.federation.Network) · the content version it was loaded under · reloaded
   by the first request that sees a newer version.
3. Page cache -- whole HTML pages for anonymous visitors (hub.caching.pagecache) · host + path +
   gzip in the ``pages`` cache alias · emptied by `content_changed()`; otherwise ages out after
   PAGE_CACHE_SECONDS.
4. Content caches made with `cached_for_content(name, source, compute)` · ``name:version:digest``
   in the default cache · miss as soon as the version moves; they expire after their timeout:
   - ``contests:results``: the public results of a contest once judging has closed
     (contests.ranking), 5 min; an organiser excluding a link calls `content_changed()`;
   - ``catalogue``: facet counts of one catalogue filter (hub.pagekit.catalogue), 1 hour;
   - ``facets``: the rendered facet links of one listing and language (hub templatetags), 10 min;
   - ``lessons:related``: the ids of a lesson's related lessons (lessons.models), 1 hour;
   - ``search:database``: the database search results of one query and kind (search.backend),
     10 min;
   - ``fields``: the lĩnh vực taxonomy (hub.models.Field.objects.cached()), 1 hour;
   - ``page-origin``: the centre a page came from in a merge, or none (hub.models.PageOrigin
     .objects.for_page, the note in the site frame), 1 hour; a merge moves pages, which changes
     the version.

Caches that are *not* keyed by content, and the module that owns each:
- ``library:card-cover``: the finished HTML of a catalogue card's cover (library.cards), keyed by
  everything it depends on (picture id, file hash, focal point; a drawn cover's title and field),
  so content changes need not forget it; a deleted cover rendition deletes its entry;
- the search engine's circuit breaker (search.backend), per-visitor counter de-duplication and
  rate limits (hub.counters): time-based, not content.

Who calls `content_changed()`: the signals connected in hub/signal_handlers.py (a page published,
unpublished, moved or deleted; a Site, Centre, view restriction, lĩnh vực or network or site
setting saved or deleted), the search index after it changed (search.indexing, keeping the page
cache that the publish emptied) and an organiser excluding engagement (contests.ranking).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction

T = TypeVar("T")

CONTENT_VERSION_KEY = "hub:content-version"

# The version read once at the start of a request (NetworkSiteMiddleware pins it): every cache the
# request reads is keyed by the same version, at the cost of one cache read.
_pinned: ContextVar[int | None] = ContextVar("hub_content_version", default=None)


def _new_version() -> int:
    return secrets.randbits(62)


def _read_version() -> int:
    return cache.get_or_set(CONTENT_VERSION_KEY, _new_version, None)


def content_version() -> int:
    """The current content version (the one pinned for this request, if any)."""
    pinned = _pinned.get()
    return _read_version() if pinned is None else pinned


@contextmanager
def pinned_content_version():
    """Read the version once and use it for everything inside the block (one request)."""
    token = _pinned.set(_read_version())
    try:
        yield
    finally:
        _pinned.reset(token)


def cached_for_content(name: str, source: str, compute: Callable[[], T], timeout: int = 3600) -> T:
    """`compute()`, kept in the default cache under `name`, the content version and a digest of
    `source` (what makes the value differ: a query, a filter, a page id), until content changes."""
    digest = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()
    return cache.get_or_set(f"{name}:{content_version()}:{digest}", compute, timeout)


def content_changed(*, keep_page_cache: bool = False, **_signal_kwargs) -> None:
    """Content changed: a new content version (every content cache misses, every process reloads
    its network copy) and an empty page cache -- now, and again once the transaction commits,
    since a request in between may have loaded (and cached) the rows as they were before.

    The rest of the changing request reads and writes under a version of its own that nobody
    else uses, so nothing it caches from rows that may still be rolled back is ever served.
    `keep_page_cache` is for the search index catching up after a publish that already emptied it.
    """
    if _pinned.get() is not None:  # inside a request (outside one, nothing is pinned)
        _pinned.set(_new_version())
    _forget_content(keep_page_cache)
    transaction.on_commit(lambda: _forget_content(keep_page_cache))


def _forget_content(keep_page_cache: bool = False) -> None:
    cache.set(CONTENT_VERSION_KEY, _new_version(), None)
    if not keep_page_cache and "pages" in settings.CACHES:
        caches["pages"].clear()
