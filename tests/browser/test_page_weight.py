"""Every public page type weighs under 60 KB before media on a phone, and nothing moves when late
images arrive (issue #17, "How it is checked").

The weight is what travels on the wire for the document, its style sheets and scripts (headers
and bodies as sent, gzip included; images, video and fonts are media and not counted), measured
by Chromium on a first visit (an empty cache) at 390 x 844. The server runs with DEBUG off, so
static files go through WhiteNoise and the gzip middleware as in production. The pages are the
accessibility test's, found by following the demo network's links."""

import pytest

from tests.browser.test_accessibility import PAGE_TYPES

# one demo server and one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

BUDGET = 60 * 1024
COUNTED = {"document", "stylesheet", "script"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MAX_LAYOUT_SHIFT = 0.1
# the layout shifts Chromium recorded since the page began loading (not those a tap caused)
LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 300);
})"""
MEASURES_LAYOUT_SHIFT = "PerformanceObserver.supportedEntryTypes.includes('layout-shift')"
IMAGES_WITHOUT_SIZE = """() => [...document.querySelectorAll("img")]
    .filter(img => !img.hasAttribute("width") || !img.hasAttribute("height"))
    .map(img => img.getAttribute("src"))"""


@pytest.fixture
def phone_visit(browser):
    """Open an address in a new phone context (an empty cache); return the page and what each
    counted response weighed on the wire: [(bytes, type, url)]."""
    contexts = []

    def visit(url: str):
        context = browser.new_context(**PHONE)
        contexts.append(context)
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        response = page.goto(url, wait_until="networkidle")
        weights = []
        for request in finished:
            if request.resource_type in COUNTED:
                sizes = request.sizes()
                wire = sizes["responseHeadersSize"] + sizes["responseBodySize"]
                weights.append((wire, request.resource_type, request.url))
        return page, response, weights

    yield visit
    for context in contexts:
        context.close()


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_weighs_under_60_kb_before_media_and_does_not_shift(
    addresses,  # noqa: F811
    phone_visit,
    page_type,
):
    page, response, weights = phone_visit(addresses[page_type])
    assert response.status == (404 if page_type == "not-found" else 200)
    assert response.headers.get("content-encoding") == "gzip"  # as sent to a phone

    total = sum(wire for wire, _kind, _url in weights)
    listing = "\n".join(
        f"{wire / 1024:6.1f} KB  {kind:10}  {url}" for wire, kind, url in sorted(weights)[::-1]
    )
    assert total < BUDGET, f"{addresses[page_type]}: {total / 1024:.1f} KB\n{listing}"

    assert page.evaluate(IMAGES_WITHOUT_SIZE) == []
    assert page.evaluate(MEASURES_LAYOUT_SHIFT)  # else a shift would go unseen
    shift = page.evaluate(LAYOUT_SHIFT)
    assert shift < MAX_LAYOUT_SHIFT, f"{addresses[page_type]}: cumulative layout shift {shift}"
