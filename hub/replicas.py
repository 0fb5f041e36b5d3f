"""Read replicas: which database a query goes to when `DATABASE_REPLICA_URLS` names replicas.

Writes always go to the primary (`default`). Reads go to one replica per request only when all of
these hold, else to the primary:

- the query runs inside a web request (`ReplicaMiddleware`): management commands, migrations,
  task workers and anything else outside a request read the primary;
- the request is a GET/HEAD/OPTIONS/TRACE: a form post reads what it checks from the primary;
- the request has written nothing yet (read-your-writes within the request: the primary's
  connection watches what it executes; asking the router for the write database is no write);
- no transaction is open on the primary (`transaction.atomic`): what it reads, it may write;
- the browser made no POST in the last `REPLICA_LAG_SECONDS` (the signed cookie `hh_primary`,
  set on the answer to every POST): the page a learner is redirected to after saving reads the
  primary, whichever app server serves it;
- this process has not seen the content version move in the last `REPLICA_LAG_SECONDS`: a page
  published on another server must not be read from a replica that has not replayed it yet and
  then be kept in a content cache, the page cache or this process's network copy under the new
  version.

Nothing is kept per server: the cookie travels with the browser, the content version lives in the
shared cache. A replica more than `REPLICA_LAG_SECONDS` behind breaks these promises; watch
`pg_stat_replication.replay_lag` (docs/NATIONAL.md, "Read replicas").
"""

from __future__ import annotations

import random
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, connections

PRIMARY_COOKIE = "hh_primary"
PRIMARY_SALT = "hub.replicas.primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# The database cache's own table (hub_cache): always read on the primary, and filling it is no
# "write" that should send the rest of the request to the primary (`is_write`).
CACHE_APP_LABEL = "django_cache"


def replica_databases(urls: str, **options) -> dict[str, dict]:
    """`replica_1`, `replica_2`… from comma separated database URLs, parsed like DATABASE_URL.
    Tests never create them: they mirror `default`."""
    import dj_database_url

    aliases = {}
    for number, url in enumerate((u.strip() for u in urls.split(",") if u.strip()), start=1):
        config = dj_database_url.parse(url, **options)
        config["TEST"] = {"MIRROR": DEFAULT_DB_ALIAS}
        aliases[f"replica_{number}"] = config
    return aliases


@dataclass
class RequestState:
    """Where this request's reads go: `replica`, until something sends them to the primary."""

    replica: str
    primary: bool = False
    wrote: bool = False
    content_checked: bool = False


_state: ContextVar[RequestState | None] = ContextVar("hub_replica_state", default=None)


def current_state() -> RequestState | None:
    return _state.get()


def _in_transaction() -> bool:
    """An atomic block is open on the primary. The test case's own wrapping blocks (Django marks
    them) are not the application's transactions."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return False
    blocks = connection.atomic_blocks
    return not blocks or any(not getattr(b, "_from_testcase", False) for b in blocks)


# This process's view of the shared content version: the value and when it first saw it.
_clock = time.monotonic
_seen_lock = threading.Lock()
_seen: dict[str, float | int | None] = {"version": None, "at": 0.0}


def content_recently_changed() -> bool:
    """The content version moved (or this process started) less than REPLICA_LAG_SECONDS ago,
    as far as this process has seen: the first time it sees a version is after the change."""
    from .caching.invalidation import content_version

    version = content_version()
    now = _clock()
    with _seen_lock:
        if _seen["version"] != version:
            _seen["version"], _seen["at"] = version, now
        return now - _seen["at"] < settings.REPLICA_LAG_SECONDS


class ReplicaRouter:
    """Reads of a request to its replica while that is safe (module docstring); everything else,
    every write and every migration to the primary."""

    def db_for_read(self, model, **hints):
        state = _state.get()
        if state is None or state.primary or state.wrote:
            return DEFAULT_DB_ALIAS
        if model._meta.app_label == CACHE_APP_LABEL or _in_transaction():
            return DEFAULT_DB_ALIAS
        if not state.content_checked:
            # once per request; the version is pinned for the request by NetworkSiteMiddleware.
            # Marked first: with the database cache, reading the version is itself a query.
            state.content_checked = True
            if content_recently_changed():
                state.primary = True
                return DEFAULT_DB_ALIAS
        return state.replica

    def db_for_write(self, model, **hints):
        # Not a write yet: get_or_create (Wagtail's site settings on every page) asks for the write
        # database and only reads. What the primary executes decides (`_watch_writes`).
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        pool = {DEFAULT_DB_ALIAS, *settings.REPLICA_DATABASES}
        if obj1._state.db in pool and obj2._state.db in pool:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


# What a connection runs without changing data; any other statement on the primary is a write.
NOT_WRITES = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET ", "SHOW", "BEGIN", "COMMIT")


def is_write(sql: str) -> bool:
    """A statement that changes data, other than filling the database cache (hub_cache)."""
    if sql.lstrip()[:10].upper().startswith(NOT_WRITES):
        return False
    return not any(f'"{table}"' in sql for table in _cache_tables())


def _cache_tables() -> list[str]:
    return [
        conf["LOCATION"]
        for conf in settings.CACHES.values()
        if conf["BACKEND"].endswith(".DatabaseCache")
    ]


def _watch_writes(state: RequestState):
    """An execute wrapper for the primary: the request's first write sends its reads there."""

    def wrapper(execute, sql, params, many, context):
        if not state.wrote and is_write(sql):
            state.wrote = True
        return execute(sql, params, many, context)

    return wrapper


def _recent_post(request) -> bool:
    try:
        request.get_signed_cookie(
            PRIMARY_COOKIE, salt=PRIMARY_SALT, max_age=settings.REPLICA_LAG_SECONDS
        )
    except (KeyError, signing.BadSignature):  # absent, forged or older than the lag allowed
        return False
    return True


class ReplicaMiddleware:
    """Opens the request's routing state (first in MIDDLEWARE, so every other middleware's
    queries are routed too) and marks the browser after a POST (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unsafe = request.method not in SAFE_METHODS
        state = RequestState(
            replica=random.choice(settings.REPLICA_DATABASES),  # noqa: S311 -- load spreading
            primary=unsafe or _recent_post(request),
        )
        token = _state.set(state)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_watch_writes(state)):
                response = self.get_response(request)
        finally:
            _state.reset(token)  # a streamed body, read after this, uses the primary
        if unsafe:
            response.set_signed_cookie(
                PRIMARY_COOKIE,
                "1",
                salt=PRIMARY_SALT,
                max_age=settings.REPLICA_LAG_SECONDS,
                domain=settings.SESSION_COOKIE_DOMAIN,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
