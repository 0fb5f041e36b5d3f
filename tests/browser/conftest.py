import os
import uuid

import psycopg
import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from tests.conftest import DEMO_TEMPLATE
from tests.servers import DemoServer

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _checked_page(browser, width: int, height: int):
    """A touch phone of this size; fails the test on anything the Content-Security-Policy refused
    (a script or style the site relies on)."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert refused == []


@pytest.fixture
def phone(browser):
    """A cheap phone: small screen, touch."""
    yield from _checked_page(browser, 360, 740)


@pytest.fixture
def phone_390(browser):
    """A common Android phone, 390 x 844 (the size the issues measure at)."""
    yield from _checked_page(browser, 390, 844)


# The shared demo_server runs the dev settings (DEBUG on), where Django answers a missing page
# with its own debug page instead of handler404; this server serves with DEBUG off (static files
# by WhiteNoise from the apps' folders). Only the demo loader runs with DEBUG on: it refuses a
# server without it (it makes accounts with public passwords).
SETTINGS = """import sys

from tests.server_settings import *  # noqa: F403

DEBUG = "load_demo_data" in sys.argv
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA_FROM_DJANGO = True  # hub/urls.py: the covers and posters in the pictures
CATALOGUE_CENTRE_FACETS = 3  # the demo's 8 centres stand for a large network's catalogue filter
"""


@pytest.fixture(scope="session")
def server_without_debug(django_db_setup, tmp_path_factory):
    """The demo network (a copy of the session's) served with DEBUG off, for the error pages, the
    accessibility and page-weight checks (they only read it)."""
    base_url = os.environ["DATABASE_URL"]
    name = f"hoctap_errors_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{DEMO_TEMPLATE}"')
    workdir = tmp_path_factory.mktemp("error-pages")
    (workdir / "error_pages_settings.py").write_text(SETTINGS)
    server = DemoServer(
        {
            "DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + name,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DJANGO_SETTINGS_MODULE": "error_pages_settings",
            "LESSON_SHARE_MIN_SECONDS": "0",  # the share-status page is reached by sharing
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(workdir), os.environ.get("PYTHONPATH")])
            ),
        },
        workdir,
    )
    try:
        yield server.start(migrate=False, demo_copy=True)
    finally:
        server.stop()
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def addresses(server_without_debug, browser) -> dict[str, str]:
    """A real address of every page type (tests/browser/test_accessibility.py: PAGE_TYPES), found
    once per session by following the demo network's links; the accessibility and page-weight
    checks share them."""
    from tests.browser.test_accessibility import PAGE_TYPES

    server = server_without_debug
    hub, centre = server.url, f"http://lam-ha.localhost:{server.port}"
    context = browser.new_context()
    page = context.new_page()
    try:
        return {name: find(hub, centre, page) for name, find in PAGE_TYPES.items()}
    finally:
        context.close()


def sign_in(page, server, username: str, password: str) -> None:
    """Sign in to the admin as a person would and land on its dashboard."""
    page.goto(server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/admin/")
