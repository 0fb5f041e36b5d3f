"""The committee's activity report (issue #23): periods, who sees what, the XLSX copy, bad input,
and a constant number of queries however many centres it covers."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from home.factories import UserFactory
from hub.models import Centre
from reports import activity
from reports.collect import collect
from tests.reports.helpers import DAY, EXPECTED_DAY, make_figures

pytestmark = pytest.mark.django_db
URL = "/admin/bao-cao/hoat-dong/"
JANUARY = "2025-01"


@pytest.mark.parametrize(
    ("text", "start", "end", "previous"),
    [
        ("2025-01", datetime.date(2025, 1, 1), datetime.date(2025, 1, 31), "2024-12"),
        ("2024-02", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29), "2024-01"),
        ("2026-Q4", datetime.date(2026, 10, 1), datetime.date(2026, 12, 31), "2026-Q3"),
        ("2026-Q1", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), "2025-Q4"),
        ("2026", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), "2025"),
    ],
)
def test_periods(text, start, end, previous):
    period = activity.parse_period(text)
    assert (period.key, period.start, period.end, period.previous().key) == (
        text,
        start,
        end,
        previous,
    )


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-Q5", "26-01", "", "1999", "abc"])
def test_bad_periods_are_refused(text):
    assert activity.parse_period(text) is None


def cells_of(response, name: str) -> dict:
    """The figures of one centre's row in the report's table."""
    html = response.content.decode()
    row = html.split(f'<th scope="row" class="title">{name}</th>', 1)[1].split("</tr>", 1)[0]
    cells = {}
    for part in row.split('<td data-metric="')[1:]:
        slug, rest = part.split('">', 1)
        cells[slug] = int(rest.split("<", 1)[0])
    return cells


def test_hub_staff_see_every_centre_and_the_hub(client, superuser, centre_a, centre_b):
    make_figures(centre_a)
    collect(DAY)
    client.force_login(superuser)
    response = client.get(URL, {"ky": JANUARY})
    assert response.status_code == 200
    got = {slug: value for slug, value in cells_of(response, centre_a.title).items() if value}
    assert got == EXPECTED_DAY
    assert not any(cells_of(response, centre_b.title).values())
    assert "Trang liên thông (cấp thành phố)" in response.content.decode()
    assert response.context["report"].total["attendance"] == 1
    assert "nuôi ong lấy mật" in response.content.decode()  # what learners did not find


def test_centre_staff_see_only_their_centre(client, editor_a, centre_a, centre_b):
    make_figures(centre_a)
    collect(DAY)
    client.force_login(editor_a)
    response = client.get(URL, {"ky": JANUARY, "trung-tam": centre_b.pk})
    assert response.status_code == 200
    rows = response.context["report"].rows
    assert [row.centre for row in rows] == [centre_a]
    assert response.context["network_staff"] is False  # no centre menu
    assert cells_of(response, centre_a.title)["attendance"] == 1
    assert centre_b.title not in response.content.decode()


def test_hub_staff_can_narrow_to_one_centre(client, superuser, centre_a):
    make_figures(centre_a)
    collect(DAY)
    client.force_login(superuser)
    response = client.get(URL, {"ky": JANUARY, "trung-tam": centre_a.pk})
    assert [row.centre for row in response.context["report"].rows] == [centre_a]
    assert response.context["report"].title == f"Hoạt động tháng 1/2025 – {centre_a.title}"


def test_bad_period_shows_this_month_with_a_message(client, superuser):
    client.force_login(superuser)
    response = client.get(URL, {"ky": "2026-13"})
    assert response.status_code == 200
    assert response.context["period"] == activity.current_month()
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Kỳ báo cáo “2026-13” không hợp lệ; đang hiện tháng này."]


def test_people_outside_the_staff_are_turned_away(client, centre_a):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    judge = UserFactory(username="giamkhao.baocao", is_staff=True)
    from django.contrib.auth.models import Permission

    judge.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(judge)
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_xlsx_has_the_centres_figures(client, superuser, centre_a):
    make_figures(centre_a)
    collect(DAY)
    client.force_login(superuser)
    response = client.get(URL, {"ky": JANUARY, "xuat": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="hoat-dong-2025-01.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Theo thời gian", "Xem nhiều nhất", "Tìm không thấy"]
    sheet = book["Tổng hợp"]
    header = [cell.value for cell in sheet[5]]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=6, values_only=True)}
    mine = dict(zip(header, rows[centre_a.title], strict=True))
    assert mine["Lượt tham dự"] == 1 and mine["Tin bài đăng mới"] == 1
    assert rows["Tổng cộng"][header.index("Lượt tham dự")] == 1
    misses = list(book["Tìm không thấy"].iter_rows(min_row=2, values_only=True))
    assert misses == [(1, "nuôi ong lấy mật", 3)]
    days = list(book["Theo thời gian"].iter_rows(min_row=2, values_only=True))
    assert len(days) == 31 and days[13][0] == "14/01"


def test_a_formula_typed_as_a_search_is_written_as_text(client, superuser, centre_a):
    from search.models import SearchMiss

    SearchMiss.objects.create(query="=HYPERLINK(1)", site=centre_a.site, day=DAY, count=1)
    client.force_login(superuser)
    response = client.get(URL, {"ky": JANUARY, "xuat": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert book["Tìm không thấy"]["B2"].value == "'=HYPERLINK(1)"


def test_report_queries_do_not_grow_with_centres(centre_a):
    centres = list(Centre.objects.with_site().order_by("name"))
    period = activity.parse_period("2026")
    with CaptureQueriesContext(connection) as one:
        activity.build(centres[:1], False, period)
    with CaptureQueriesContext(connection) as many:
        activity.build(centres, False, period)
    with CaptureQueriesContext(connection) as network:
        activity.build(centres, True, period)
    assert len(one.captured_queries) == len(many.captured_queries) == 5
    assert len(network.captured_queries) == 5


def test_year_chart_has_twelve_months_and_the_demo_gives_it_shape():
    centres = list(Centre.objects.with_site())
    today = datetime.date.today()
    year = today.year if today.month >= 10 else today.year - 1  # the last October
    report = activity.build(centres, True, activity.Period("year", year, 0))
    use = next(series for series in report.series if series.group == "use")
    assert [label for label, _v, _p in use.points] == [f"{m:02d}" for m in range(1, 13)]
    by_month = {label: value for label, value, _p in use.points}
    assert by_month["10"] == max(by_month.values()) > 0  # the Lifelong Learning Week
