"""A judge signs in and scores an entry (seeing no ranking while judging is open); the organiser
reads the engagement-weighted ranking."""

import pytest

from tests.browser.conftest import sign_in

# one demo server and one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]


def _open_judged_contest(page, server, username: str, password: str) -> None:
    """Sign in to the admin and open the demo's judged contest in the judging screens."""
    sign_in(page, server, username, password)
    page.goto(server.url + "/admin/contests/judging/")
    page.locator("a", has_text="Thiết kế video giới thiệu Tủ sách cộng đồng 2025").click()


def test_judge_scores_an_entry_and_the_organiser_views_the_ranking(demo_server, browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _open_judged_contest(page, demo_server, "giamkhao1", "giamkhao-demo")
    row = page.locator("[data-testid=judging-entries] tr", has_text="Tủ sách xã Phù Vân")
    row.locator("a.button").click()
    form = page.locator("[data-testid=score-form]")
    inputs = form.locator("input[type=text]")
    for i in range(inputs.count()):
        inputs.nth(i).fill("10")
    inputs.nth(0).fill("11")
    form.locator("[data-testid=score-submit]").click()
    page.locator(".error-message").first.wait_for()
    assert "Điểm phải từ 0 đến 10" in page.locator(".error-message").first.inner_text()
    inputs = page.locator("[data-testid=score-form] input[type=text]")
    inputs.nth(0).fill("9,5")
    page.fill("textarea[name=comment]", "Video giàu cảm xúc, âm thanh rõ.")
    page.check("[data-testid=score-form] input[name=checked]")  # "Tôi đã xem lại điểm"
    page.locator("[data-testid=score-submit]").click()
    page.locator("[data-testid=judging-entries]").wait_for()
    assert "Đã lưu điểm" in page.content()
    assert page.locator("a", has_text="Xem xếp hạng").count() == 0  # judging is still open
    page.context.clear_cookies()
    _open_judged_contest(page, demo_server, "admin", "hoctap-demo")
    page.locator("a", has_text="Xem xếp hạng").click()
    table = page.locator("[data-testid=ranking]")
    table.wait_for()
    assert table.locator("tbody tr").count() == 8
    assert "Tủ sách xã Phù Vân" in table.inner_text()
    page.screenshot(
        path=str(
            __import__("pathlib").Path(__file__).resolve().parents[2]
            / "var"
            / "screenshots"
            / "ranking.png"
        )
    )
