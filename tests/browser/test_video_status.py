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


def test_the_video_chooser_follows_processing_and_stops_a_failed_choice(demo_server, browser):
    """An editor opens the video chooser of a lesson while two of the centre's videos are still
    being processed: one becomes ready, the other fails and can no longer be chosen, without
    reopening the chooser (hub/static/hub/js/video_chooser_status.js)."""
    with psycopg.connect(demo_server.env["DATABASE_URL"], autocommit=True) as conn:
        (lesson_id,) = conn.execute(
            "SELECT page_ptr_id FROM lessons_lessonpage WHERE body::text LIKE '%\"video\"%' "
            "ORDER BY page_ptr_id LIMIT 1"
        ).fetchone()
        ready, failing = (
            row[0]
            for row in conn.execute(
                "SELECT v.title FROM hub_video v JOIN hub_centre c "
                "ON c.collection_id = v.collection_id WHERE c.name = 'Phường Lam Hạ' "
                "AND v.status = 'ready' ORDER BY v.id LIMIT 2"
            ).fetchall()
        )
    _set(demo_server, ready, status="processing", progress=70)
    _set(demo_server, failing, status="queued", progress=0)
    try:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(page, demo_server, "lamha.bientap", "bientap-demo")
        page.goto(f"{demo_server.url}/admin/pages/{lesson_id}/edit/")
        chooser = page.locator(".media-chooser").first
        chooser.locator("[data-w-dropdown-target=toggle]").click()  # the chosen video's actions
        chooser.locator("[data-chooser-action-choose]").first.click()
        modal = page.locator(".modal")
        cell = modal.locator("tr", has_text=ready).locator("td[data-video-status]")
        assert cell.inner_text().strip() == "Đang xử lý: 70%"
        assert modal.locator("tr", has_text=failing).locator("a.media-choice").count() == 1

        _set(demo_server, ready, status="ready", progress=100)
        _set(demo_server, failing, status="failed", error="Tệp không có luồng hình.")
        page.wait_for_function(
            "title => [...document.querySelectorAll('.modal tr')].some(tr =>"
            " tr.textContent.includes(title) && tr.querySelector('td[data-video-status=failed]'))",
            arg=failing,
            timeout=15_000,
        )
        assert cell.inner_text().strip() == "Sẵn sàng"
        failed_row = modal.locator("tr", has_text=failing)
        assert failed_row.locator("td[data-video-status]").inner_text().strip() == (
            "Lỗi: Tệp không có luồng hình."
        )
        assert failed_row.locator("a.media-choice").count() == 0  # no longer a choice
        assert modal.locator("tr", has_text=ready).locator("a.media-choice").count() == 1
    finally:
        _set(demo_server, ready, status="ready", progress=100)
        _set(demo_server, failing, status="ready", progress=100, error="")
