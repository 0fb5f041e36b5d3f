"""Whole-page cache for anonymous visitors: Django's cache middleware with three additions.

- Only requests that carry no cookie but the CSRF token (and the default language) use the cache,
  so staff previews, flash messages and English pages are never served from or stored in it.
- Pages that count a view (lessons, the library reader) name their counter for the request; a
  cached copy remembers it and every cache hit still counts, so counters stay exact.
- Publishing, unpublishing, moving or deleting any page empties the cache (the `pages` alias,
  its own Redis database in production); everything else ages out after PAGE_CACHE_SECONDS.
Pages whose HTML depends on the visitor (a contest entry shows "you liked this") mark themselves
private and are never cached.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

COUNT_HEADER = "X-Hoctap-Count"
_counters: dict[str, Callable[[object, int], bool]] = {}


def register_counter(name: str, count: Callable[[object, int], bool]) -> None:
    """`count(request, pk)` is called for every cache hit of a page that named `name`."""
    _counters[name] = count


def count_on_cache_hits(request, name: str, pk: int) -> None:
    request.hoctap_count = f"{name}:{pk}"


def cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    for name, value in request.COOKIES.items():
        if name == settings.CSRF_COOKIE_NAME:
            continue
        if name == settings.LANGUAGE_COOKIE_NAME and value == settings.LANGUAGE_CODE:
            continue
        return False
    return True


class FetchPageFromCacheMiddleware(FetchFromCacheMiddleware):
    def process_request(self, request):
        if not cacheable(request):
            request._cache_update_cache = False
            return None
        response = super().process_request(request)
        if response is not None and COUNT_HEADER in response:
            name, pk = response[COUNT_HEADER].rsplit(":", 1)
            del response[COUNT_HEADER]
            if name in _counters:
                _counters[name](request, int(pk))
        return response


class UpdatePageCacheMiddleware(UpdateCacheMiddleware):
    def process_response(self, request, response):
        count = getattr(request, "hoctap_count", None)
        if count:
            response[COUNT_HEADER] = count  # stored with the cached copy ...
        response = super().process_response(request, response)
        if count:
            del response[COUNT_HEADER]  # ... never sent to the visitor
        return response


def clear_page_cache(**_kwargs) -> None:
    """Any page published, unpublished, moved or deleted: new content version, empty page cache."""
    from django.core.cache import caches

    from .pages import bump_content_version

    bump_content_version()
    if "pages" in settings.CACHES:
        caches["pages"].clear()


def connect_signals() -> None:
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(clear_page_cache, dispatch_uid=f"hub-pagecache-{id(signal)}")
    post_delete.connect(clear_page_cache, sender=Page, dispatch_uid="hub-pagecache-delete")
