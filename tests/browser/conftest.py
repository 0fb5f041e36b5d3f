import os
import uuid

import psycopg
import pytest
from playwright.sync_api import sync_playwright

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


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, tmp_path):
    """A cheap phone: small screen, touch."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()
