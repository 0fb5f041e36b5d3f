import pytest
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _checked_page(browser, width: int, height: int):
    """A touch phone of this size; fails the test on anything the Content-Security-Policy refused
    (a script or style the site relies on)."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert refused == []


@pytest.fixture
def phone(browser):
    """A cheap phone: small screen, touch."""
    yield from _checked_page(browser, 360, 740)


@pytest.fixture
def phone_390(browser):
    """A common Android phone, 390 x 844 (the size the issues measure at)."""
    yield from _checked_page(browser, 390, 844)
