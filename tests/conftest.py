import os
import uuid

import psycopg
import pytest
from wagtail.models import Site

from home.demo import load_demo_network
from home.factories import UserFactory
from home.models import HubHomePage
from hub.models import Centre
from tests.servers import DemoServer


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the Phủ Lý demo network (hub + 8 centres), loaded once per session."""
    with django_db_blocker.unblock():
        load_demo_network(port=80, log=lambda _message: None)


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
def _fresh_cache():
    """Each test starts with an empty cache: rolled-back rows must not live on in cached lookups."""
    from django.core.cache import cache

    from hub.counters import forget_seen_here

    cache.clear()
    forget_seen_here()
    yield
    cache.clear()
    forget_seen_here()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The demo network served by a real server on its own PostgreSQL database."""
    base_url = os.environ["DATABASE_URL"]
    name = f"hoctap_browser_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    workdir = tmp_path_factory.mktemp("browser")
    server = DemoServer(
        {
            "DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + name,
            "MEDIA_ROOT": str(workdir),
            "LESSON_SHARE_MIN_SECONDS": "0",
        },
        workdir,
    ).start()
    yield server
    server.stop()
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
