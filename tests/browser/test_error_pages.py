"""A learner opens an address that no longer exists on a centre's site, on a phone: the page
says so in Vietnamese inside the centre's frame, its search box finds things and its link goes
back to the centre's home."""

import os
import re
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.conftest import DEMO_TEMPLATE
from tests.servers import DemoServer

# one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# The shared demo_server runs the dev settings (DEBUG on), where Django answers a missing page
# with its own debug page instead of handler404; this server serves with DEBUG off (static files
# by WhiteNoise from the apps' folders). Only the demo loader runs with DEBUG on: it refuses a
# server without it (it makes accounts with public passwords).
SETTINGS = """import sys

from tests.server_settings import *  # noqa: F403

DEBUG = "load_demo_data" in sys.argv
WHITENOISE_USE_FINDERS = True
"""


@pytest.fixture(scope="module")
def server_without_debug(django_db_setup, tmp_path_factory):
    """The demo network (a copy of the session's) served with DEBUG off."""
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
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(workdir), os.environ.get("PYTHONPATH")])
            ),
        },
        workdir,
    )
    try:
        yield server.start(migrate=False)
    finally:
        server.stop()
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_missing_page_on_a_centre_offers_search_and_the_way_home(server_without_debug, phone):
    centre = f"http://lam-ha.localhost:{server_without_debug.port}"
    phone.set_viewport_size({"width": 390, "height": 844})
    response = phone.goto(centre + "/bai-giang/bai-da-go-xuong/")
    assert response.status == 404
    assert phone.locator("main h1").inner_text() == "Không tìm thấy trang"
    assert phone.locator(".site-header__brand strong").inner_text() == "TTHTCĐ phường Lam Hạ"
    assert phone.locator("[data-testid=error-hub]").is_visible()
    # nothing on the page is wider than the phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "404-centre-phone.png"), full_page=True)

    search = phone.locator("[data-testid=error-search]")
    search.get_by_role("searchbox").fill("phân loại rác")
    search.get_by_role("button", name="Tìm").click()
    phone.wait_for_url(re.compile(rf"^{re.escape(centre)}/tim-kiem/\?q="))
    assert phone.locator("h1").inner_text() == "Tìm kiếm"
    assert phone.locator("[data-testid=search-results] li.card").count() >= 1

    phone.go_back()
    phone.wait_for_url(centre + "/bai-giang/bai-da-go-xuong/")
    phone.locator("[data-testid=error-home]").click()
    phone.wait_for_url(centre + "/")
    assert phone.locator("h1").inner_text() == "TTHTCĐ phường Lam Hạ"
