import os
import shutil
import subprocess
import time
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.cache import caches
from wagtail.models import Site

from home.demo import load_demo_network
from home.factories import UserFactory
from home.models import HubHomePage
from hub.models import Centre
from hub.settings.base import with_page_cache
from tests.servers import DemoServer, free_port, sqlite_env

DEMO_TEMPLATE = f"hoctap_demo_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the Phủ Lý demo network (hub + 8 centres), loaded once per session.
    On PostgreSQL a copy of it is kept as a template, so servers started by tests get the same
    network in a second instead of migrating and loading it again."""
    from django.db import connection, connections
    from django.test import override_settings

    # Wagtail's admin search index is not filled for the demo (a fifth of the load's time): the
    # tests that search the admin make their own pages, which are indexed as usual.
    backends = {
        name: {**conf, "AUTO_UPDATE": False}
        for name, conf in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with django_db_blocker.unblock(), override_settings(WAGTAILSEARCH_BACKENDS=backends):
        # one centre (Lam Hạ) gets the demo videos: each costs ~1.5 s through the pipeline; the
        # SQLite rerun of the search tests (scripts/test.sh) needs none
        videos = 1 if connection.vendor == "postgresql" else 0
        load_demo_network(port=80, log=lambda _message: None, video_centres=videos)
        test_database = connection.settings_dict["NAME"]
        is_postgres = connection.vendor == "postgresql"
        connections.close_all()
    if is_postgres:
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{DEMO_TEMPLATE}" TEMPLATE "{test_database}"')
    yield
    if is_postgres:
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DEMO_TEMPLATE}" WITH (FORCE)')


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A real Redis server (Debian's redis-server) on a free port for the module, without disk."""
    import redis

    port = free_port()
    server = subprocess.Popen(
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port)]
        + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path_factory.mktemp("redis"),
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    assert client.ping(), "redis-server did not start"
    yield f"redis://127.0.0.1:{port}"
    server.terminate()
    server.wait(10)


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache switched on, in its own local-memory cache (emptied after)."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    settings.CACHE_MIDDLEWARE_ALIAS = "pages"
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    settings.MIDDLEWARE = with_page_cache(settings.MIDDLEWARE)
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def hub_home(db):
    return HubHomePage.objects.get()


@pytest.fixture
def hub_site(hub_home):
    return Site.objects.get(root_page=hub_home)


@pytest.fixture
def centre_a(db):
    return Centre.objects.with_site().get(name="Phường Lam Hạ")


@pytest.fixture
def centre_b(db):
    return Centre.objects.with_site().get(name="Xã Phù Vân")


@pytest.fixture
def editor_a(centre_a):
    return UserFactory(username="bientap.lamha", groups=[centre_a.editors_group])


@pytest.fixture
def contributor_a(centre_a):
    return UserFactory(username="congtac.lamha", groups=[centre_a.contributors_group])


@pytest.fixture
def superuser(db):
    return UserFactory(username="quantri", is_superuser=True, is_staff=True)


def host_of(centre) -> dict:
    """Client kwargs that send a request to a centre's own hostname."""
    return {"HTTP_HOST": centre.site.hostname}


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in the default language: a request in English (or a test that switched)
    must not leave English active for the plain functions of the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rolled-back rows must not live on in cached lookups."""
    from django.core.cache import cache

    from hub.counters import forget_seen_here
    from learners.sms import outbox

    cache.clear()
    forget_seen_here()
    outbox.clear()
    yield
    cache.clear()
    forget_seen_here()


@pytest.fixture(scope="session")
def demo_server(django_db_setup, tmp_path_factory):
    """The demo network served by a real server on its own PostgreSQL database (a copy of the
    session's demo network; `load_demo_data --port` then moves every site to the server's port)."""

    base_url = os.environ["DATABASE_URL"]
    name = f"hoctap_browser_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{DEMO_TEMPLATE}"')
    workdir = tmp_path_factory.mktemp("browser")
    server = DemoServer(
        {
            "DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + name,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # where the session's demo files are
            "LESSON_SHARE_MIN_SECONDS": "0",
            "DJANGO_SETTINGS_MODULE": "tests.server_settings",
        },
        workdir,
    ).start(migrate=False, demo_copy=True)
    yield server
    server.stop()
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """An SQLite database that has had every migration, made once per session (per pytest-xdist
    worker: the tests using it share the "sqlite" xdist group). Tests copy it with `fresh_sqlite`."""
    workdir = tmp_path_factory.mktemp("sqlite-migrated")
    db = workdir / "db.sqlite3"
    DemoServer(sqlite_env(workdir, db), workdir).manage("migrate", "--noinput")
    return db


@pytest.fixture
def fresh_sqlite(migrated_sqlite, tmp_path):
    """A copy of the migrated SQLite database in this test's tmp_path: a brand-new install."""
    db = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated_sqlite, db)
    return db
