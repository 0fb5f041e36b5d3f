"""Whole-page cache for anonymous visitors, on the lines of Django's cache middleware but with
one cache read per hit (a key of host, path and gzip; a plain tuple, not a pickled response).

- Only GET requests that carry no cookie but the CSRF token, the default language and the
  counters' browser id use the cache, so staff previews, flash messages and English pages are
  never served from or stored in it.
- Pages that count a view (lessons, the library reader) name their counter for the request; a
  cached copy remembers it and every cache hit still counts, so counters stay exact.
- Any content change empties it (hub.caching.invalidation.content_changed; the `pages` alias,
  its own Redis database in production); everything else ages out after PAGE_CACHE_SECONDS.
Pages whose HTML depends on the visitor mark themselves private and are never cached; a contest
entry instead serves one public page and fetches the visitor's own state (its like, its CSRF
token) with one small request that is never cached (docs/CONTEST_ENTRY_CACHE.md).

Who may import it: the settings (middleware paths) and apps that count views on cached pages
(`register_counter`, `count_on_cache_hits`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_max_age, patch_response_headers

from hub.counters import BROWSER_COOKIE

_counters: dict[str, Callable[[object, int], bool]] = {}


def register_counter(name: str, count: Callable[[object, int], bool]) -> None:
    """`count(request, pk)` is called for every cache hit of a page that named `name`."""
    _counters[name] = count


def count_on_cache_hits(request, name: str, pk: int) -> None:
    request.hoctap_count = f"{name}:{pk}"


def cacheable(request) -> bool:
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    for name, value in request.COOKIES.items():
        if name == settings.CSRF_COOKIE_NAME:
            continue
        if name == settings.LANGUAGE_COOKIE_NAME and value == settings.LANGUAGE_CODE:
            continue
        if name == BROWSER_COOKIE:  # the counters' browser id: no page's HTML depends on it
            continue
        return False
    return True


def page_key(request) -> str:
    """One key per host, path with query string and gzip or not: the only ways a cacheable
    request's page can differ (one language, no visitor cookies; pages that vary on anything
    else are never stored). Django's cache middleware needs a second cache read to learn the
    Vary headers first."""
    gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    url = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}:{digest}:{'gz' if gzip else 'id'}"


class FetchPageFromCacheMiddleware:
    """Serves a stored copy (one cache read) to cacheable requests; counts the hit if the page
    counts views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable(request):
            return self.get_response(request)
        key = page_key(request)
        stored = caches[settings.CACHE_MIDDLEWARE_ALIAS].get(key)
        if stored is None:
            request._page_cache_key = key  # UpdatePageCacheMiddleware stores the response
            return self.get_response(request)
        status, headers, content, count = stored
        response = HttpResponse(content, status=status)
        for header, value in headers:
            response[header] = value
        if count:
            name, pk = count.rsplit(":", 1)
            if name in _counters:
                _counters[name](request, int(pk))
        return response


class UpdatePageCacheMiddleware:
    """Outermost: stores a plain (status, headers, body, counter) copy of a cacheable page, after
    gzip, unless it is not a 200, is private, sets a cookie, holds the visitor's CSRF token or
    varies on anything but gzip and the language choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and self._storable(request, response):
            timeout = get_max_age(response)
            if timeout is None:
                timeout = settings.CACHE_MIDDLEWARE_SECONDS
            if timeout:
                patch_response_headers(response, timeout)
                headers = [(k, v) for k, v in response.items()]
                count = getattr(request, "hoctap_count", "")
                caches[settings.CACHE_MIDDLEWARE_ALIAS].set(
                    key, (response.status_code, headers, response.content, count), timeout
                )
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_USED"):  # the HTML holds this visitor's CSRF token
            return False
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in ("private", "no-cache", "no-store")):
            return False
        # Cookie and Accept-Language come from the language choice: only requests in the default
        # language, with no cookie but the CSRF one, get here, so they cannot change the page
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
        return vary <= {"accept-encoding", "accept-language", "cookie"}
