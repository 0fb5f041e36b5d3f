"""Two app servers behind no sticky load balancer (issue #24, docs/NATIONAL.md): two gunicorn
processes on two ports, production settings, one PostgreSQL database and one Redis. Whatever a
visitor or an editor does through one server holds on the other at once:

- a page published through server A is served fresh by server B (the content version in Redis
  moves, B's page cache entry is gone and B reloads its per-process copy of the network, whose
  menu shows the new title);
- a login made on A is a login on B (sessions in the database, one secret key);
- a view counted through A and one through B land in the same counter row, and the "already
  counted today" mark set through one server is honoured by the other.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection

import psycopg
import pytest
import redis

from tests.conftest import DEMO_TEMPLATE
from tests.servers import ROOT, free_port, run_python

# beside the other servers built from the session's demo network
pytestmark = [pytest.mark.smoke, pytest.mark.xdist_group("demo-server")]
BIN = os.path.dirname(sys.executable)
PHONE = "Mozilla/5.0 (Linux; Android 10; Redmi 8A) Chrome/120.0 Mobile Safari/537.36"
PASSWORD = "mat-khau-hai-may-chu-" + secrets.token_hex(8)
NEW_TITLE = "Kho bài giảng chung"


class Server:
    """One app server (gunicorn, one worker: one process and so one network copy)."""

    def __init__(self, name: str, env: dict, logdir):
        self.name, self.port = name, free_port()
        self.database_url = env["DATABASE_URL"]
        self.log = open(logdir / f"{name}.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [f"{BIN}/gunicorn", "hub.wsgi:application", "--workers", "1"]
            + ["--bind", f"127.0.0.1:{self.port}", "--timeout", "60"],
            cwd=ROOT,
            env={**env, "HUB_SITE_PORT": str(self.port)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def request(self, method, host, path, *, cookies=None, body=None, headers=None, agent=PHONE):
        """(status, headers, text): no redirect followed, cookies sent by hand (the production
        cookies are Secure, and these requests are plain HTTP on the loopback)."""
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": host, "User-Agent": agent, "Connection": "close", **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode()
        connection.close()
        return response.status, response.msg, text

    def get(self, host, path, **kwargs):
        return self.request("GET", host, path, **kwargs)

    def wait(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.log.name, open(self.log.name).read())
            try:
                if self.get("localhost", "/robots.txt")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"{self.name} did not start: " + open(self.log.name).read())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(20)
        self.log.close()


def cookies_of(headers, jar: dict) -> dict:
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


@pytest.fixture(scope="module")
def network_pages(django_db_setup, django_db_blocker):
    """What the test touches, read from the session's demo network (the servers' database is a
    copy of it, so the ids are the same)."""
    from hub.models import Centre
    from lessons.models import LessonIndexPage, LessonPage

    def read():
        from django.db import connection

        try:
            centre = Centre.objects.with_site().get(name="Phường Lam Hạ")
            index = LessonIndexPage.objects.child_of(centre.site.root_page).get()
            lesson = LessonPage.objects.live().child_of(index).order_by("pk").first()
            return {
                "host": centre.site.hostname,
                "index_pk": index.pk,
                "index_title": index.title,
                "lesson_pk": lesson.pk,
                "lesson_path": lesson.relative_url(centre.site),
            }
        finally:
            connection.close()

    # in a thread of its own: a browser test before it on this worker (Playwright's sync API)
    # leaves an event loop running in the main thread, where Django refuses database calls
    with django_db_blocker.unblock(), ThreadPoolExecutor(1) as pool:
        return pool.submit(read).result()


@pytest.fixture(scope="module")
def two_servers(django_db_setup, redis_url, network_pages, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("two-servers")
    base_url = os.environ["DATABASE_URL"]
    name = f"hoctap_two_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{DEMO_TEMPLATE}"')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),  # one key for every server
        "DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + name,
        "REDIS_URL": f"{redis_url}/0",
        "PAGE_CACHE_URL": f"{redis_url}/1",
        "ALLOWED_HOSTS": ".localhost,localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "HUB_CENTRE_DOMAIN": "localhost",
        "MEDIA_ROOT": str(workdir / "media"),  # shared, as one S3 bucket would be
        "STATIC_ROOT": str(workdir / "static"),
        "SEARCH_URL": "",
    }
    # the copy is of the migrated test database: only the manifest of static files is missing;
    # the editor's account (hashed with the production hasher) and a draft of the lesson index
    # with a new title, which the test publishes through server A
    setup = (
        "from django.contrib.auth import get_user_model; from wagtail.models import Page; "
        f"get_user_model().objects.create_superuser('hai.may.chu', 'a@example.vn', {PASSWORD!r}); "
        f"page = Page.objects.get(pk={network_pages['index_pk']}).specific; "
        f"page.title = {NEW_TITLE!r}; page.save_revision()"
    )
    with ThreadPoolExecutor(2) as pool:
        jobs = [
            pool.submit(run_python, env, "manage.py", "collectstatic", "--noinput", "-v", "0"),
            pool.submit(run_python, env, "manage.py", "shell", "-c", setup),
        ]
        for job in jobs:
            done = job.result()
            assert done.returncode == 0, done.stderr
    servers = [Server("a", env, workdir), Server("b", env, workdir)]
    try:
        yield [server.wait() for server in servers]
    finally:
        for server in servers:
            server.stop()
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def content_version(redis_url: str) -> int:
    """The content version as every server reads it (Django's key ":1:<key>", ints stored as is)."""
    return int(redis.Redis.from_url(f"{redis_url}/0").get(":1:hub:content-version"))


def menu_titles(html: str) -> list[str]:
    nav = re.search(r'<nav[^>]*id="site-nav".*?</nav>', html, re.S)
    assert nav, "no site menu"
    return [t.strip() for t in re.findall(r"<a[^>]*>\s*([^<]+?)\s*</a>", nav.group(0))]


def login(server: Server) -> dict:
    status, headers, html = server.get("localhost", "/admin/login/")
    assert status == 200
    jar = cookies_of(headers, {})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    status, headers, _ = server.request(
        "POST",
        "localhost",
        "/admin/login/",
        cookies=jar,
        body={"csrfmiddlewaretoken": token, "username": "hai.may.chu", "password": PASSWORD},
    )
    assert status == 302, "login refused"
    return cookies_of(headers, jar)


def test_a_login_on_one_server_is_valid_on_the_other(two_servers):
    a, b = two_servers
    jar = login(a)
    assert "sessionid" in jar
    status, _, html = b.get("localhost", "/admin/", cookies=jar)
    assert status == 200 and "hai.may.chu" in html
    assert b.get("localhost", "/admin/")[0] == 302  # without the cookie: the login page


def test_a_page_published_through_one_server_is_served_fresh_by_the_other(
    two_servers, redis_url, network_pages
):
    a, b = two_servers
    host, old = network_pages["host"], network_pages["index_title"]
    # B serves the centre's home (now in the page cache) and has loaded its network copy; the
    # draft saved before the servers started is not public
    for _ in range(2):
        status, _, html = b.get(host, "/")
        assert status == 200 and old in menu_titles(html) and NEW_TITLE not in html
    before = content_version(redis_url)

    # an editor signed in on A, the confirmation form fetched from B, the publish posted to A
    jar = login(a)
    action = f"/admin/bulk/wagtailcore/page/publish/?id={network_pages['index_pk']}&next=/admin/"
    status, _, form = b.get("localhost", action, cookies=jar)
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    status, headers, _ = a.request(
        "POST", "localhost", action, cookies=jar, body={"csrfmiddlewaretoken": token}
    )
    assert (status, headers["Location"]) == (302, "/admin/")

    assert content_version(redis_url) != before
    status, _, html = b.get(host, "/")
    assert status == 200
    titles = menu_titles(html)
    assert NEW_TITLE in titles and old not in titles
    assert NEW_TITLE in menu_titles(a.get(host, "/")[2])


def test_views_counted_through_both_servers_land_in_one_counter(two_servers, network_pages):
    a, b = two_servers
    host, path = network_pages["host"], network_pages["lesson_path"]

    def views() -> int:
        with psycopg.connect(a.database_url) as conn:
            row = conn.execute(
                "select views from lessons_lessonstats where page_id = %s",
                [network_pages["lesson_pk"]],
            ).fetchone()
        return row[0] if row else 0

    before = views()
    one, two = f"{PHONE} visitor-1", f"{PHONE} visitor-2"
    assert a.get(host, path, agent=one)[0] == 200  # counted
    assert b.get(host, path, agent=two)[0] == 200  # counted (B's page cache may answer)
    assert b.get(host, path, agent=one)[0] == 200  # seen today through A: not again
    assert a.get(host, path, agent=two)[0] == 200  # seen today through B: not again
    assert views() == before + 2
