"""Screenshots of every public page type on a phone (390 x 844) and a desktop (1366 x 768), so a
person can look at the whole site at a glance (issue #17). `make screenshots` runs it.

It needs no PostgreSQL: the demo network is loaded into a fresh SQLite database in a temporary
folder (as `make run` does) and served with DEBUG off, so a missing page is the site's own 404.
The page types and how to find them are the accessibility test's (tests/browser/
test_accessibility.py), so both look at the same pages. Full-page PNGs go into
docs/screenshots/<page-type>-phone.png / -desktop.png (about 6 MB in all for the demo data),
listed in docs/SCREENSHOTS.md."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
INDEX = ROOT / "docs" / "SCREENSHOTS.md"

# DEBUG off while serving; the demo loader refuses to run without DEBUG (public passwords)
SETTINGS = """import sys

from hub.settings.dev import *  # noqa: F403

DEBUG = "load_demo_data" in sys.argv
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA_FROM_DJANGO = True  # hub/urls.py: the covers and posters in the pictures
"""

INDEX_HEAD = """# Screenshots

Every public page type of the demo network, on a phone (390 × 844) and a desktop (1366 × 768),
whole pages. Made by `make screenshots` (scripts/screenshots.py) from the demo data served with
DEBUG off; run it again after changing templates or styles. The pages are the ones the
accessibility test checks (tests/browser/test_accessibility.py).

"""


def _setup_django() -> None:
    """Just enough Django to import the accessibility test's list of page types."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
    import django

    django.setup()


# scroll through the page so lazily loaded images (the reader's pages) are in the picture
SCROLL_THROUGH = """async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await new Promise(resolve => setTimeout(resolve, 50));
    }
    scrollTo(0, 0);
}"""


# the admin dashboard of each staff role (issue #18), signed in as the demo accounts
DASHBOARDS = [
    ("admin-dashboard-editor", "lamha.bientap", "bientap-demo"),
    ("admin-dashboard-judge", "giamkhao3", "giamkhao-demo"),
    ("admin-dashboard-organiser", "banchidao", "banchidao-demo"),
]


def _dashboards_index() -> str:
    lines = [
        "\n# Staff dashboards\n\n",
        "What each role sees first after signing in to the admin (docs/STAFF_ADMIN.md), on a "
        "desktop, signed in as the demo accounts.\n\n",
    ]
    for name, username, _password in DASHBOARDS:
        lines.append(f"## {name} ({username})\n\n![{name}](screenshots/{name}-desktop.png)\n\n")
    return "".join(lines).rstrip() + "\n"


def _index(names: list[str], sizes: dict) -> str:
    lines = [INDEX_HEAD]
    for name in names:
        lines.append(f"## {name}\n\n")
        for size in sizes:
            lines.append(f"![{name}, {size}](screenshots/{name}-{size}.png)\n")
        lines.append("\n")
    return "".join(lines).rstrip() + "\n"


def main() -> int:
    _setup_django()
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, sign_in
    from tests.browser.test_accessibility import PAGE_TYPES, SIZES
    from tests.servers import DemoServer, sqlite_env

    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="hoctap-screenshots-") as tmp:
        workdir = Path(tmp)
        (workdir / "screenshots_settings.py").write_text(SETTINGS)
        env = sqlite_env(
            workdir,
            workdir / "db.sqlite3",
            DJANGO_SETTINGS_MODULE="screenshots_settings",
            LESSON_SHARE_MIN_SECONDS="0",  # the share-status page is reached by sharing
            PYTHONPATH=os.pathsep.join(filter(None, [str(workdir), os.environ.get("PYTHONPATH")])),
        )
        print("Đang nạp dữ liệu mẫu vào SQLite…", flush=True)
        server = DemoServer(env, workdir).start()
        hub, centre = server.url, f"http://lam-ha.localhost:{server.port}"
        total = 0
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
                )
                finder = browser.new_page()
                addresses = {name: find(hub, centre, finder) for name, find in PAGE_TYPES.items()}
                finder.close()
                for size, options in SIZES.items():
                    context = browser.new_context(**options)
                    page = context.new_page()
                    for name, url in addresses.items():
                        page.goto(url, wait_until="networkidle")
                        page.evaluate(SCROLL_THROUGH)
                        page.wait_for_load_state("networkidle")
                        path = OUT / f"{name}-{size}.png"
                        weight = len(page.screenshot(path=path, full_page=True))
                        total += weight
                        print(f"{path.relative_to(ROOT)}  {weight // 1024} KB", flush=True)
                    context.close()
                for name, username, password in DASHBOARDS:
                    # the admin scrolls inside its own frame: a tall window shows the whole page
                    context = browser.new_context(viewport={"width": 1366, "height": 1800})
                    page = context.new_page()
                    sign_in(page, server, username, password)
                    path = OUT / f"{name}-desktop.png"
                    weight = len(page.screenshot(path=path, full_page=True))
                    total += weight
                    print(f"{path.relative_to(ROOT)}  {weight // 1024} KB", flush=True)
                    context.close()
                browser.close()
        finally:
            server.stop()
    INDEX.write_text(_index(list(PAGE_TYPES), SIZES) + _dashboards_index())
    print(
        f"{len(PAGE_TYPES) * len(SIZES) + len(DASHBOARDS)} ảnh, {total / 1_000_000:.1f} MB, "
        f"{time.monotonic() - started:.0f} s; danh sách: {INDEX.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
