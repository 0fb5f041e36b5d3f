"""A centre editor's page address keeps its Vietnamese words (issue #18): the admin's slug field,
filled from the title or typed by hand, folds Vietnamese the way the server does."""

import pytest

from hub.models import Centre
from hub.text import vietnamese_slug
from tests.browser.conftest import sign_in

# one demo server and one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

TITLE = "Khai giảng lớp tin học cho người cao tuổi"


def test_the_slug_follows_a_vietnamese_title_and_typed_slugs_are_folded(
    demo_server, browser, django_db_blocker
):
    from concurrent.futures import ThreadPoolExecutor

    from home.factories import news_index_of

    def lam_ha_news():  # the server's database is a copy of the session's (read only here)
        with django_db_blocker.unblock():
            home = Centre.objects.with_site().get(name="Phường Lam Hạ").site.root_page
            return news_index_of(home)

    # outside Playwright's event loop, where Django refuses database calls
    index = ThreadPoolExecutor(1).submit(lam_ha_news).result()
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, demo_server, "lamha.bientap", "bientap-demo")
    page.goto(f"{demo_server.url}/admin/pages/add/home/newspage/{index.pk}/")

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_title").blur()
    expected = "khai-giang-lop-tin-hoc-cho-nguoi-cao-tuoi"
    assert expected == vietnamese_slug(TITLE)
    page.wait_for_function(
        "value => document.querySelector('#id_slug').value === value", arg=expected
    )

    # typed by hand, with đ, tones in both placements and a decomposed (NFD) letter
    slug = page.locator("#id_slug")
    for typed, folded in [
        ("Đo huyết áp – bài 2", "do-huyet-ap-bai-2"),
        ("Hoà thuận, thuỷ lợi", "hoa-thuan-thuy-loi"),
        ("Ho\u0300a nha\u0323c", "hoa-nhac"),
    ]:
        assert vietnamese_slug(typed) == folded
        slug.evaluate("(input, value) => { input.value = value; }", typed)
        slug.dispatch_event("blur")
        assert slug.input_value() == folded, typed
