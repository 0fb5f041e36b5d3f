"""One rule for spreadsheet cells (hub.spreadsheets): imports refuse what a spreadsheet would run,
exports (ours and every Wagtail report) write it as text."""

import csv
import io

import pytest

from hub.spreadsheets import looks_like_formula, neutralise


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+84 912", "-2+3", "@SUM(A1)", " =HYPERLINK()", "\t=1", "\rx", "\nx", "  @A1"],
)
def test_what_a_spreadsheet_may_run_is_neutralised(value):
    assert looks_like_formula(value)
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Tủ sách", "-", " - ", "978-604-1", "", 5, -2.5, None])
def test_plain_values_are_kept(value):
    assert not looks_like_formula(value)
    assert neutralise(value) == value


@pytest.mark.django_db
def test_wagtail_report_exports_write_formula_titles_as_text(client, superuser, centre_a):
    from lessons.factories import publish_lesson
    from tests.lessons.conftest import lessons_of

    publish_lesson(lessons_of(centre_a), title='=HYPERLINK("http://x","Bấm")', slug="cong-thuc")
    publish_lesson(lessons_of(centre_a), title="\t@SUM(A1)", slug="tab")
    client.force_login(superuser)
    response = client.get("/admin/reports/aging-pages/", {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    titles = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x","Bấm")' in titles
    assert "'\t@SUM(A1)" in titles
    assert not any(looks_like_formula(title) for title in titles)
