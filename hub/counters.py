"""Deciding whether a public counter event counts: bots, once per visitor per period, per-IP limits.

Who the visitor is: a random id per browser, kept in a signed first-party cookie (`browser_id`),
so people sharing one address (a hall behind one router, a carrier's NAT) each count, and a
client that changes its user agent stays one visitor. Likes and shares need that id and mint one
when it is missing (at most BROWSER_IDS_PER_IP_PER_HOUR new ids per address and hour, so a client
that throws its cookies away cannot mint without bound); views fall back to address + user agent
for a browser that has none yet, so cached pages never need to set a cookie.

Plain functions over the cache and one atomic bump; the apps own their counter rows and call these
from their counter models' querysets (e.g. LessonStats.objects.count_view). Who may import it:
any app.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import re
import secrets

from django.core.cache import cache
from django.db import models

BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|bingpreview|facebookexternalhit|headless|python-requests|curl|wget|"
    r"httpclient|scrapy|zalo.*link|preview|monitor|lighthouse",
    re.IGNORECASE,
)
PER_IP_PER_HOUR = 300
BROWSER_COOKIE = "hh_b"
BROWSER_SALT = "hub.counters.browser"
BROWSER_ID_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")
BROWSER_COOKIE_MAX_AGE = 400 * 86_400  # browsers cap cookie lifetimes at 400 days
BROWSER_IDS_PER_IP_PER_HOUR = 200


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_RE.search(user_agent))


def client_ip(request) -> str:
    """The visitor's address. Behind reverse proxies (TRUSTED_PROXY_COUNT > 0) it is read from
    CLIENT_IP_HEADER (X-Forwarded-For): each trusted proxy appends the address it saw, so the
    client is the entry that many places from the right; what the client itself put further left
    is never believed. Without trusted proxies, or with a missing or malformed header, it is the
    address of the connection."""
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    header = request.META.get(getattr(settings, "CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR"), "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def browser_id(request, *, mint: bool = False, limit: int | None = None) -> str | None:
    """This browser's random id from its signed cookie. With `mint`, a browser without one gets a
    new id (set on the response by hub.middleware.BrowserIdMiddleware), unless its address has
    minted BROWSER_IDS_PER_IP_PER_HOUR ids this hour: then None. (Bots get ids too; their
    events are refused by `is_bot` wherever counting happens.)"""
    known = getattr(request, "_hub_browser_id", None)
    if known:
        return known
    value = request.get_signed_cookie(BROWSER_COOKIE, default=None, salt=BROWSER_SALT)
    if value and BROWSER_ID_RE.match(value):
        request._hub_browser_id = value
        return value
    if not mint:
        return None
    from django.conf import settings

    if limit is None:
        limit = getattr(settings, "BROWSER_IDS_PER_IP_PER_HOUR", BROWSER_IDS_PER_IP_PER_HOUR)
    if _hourly_count_exceeds(f"mint:{client_ip(request)}", limit):
        return None
    value = secrets.token_urlsafe(16)
    request._hub_browser_id = request._hub_new_browser_id = value
    return value


def remember_browser(request, response) -> None:
    """Give the browser the id minted for it during this request (if any)."""
    from django.conf import settings

    value = getattr(request, "_hub_new_browser_id", None)
    if value:
        response.set_signed_cookie(
            BROWSER_COOKIE,
            value,
            salt=BROWSER_SALT,
            max_age=BROWSER_COOKIE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def browser_key(browser: str) -> str:
    """The one-way key stored for a browser id (a like row, a de-duplication key)."""
    return hashlib.sha256(f"browser|{browser}".encode()).hexdigest()[:24]


def visitor_key(request) -> str:
    """A stable, non-reversible id of the visitor for de-duplication: its browser id, or for a
    browser that has none yet, its address and user agent."""
    browser = browser_id(request)
    if browser:
        return browser_key(browser)
    raw = f"{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _hour() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H")


def minted_this_hour(request) -> int:
    """How many new browser ids this request's address was given this hour."""
    return cache.get(f"mint:{client_ip(request)}:{_hour()}") or 0


def _hourly_count_exceeds(name: str, limit: int) -> bool:
    hour = _hour()
    key = f"{name}:{hour}"
    cache.add(key, 0, 3700)
    try:
        return cache.incr(key) > limit
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, 3700)
        return False


def rate_limited(request, limit: int | None = None) -> bool:
    """True once this IP has made more than `limit` counted events this hour
    (COUNTER_PER_IP_PER_HOUR; raise it where many visitors share one address)."""
    from django.conf import settings

    limit = limit or getattr(settings, "COUNTER_PER_IP_PER_HOUR", PER_IP_PER_HOUR)
    return _hourly_count_exceeds(f"rl:{client_ip(request)}", limit)


# Visitors this process already knows were counted (or seen) for a subject and period: a repeat
# visit then costs no cache round trip. Only ever holds keys the shared cache also has set, so it
# can only refuse what the cache would refuse; bounded, oldest forgotten first.
_seen_here: dict[str, None] = {}
SEEN_HERE_MAX = 20_000


def _remember_seen(key: str) -> None:
    if len(_seen_here) >= SEEN_HERE_MAX:
        del _seen_here[next(iter(_seen_here))]
    _seen_here[key] = None


def forget_seen_here() -> None:
    """Empty this process's list (tests, with the cache they empty)."""
    _seen_here.clear()


def _seen_key(request, subject: str, once_per: str) -> str:
    period = datetime.date.today().isoformat() if once_per == "day" else "ever"
    return f"seen:{subject}:{visitor_key(request)}:{period}"


def mark_seen_today(request, subject: str) -> None:
    """Record that this request's visitor was counted today on `subject` (should_count will say
    no until tomorrow), for a view counted under another key and carried to this one."""
    cache.add(_seen_key(request, subject, "day"), 1, 90_000)


def should_count(request, subject: str, once_per: str = "day", limit: int | None = None) -> bool:
    """Whether this request's event on `subject` counts (not a bot, first today, under the
    per-address limit: COUNTER_PER_IP_PER_HOUR, or `limit`)."""
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    key = _seen_key(request, subject, once_per)
    if key in _seen_here:
        return False
    if not cache.add(key, 1, 90_000 if once_per == "day" else None):
        _remember_seen(key)
        return False
    if rate_limited(request, limit):
        cache.delete(key)  # not counted, so not seen: the visitor's next view may count
        return False
    return True


def count_once(
    request, subject: str, model, pk_field: str, pk, field: str, limit: int | None = None
) -> bool:
    """should_count + bump; if the database write fails (e.g. during a restart) the visitor is
    not marked as seen, so their next request counts: nothing counted that was not accepted,
    nothing accepted that was not counted."""
    if not should_count(request, subject, limit=limit):
        return False
    key = _seen_key(request, subject, "day")
    try:
        bump(model, field, **{pk_field: pk})
    except Exception:
        cache.delete(key)
        raise
    _remember_seen(key)
    return True


def bump(model, field: str, delta: int = 1, **key) -> None:
    """Atomically add `delta` to `field` of the row of `model` with these key values, creating the
    row on first use (no lost updates): a counter row, a page's day count, a day's search miss."""
    from django.db.models import F

    model.objects.get_or_create(**key)
    model.objects.filter(**key).update(**{field: F(field) + delta})


class CounterQuerySet(models.QuerySet):
    """The queryset of a model of counter rows, one row per counted object (a lesson, a library
    item, a contest entry). Subclasses name the subject used in the visitor's de-duplication key
    and the row's key field."""

    subject = ""  # e.g. "lesson": keys look like "lesson:<pk>:view"
    owner_field = "page_id"
    per_ip_setting = ""  # a setting naming a higher per-address limit for these rows, if any

    def per_ip_limit(self) -> int | None:
        from django.conf import settings

        return getattr(settings, self.per_ip_setting, None) if self.per_ip_setting else None

    def count_once(self, request, pk: int, field: str, event: str = "") -> bool:
        """Add one to `field` of the row of `pk`, once per visitor per day and `event` (default:
        the field), bots excluded, under the per-IP limit, atomically; the page's count for
        today (`hub.PageDayCount`) follows."""
        subject = f"{self.subject}:{pk}:{event or field}"
        counted = count_once(
            request, subject, self.model, self.owner_field, pk, field, self.per_ip_limit()
        )
        if counted:  # every owner of counter rows is a page: keep its day's count too
            from django.utils import timezone

            from .models import PageDayCount

            bump(PageDayCount, "count", page_id=pk, day=timezone.localdate(), event=field)
        return counted

    def count_view(self, request, pk: int) -> bool:
        """A view, counted in the `views` field."""
        return self.count_once(request, pk, "views", "view")
