"""Production settings without REDIS_URL, two gunicorn workers: a page an editor makes private
stops being served to anonymous visitors by every worker at once (the cache that holds the
content version is shared, never one per process)."""

import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import psycopg
import pytest

from tests.conftest import DEMO_TEMPLATE
from tests.servers import ROOT, free_port, run_python

# beside the other servers built from the session's demo network
pytestmark = [pytest.mark.smoke, pytest.mark.xdist_group("demo-server")]
BIN = os.path.dirname(sys.executable)


def _get(url: str, host: str) -> tuple[int, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Host": host, "Connection": "close"})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers.get("X-Worker", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


@pytest.fixture
def production(django_db_setup, tmp_path):
    base_url = os.environ["DATABASE_URL"]
    name = f"hoctap_workers_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{DEMO_TEMPLATE}"')
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + name,
        "ALLOWED_HOSTS": ".localhost,localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("REDIS_URL", None)
    # the copy is of the migrated test database: only the manifest of static files is missing
    done = run_python(env, "manage.py", "collectstatic", "--noinput", "-v", "0")
    assert done.returncode == 0, done.stderr
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [
            f"{BIN}/gunicorn",
            "hub.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(f"http://127.0.0.1:{port}/robots.txt", "localhost")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    yield env, f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(20)
    log.close()
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_a_page_made_private_is_private_on_every_worker_at_once(production, centre_a):
    from lessons.models import LessonPage

    env, url = production
    lesson = LessonPage.objects.live().descendant_of(centre_a.site.root_page).first()
    path = lesson.relative_url(centre_a.site)
    host = centre_a.site.hostname
    # every worker has loaded its copy of the network and served the page
    assert {_get(url + path, host)[0] for _ in range(30)} == {200}

    restricted = run_python(
        env,
        "manage.py",
        "shell",
        "-c",
        "from wagtail.models import Page, PageViewRestriction; "
        f"PageViewRestriction.objects.create(page=Page.objects.get(pk={lesson.pk}), "
        "restriction_type='login')",
    )
    assert restricted.returncode == 0, restricted.stderr
    answers = {_get(url + path, host) for _ in range(30)}
    assert answers == {(302, f"/_util/login/?next={path}")}
