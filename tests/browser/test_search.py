"""A learner searches on a phone (issue #19): a question typed with a Telex slip finds the lesson,
"did you mean" offers the repaired words, and the filters narrow the results to one centre, all
in the address (a shared link shows the same page)."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]


def test_a_question_with_a_telex_slip_then_one_centre(demo_server, phone_390):
    page = phone_390
    page.goto(demo_server.url + "/tim-kiem/")
    page.fill("#q", "làm sao đo huyeets aps")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q="))
    assert page.locator("[data-testid=search-relaxed]").is_visible()  # "làm sao" is in no title
    first = page.locator("[data-testid=search-results] .card__title").first
    assert first.inner_text() == "Cách đo huyết áp tại nhà"
    did_you_mean = page.locator("[data-testid=did-you-mean] a")
    assert did_you_mean.inner_text() == "lam sao do huyet ap"

    page.locator("[data-testid=search-facets] summary").tap()
    centre = page.locator("fieldset", has_text="Trung tâm").locator("a").nth(1)  # after "Tất cả"
    label = centre.inner_text()
    name, count = re.fullmatch(r"(.+) \((\d+)\)", label).groups()
    count = int(count)
    short = name.split(" ", 1)[1]  # "Phường Lam Hạ" appears on cards as "TTHTCĐ phường Lam Hạ"
    centre.tap()
    page.wait_for_url(re.compile(r"trung-tam="))
    query = parse_qs(urlparse(page.url).query)
    assert query["q"] == ["làm sao đo huyeets aps"] and "page" not in query
    cards = page.locator("[data-testid=search-results] li.card")
    assert cards.count() == min(count, 10)
    assert all(short in text for text in cards.all_inner_texts())
    assert page.locator("[data-testid=search-total]").inner_text() == f"{count} kết quả"
