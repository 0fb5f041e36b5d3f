"""Every public page type passes axe-core with no serious or critical violation, on a phone at the
largest text size and on a desktop screen (issue #17, "How it is checked").

axe is injected through Playwright's `evaluate`, which the Content-Security-Policy does not govern;
the test still fails on anything the policy refused, so the site's own scripts and styles ran.
The pages come from the demo network served with DEBUG off (as in production), so a missing page
is the site's own 404 page in the centre's frame, not Django's debug page."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

# one demo server and one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

REPORTS = Path(__file__).resolve().parents[2] / "var" / "accessibility"
LARGEST_TEXT = "1.5"
SIZES = {
    # a common Android phone at the largest of the three text sizes
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 768}},
}
BLOCKING = {"serious", "critical"}
REMEMBER_LARGEST_TEXT = (
    f"try {{ localStorage.setItem('hoctap-text-size', '{LARGEST_TEXT}'); }} catch (e) {{}}"
)
# what shows the page is the kind the test means to check
SHOWS = {
    "library-index-filtered": "details.facets[open] a[aria-current]",
    "search-results": "main .card",
    "not-found": "[data-testid=error-page]",
    "lesson-share-status": "[data-testid=share-status][data-state=waiting]",
}
ROOT_FONT = "parseFloat(getComputedStyle(document.documentElement).fontSize)"


def _first_link(page, url: str, selector: str) -> str:
    page.goto(url)
    link = page.locator(selector).first
    return link.evaluate("a => a.href")


def _first_child_with(page, index: str, selector: str, missing: str) -> str:
    """The address `selector` links to on the first child of `index` that has such a link."""
    page.goto(index)
    children = page.eval_on_selector_all(".card__title a", "links => links.map(a => a.href)")
    for child in children:
        page.goto(child)
        found = page.locator(selector)
        if found.count():
            return found.first.evaluate("a => a.href")
    raise AssertionError(missing)


def _entry_url(page, contest_index: str) -> str:
    return _first_child_with(
        page, contest_index, ".card__title a", "the demo network has no contest entry"
    )


def _reader_url(page, library_index: str) -> str:
    return _first_child_with(
        page,
        library_index,
        "a.button[href$='/doc/']",
        "the demo library has no item with an online reader",
    )


def _share_status_url(page, centre: str) -> str:
    """Share a lesson as a learner would; the thank-you page gives the status page's address."""
    page.goto(centre + "/bai-giang/chia-se/")
    page.fill("#id_name", "Ông Trần Văn Bảy")
    page.fill("#id_contact", "0912 000 111")
    page.fill("#id_title", "Cách ủ tương bần")
    page.select_option("#id_field", label="Văn hóa")
    page.fill("#id_description", "Cách ủ tương bần theo kinh nghiệm các cụ, làm được ở nhà.")
    page.fill("#id_link", "https://example.vn/tuong-ban")
    page.check("#id_licence")
    page.click(".share-form button[type=submit]")
    return page.locator("[data-testid=share-status-link]").get_attribute("href")


# page type -> how to find a real address of it in the demo network: (hub, centre, page) -> url
PAGE_TYPES: dict[str, Callable] = {
    "hub-home": lambda hub, centre, page: hub + "/",
    "centre-home": lambda hub, centre, page: centre + "/",
    "news-index": lambda hub, centre, page: centre + "/tin-tuc/",
    "news-page": lambda hub, centre, page: _first_link(
        page, centre + "/tin-tuc/", ".card__title a"
    ),
    "standard-page": lambda hub, centre, page: centre + "/gioi-thieu/",
    "centre-directory": lambda hub, centre, page: hub + "/cac-trung-tam/",
    # a filter chosen: the filter panel is open, so axe sees it
    "library-index-filtered": lambda hub, centre, page: _first_link(
        page, hub + "/thu-vien/", ".facet-group .filters a:not([aria-current])"
    ),
    "library-item": lambda hub, centre, page: _first_link(
        page, centre + "/thu-vien/", ".card__title a"
    ),
    "library-reader": lambda hub, centre, page: _reader_url(page, centre + "/thu-vien/"),
    "lesson-index": lambda hub, centre, page: centre + "/bai-giang/",
    "lesson-page": lambda hub, centre, page: _first_link(
        page, centre + "/bai-giang/", ".card__title a"
    ),
    "lesson-share-form": lambda hub, centre, page: centre + "/bai-giang/chia-se/",
    "lessons-saved": lambda hub, centre, page: centre + "/bai-giang/da-luu/",
    "lesson-share-status": lambda hub, centre, page: _share_status_url(page, centre),
    "contest-index": lambda hub, centre, page: hub + "/hoi-thi/",
    "contest-page": lambda hub, centre, page: _first_link(
        page, hub + "/hoi-thi/", ".card__title a"
    ),
    "contest-entry": lambda hub, centre, page: _entry_url(page, hub + "/hoi-thi/"),
    "search-results": lambda hub, centre, page: hub + "/tim-kiem/?q=t%E1%BB%A7+s%C3%A1ch",
    "not-found": lambda hub, centre, page: centre + "/khong-co-trang-nay/",
}


class _Screen:
    """One browser context per screen size, shared by that size's pages; it records anything the
    Content-Security-Policy refused."""

    def __init__(self, browser, size: str):
        self.context = browser.new_context(**SIZES[size])
        if size == "phone":
            self.context.add_init_script(REMEMBER_LARGEST_TEXT)
        self.refused: list[str] = []

    def open(self, url: str):
        self.refused.clear()
        page = self.context.new_page()
        page.on(
            "console",
            lambda message: (
                self.refused.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        response = page.goto(url)
        return page, response


@pytest.fixture(scope="module")
def screens(browser) -> Iterator[dict[str, _Screen]]:
    screens = {size: _Screen(browser, size) for size in SIZES}
    yield screens
    for screen in screens.values():
        screen.context.close()


def _axe(page, name: str, context: str | None = None) -> list[str]:
    """Run axe on the page; keep every violation in var/accessibility/<name>.json (the moderate
    and minor ones too, to read) and return the serious and critical ones, one line each."""
    results = Axe().run(page, context=context)
    assert results.response["testEngine"]["name"] == "axe-core"
    violations = results.response["violations"]
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.json").write_text(
        json.dumps(
            [
                {
                    "id": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "targets": [node["target"] for node in v["nodes"]],
                }
                for v in violations
            ],
            ensure_ascii=False,
            indent=1,
        )
    )
    lines = []
    for violation in violations:
        if violation["impact"] not in BLOCKING:
            continue
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:4]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"{violation['impact']} {violation['id']}: {violation['help']} -> "
            + ", ".join(targets)
            + (f" (+{more} more)" if more > 0 else "")
        )
    return lines


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_no_serious_or_critical_axe_violations(addresses, screens, page_type, size):
    screen = screens[size]
    page, response = screen.open(addresses[page_type])
    try:
        assert response.status == (404 if page_type == "not-found" else 200)
        assert page.locator("main#main").count() == 1  # the site's frame, not a bare page
        if page_type in SHOWS:
            assert page.locator(SHOWS[page_type]).count() > 0, SHOWS[page_type]
        if size == "phone":
            assert page.evaluate(ROOT_FONT) == 27  # 18px x 1.5: the largest text size applied
        problems = _axe(page, f"{page_type}-{size}")
    finally:
        page.close()
    assert screen.refused == [], screen.refused
    assert problems == [], f"{addresses[page_type]} at {size}:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("toggle", "panel"), [("menu-toggle", "#site-nav"), ("search-toggle", "#header-search")]
)
def test_unfolded_phone_header_has_no_serious_or_critical_axe_violations(
    addresses, screens, toggle, panel
):
    """The menu and the search box a phone folds away (one at a time), unfolded at the largest
    text size."""
    screen = screens["phone"]
    page, _response = screen.open(addresses["centre-home"])
    try:
        page.locator(f"[data-testid={toggle}]").tap()
        assert page.locator(panel).is_visible()
        problems = _axe(page, f"header-{toggle}-open-phone", context=".site-header")
    finally:
        page.close()
    assert screen.refused == [], screen.refused
    assert problems == [], "\n".join(problems)
