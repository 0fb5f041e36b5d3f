"""A learner goes from the hub to a centre's own subsite and back, on a phone-sized screen."""

import re
from pathlib import Path

import pytest

# one demo server and one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_hub_to_centre_subsite_and_back(demo_server, phone):
    phone.goto(demo_server.url + "/")
    assert phone.locator("h1").inner_text() == "Phủ Lý – Thành phố học tập"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "hub-phone.png"), full_page=True)

    phone.locator("[data-testid=centre-links] a", has_text="TTHTCĐ phường Lam Hạ").click()
    phone.wait_for_url(re.compile(rf"^http://lam-ha\.localhost:{demo_server.port}/$"))
    assert phone.locator("h1").inner_text() == "TTHTCĐ phường Lam Hạ"
    library = phone.locator(".site-nav a", has_text="Thư viện số")
    assert not library.is_visible()  # folded behind the header's menu button on a phone
    phone.locator("[data-testid=menu-toggle]").click()
    assert library.is_visible()
    phone.screenshot(path=str(SCREENSHOTS / "centre-phone.png"), full_page=True)

    phone.locator("[data-testid=link-to-hub]").click()
    phone.wait_for_url(f"{demo_server.url}/")
    assert phone.locator("h1").inner_text() == "Phủ Lý – Thành phố học tập"


def test_text_size_control_is_remembered(demo_server, phone):
    phone.goto(demo_server.url + "/")
    base = phone.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert base >= 18
    phone.locator("[data-text-size='1.25']").click()
    phone.reload()
    larger = phone.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert larger == pytest.approx(base * 1.25)
    assert phone.locator("[data-text-size='1.25']").get_attribute("aria-pressed") == "true"
    assert phone.locator("[aria-pressed='true']").count() == 1
