"""On a 390 x 844 phone, the contest results and the centre directory read as one card per row:
nothing sticks out to the right (no sideways scrolling) and every row's key cells are on screen.
The library's filter groups show their names."""

from pathlib import Path

import pytest

# one demo server and one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTH, HEIGHT = 390, 844
JUDGED = "Thiết kế video giới thiệu Tủ sách cộng đồng 2025"


@pytest.fixture
def published_results(demo_server):
    """The demo's judged contest with its results published (put back afterwards: the server is
    shared by every browser test). Prints the results page's address."""

    def run(code: str) -> str:  # what the code printed last (the shell may print before it)
        return (demo_server.manage("shell", "-c", code).stdout.strip().splitlines() or [""])[-1]

    url = run(
        "import datetime; from django.utils import timezone; "
        "from contests.models import ContestPage; "
        f"c = ContestPage.objects.get(title={JUDGED!r}); "
        "ContestPage.objects.filter(pk=c.pk).update("
        "results_published=timezone.now() - datetime.timedelta(minutes=1)); "
        "print(c.relative_url(c.get_site()) + 'ket-qua/')"
    )
    yield demo_server.url + url
    run(
        "from contests.models import ContestPage; "
        f"ContestPage.objects.filter(title={JUDGED!r}).update(results_published=None)"
    )


def _fits_the_screen(page) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH
    sticking_out = page.evaluate(
        """(width) => Array.from(document.querySelectorAll("body *"))
            .filter((el) => { const r = el.getBoundingClientRect();
                              return r.width > 0 && r.right > width + 0.5; })
            .map((el) => el.tagName + "." + el.className)""",
        WIDTH,
    )
    assert sticking_out == []


def _on_screen(cell) -> None:
    assert cell.is_visible()
    box = cell.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
    assert box["height"] > 0


def _rows_show(page, table: str, key_cells: list[str], rows: int) -> None:
    body_rows = page.locator(f"[data-testid={table}] tbody tr")
    assert body_rows.count() == rows
    for n in range(rows):
        row = body_rows.nth(n)
        row.scroll_into_view_if_needed()
        for key in key_cells:
            cell = row.locator(f"[data-cell={key}]")
            _on_screen(cell)
            assert cell.inner_text().strip()
        # each cell names its column on the card
        labels = row.locator("[data-cell]").evaluate_all(
            "(cells) => cells.map((c) => getComputedStyle(c, '::before').content)"
        )
        assert all(label not in ("none", "normal", '""') for label in labels), labels


def test_contest_results_read_as_cards_on_a_phone(published_results, phone_390):
    phone_390.goto(published_results)
    assert phone_390.locator("h1").inner_text() == f"Kết quả: {JUDGED}"
    # the column headers stay for screen readers, out of sight: each card labels its own cells
    assert phone_390.locator("[data-testid=results] thead").bounding_box()["width"] <= 1
    _fits_the_screen(phone_390)
    _rows_show(phone_390, "results", ["rank", "title", "total"], rows=8)
    first = phone_390.locator("[data-testid=results] tbody tr").first
    assert first.locator("[data-cell=rank]").inner_text().strip().endswith("1")
    crumbs = phone_390.locator("nav.breadcrumbs li")
    assert crumbs.last.inner_text() == "Kết quả"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone_390.screenshot(path=str(SCREENSHOTS / "results-390.png"), full_page=True)


def test_centre_directory_reads_as_cards_on_a_phone(demo_server, phone_390):
    phone_390.goto(demo_server.url + "/cac-trung-tam/")
    _fits_the_screen(phone_390)
    _rows_show(phone_390, "centre-directory", ["title", "contact", "lessons", "library"], rows=8)
    assert "TTHTCĐ" in phone_390.locator("[data-cell=title]").first.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone_390.screenshot(path=str(SCREENSHOTS / "directory-390.png"), full_page=True)


def test_directory_is_still_a_table_on_a_wide_screen(demo_server, browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(demo_server.url + "/cac-trung-tam/")
    table = page.locator("[data-testid=centre-directory]")
    assert table.evaluate("(t) => getComputedStyle(t).display") == "table"
    assert page.locator("[data-testid=centre-directory] thead").is_visible()
    first_row = page.locator("[data-testid=centre-directory] tbody tr").first
    tops = first_row.locator("[data-cell]").evaluate_all(
        "(cells) => cells.map((c) => Math.round(c.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1  # one line per centre
    page.context.close()


def test_library_on_a_phone_has_named_filters_and_even_covers(demo_server, phone_390):
    phone_390.goto(demo_server.url + "/thu-vien/")
    phone_390.locator("details.facets summary").click()
    legends = phone_390.locator("details.facets legend")
    assert legends.all_inner_texts() == ["Lĩnh vực", "Loại tài liệu", "Trung tâm", "Sắp xếp"]
    for n in range(legends.count()):
        assert legends.nth(n).is_visible()
    _fits_the_screen(phone_390)
    covers = phone_390.locator("[data-testid=catalogue] .card__cover")
    assert covers.count() == phone_390.locator("[data-testid=catalogue] > li").count() > 0
    sizes = covers.evaluate_all(
        "(covers) => covers.map((c) => { const r = c.getBoundingClientRect();"
        " return [Math.round(r.width), Math.round(r.height)]; })"
    )
    assert len(set(map(tuple, sizes))) == 1, sizes  # one cover size, whatever the item
    width, height = sizes[0]
    assert width < WIDTH / 2 and height == pytest.approx(width * 440 / 320, abs=2)
