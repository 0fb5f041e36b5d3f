"""An editor watches a video being processed in the media listing, which refreshes by itself
(issue #18; hub/static/hub/js/video_status.js)."""

import psycopg
import pytest

from tests.browser.conftest import sign_in

# one demo server and one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]


def _set(server, title: str, **fields) -> None:
    """Change the video in the server's own database, as the worker would."""
    columns = ", ".join(f"{name} = %s" for name in fields)
    with psycopg.connect(server.env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(
            f"UPDATE hub_video SET {columns} WHERE title = %s",  # noqa: S608 (our column names)
            [*fields.values(), title],
        )


def test_the_media_listing_follows_processing_without_a_reload(demo_server, browser):
    with psycopg.connect(demo_server.env["DATABASE_URL"], autocommit=True) as conn:
        (title,) = conn.execute(
            "SELECT v.title FROM hub_video v JOIN hub_centre c ON c.collection_id = v.collection_id "
            "WHERE c.name = 'Phường Lam Hạ' ORDER BY v.id LIMIT 1"
        ).fetchone()
    _set(demo_server, title, status="processing", progress=40)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, demo_server, "lamha.bientap", "bientap-demo")
    page.goto(demo_server.url + "/admin/media/")
    row = page.locator("tr", has_text=title)
    assert row.locator("td[data-video-status]").inner_text().strip() == "Đang xử lý: 40%"
    page.evaluate("window.__marker = 'same page'")  # gone if the page reloads

    _set(demo_server, title, status="ready", progress=100)
    page.wait_for_function(
        "title => [...document.querySelectorAll('tr')].some(tr => tr.textContent.includes(title)"
        " && tr.querySelector('td[data-video-status=ready]'))",
        arg=title,
        timeout=15_000,
    )
    assert row.locator("td[data-video-status]").inner_text().strip() == "Sẵn sàng"
    assert page.evaluate("window.__marker") == "same page"
