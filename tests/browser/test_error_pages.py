"""A learner opens an address that no longer exists on a centre's site, on a phone: the page
says so in Vietnamese inside the centre's frame, its search box finds things and its link goes
back to the centre's home."""

import re
from pathlib import Path

import pytest

# one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


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
