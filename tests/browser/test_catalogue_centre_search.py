"""A learner on a 390 x 844 phone at the largest text size finds one centre's books in the hub's
catalogue by typing its name without accents (issue #24: above CATALOGUE_CENTRE_FACETS centres
the filter is a search, not one link per centre; the server here sets it to 3 for the demo's 8)."""

import pytest

from tests.browser.test_accessibility import REMEMBER_LARGEST_TEXT, ROOT_FONT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]


def test_a_learner_finds_a_centres_books_by_typing_its_name_without_accents(
    server_without_debug, browser
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.add_init_script(REMEMBER_LARGEST_TEXT)
    page = context.new_page()
    try:
        page.goto(server_without_debug.url + "/thu-vien/")
        assert page.evaluate(ROOT_FONT) == 27
        page.locator("details.facets summary").click()
        centres = page.locator(
            "fieldset.facet-group", has=page.locator("legend", has_text="Trung tâm")
        )
        assert centres.locator(".filters a").count() == 4  # "Mọi trung tâm" and the 3 busiest
        assert "trung tâm khác: tìm theo tên" in centres.inner_text()
        field = page.get_by_label("Tìm trung tâm (gõ không dấu cũng được)")
        box = field.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # on the screen, no sideways scroll
        field.fill("phu van")
        field.press("Enter")
        page.wait_for_url("**/thu-vien/?tim-trung-tam=phu+van")
        chosen = page.locator(
            "fieldset.facet-group", has=page.locator("legend", has_text="Trung tâm")
        )
        assert chosen.locator("a[aria-current]").inner_text().startswith("Xã Phù Vân")
        cards = page.locator("[data-testid=catalogue] > li")
        assert cards.count() > 0
        for n in range(cards.count()):  # every card names its centre: Phù Vân
            assert "Phù Vân" in cards.nth(n).locator(".card__meta").first.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
