"""The learning models' report: definitions, the roll-up up the tree, scope, the previous cycle,
a constant number of queries, the admin screen and the XLSX file cell by cell."""

from __future__ import annotations

import datetime
import io
import time
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from learners.models import Learner
from recognition import reports
from recognition.factories import add_child, add_cycle, bulk_tree
from recognition.models import Cycle, Declaration, Organisation
from recognition.permissions import scope_paths
from tests.recognition.conftest import make_staff

pytestmark = pytest.mark.django_db
S = Declaration.Status
Kind = Organisation.Kind
TODAY = datetime.date(2026, 3, 5)
URL = "recognition:report"


# ---- plain functions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (0, 0, None),
        (0, 7, 0.0),
        (1, 3, 33.3),
        (2, 3, 66.7),
        (1, 8, 12.5),
        (1, 16, 6.3),
        (3, 3, 100.0),
    ],
)
def test_percent_rounds_half_up_to_one_decimal(part, whole, expected):
    assert reports.percent(part, whole) == expected


@pytest.mark.parametrize(
    ("birth_year", "band"),
    [
        (None, "khong_ro"),
        (2027, "duoi_25"),
        (2002, "duoi_25"),
        (2001, "25_39"),
        (1987, "25_39"),
        (1986, "40_59"),
        (1967, "40_59"),
        (1966, "tu_60"),
    ],
)
def test_age_band_in_the_cycle_year(birth_year, band):
    assert reports.age_band(birth_year, 2026) == band


def test_signed_differences():
    assert [reports.signed(n) for n in (3, -2, 0)] == ["+3", "−2", "±0"]


def test_figures_follow_the_definitions():
    counts = Counter(
        {
            (S.DRAFT, "", "nam", "25_39"): 2,
            (S.SUBMITTED, "", "nu", "duoi_25"): 1,
            (S.RETURNED, "", "", "khong_ro"): 1,
            (S.ACCEPTED, "", "nu", "40_59"): 1,
            (S.APPROVED, "Đạt", "khac", "40_59"): 1,
            (S.RECOGNISED, "Tiêu biểu", "nu", "tu_60"): 3,
            (S.NOT_PASSED, "", "nam", "tu_60"): 1,
        }
    )
    assert reports.figures(counts, ["Đạt", "Tiêu biểu"]) == reports.Figures(
        registered=10,
        submitted=8,
        returned=1,
        unit_approved=1,
        approved=4,
        recognised=3,
        not_passed=1,
        grades=(1, 3),
        bands=(1, 2, 2, 4, 1),
        sexes=(3, 5, 1, 1),
    )


def test_roll_up_by_path_prefix():
    key = (S.DRAFT, "", "", "khong_ro")
    counts = [
        ("0001", key, 1),  # the viewed node itself
        ("00010001", key, 2),
        ("000100010003", key, 4),
        ("0001000100030001", key, 8),
        ("00010002", key, 16),
        ("000100020005", key, 32),
        ("00010003", key, 64),  # no row for it: not fetched, counted as the rest
    ]
    totals, rest = reports.roll_up(counts, ["00010001", "00010002"], 4)
    assert (totals["00010001"][key], totals["00010002"][key], rest[key]) == (14, 48, 65)


def test_bars_scale_to_the_longest_of_both_years():
    chart = reports.chart("x", [("a", 5, 10), ("b", 2, None)])
    assert [(b.width, b.before_width) for b in chart.bars] == [("50.0", "100.0"), ("20.0", "0.0")]


# ---- data ------------------------------------------------------------------------------------


def bulk_learners(centre, n: int, tag: str) -> list[Learner]:
    users = User.objects.bulk_create(
        [User(username=f"bc-{tag}-{i}", password="!") for i in range(n)]
    )
    now = timezone.now()
    return Learner.objects.bulk_create(
        [
            Learner(
                user=user,
                phone=f"+845{tag}{i:06d}",
                name=f"Người khai {tag}-{i}",
                home_centre=centre,
                consent_at=now,
            )
            for i, user in enumerate(users)
        ]
    )


def declare(cycle, unit, learner, status, grade="", sex="", age=None):
    return Declaration(
        cycle=cycle,
        unit=unit,
        learner=learner,
        name=learner.name,
        status=status,
        grade=grade,
        sex=sex,
        birth_year=None if age is None else cycle.year - age,
    )


@pytest.fixture
def people(centre_a):
    return bulk_learners(centre_a, 10, "01")


@pytest.fixture
def previous(tree, citizen_set, cycle):
    return add_cycle(
        tree["province"], citizen_set, year=cycle.year - 1, title="Công dân học tập (thử) năm trước"
    )


@pytest.fixture
def declared(tree, cycle, previous, people):
    """Ten declarations this year (eight in Lam Hạ's branch, two in Phù Vân's), five last year."""
    unit_a, school_a, unit_b = tree["unit_a"], tree["school_a"], tree["unit_b"]
    p = people
    Declaration.objects.bulk_create(
        [
            declare(
                cycle, unit_a, p[0], S.DRAFT, "Đạt", "nam", 30
            ),  # a draft's grade is not counted
            declare(cycle, unit_a, p[1], S.SUBMITTED, "", "nu", 20),
            declare(cycle, unit_a, p[2], S.RETURNED, "", "nu"),
            declare(cycle, unit_a, p[3], S.RECOGNISED, "Đạt", "nam", 45),
            declare(cycle, unit_a, p[4], S.RECOGNISED, "Tiêu biểu", "nu", 60),
            declare(cycle, school_a, p[5], S.ACCEPTED, "", "", 25),
            declare(cycle, school_a, p[6], S.APPROVED, "Đạt", "khac", 39),
            declare(cycle, school_a, p[7], S.NOT_PASSED, "", "nam", 40),
            declare(cycle, unit_b, p[8], S.RECOGNISED, "Đạt", "nu", 59),
            declare(cycle, unit_b, p[9], S.SUBMITTED, "", "nam", 24),
            declare(previous, unit_a, p[0], S.RECOGNISED, "Đạt", "nam", 29),
            declare(previous, unit_a, p[1], S.RECOGNISED, "Đạt", "nam", 19),
            declare(previous, unit_a, p[2], S.DRAFT),
            declare(previous, unit_b, p[8], S.RECOGNISED, "Đạt", "nu", 58),
            declare(previous, unit_b, p[9], S.NOT_PASSED, "", "nam", 23),
        ]
    )


def fresh(cycle) -> Cycle:
    return Cycle.objects.select_related("organisation").get(pk=cycle.pk)


def by_name(report) -> dict:
    return {row.node.name: row for row in report.rows}


BRANCH_A = "Hội Khuyến học phường Lam Hạ (thử)"
BRANCH_B = "Hội Khuyến học xã Phù Vân (thử)"


def test_branches_roll_up_their_units_with_last_year_beside(tree, cycle, declared, superuser):
    report = reports.build(fresh(cycle), None, tree["province"], TODAY)
    assert [row.node.name for row in report.rows] == [BRANCH_A, BRANCH_B]
    assert report.grades == ["Đạt", "Tiêu biểu"]
    rows = by_name(report)
    assert rows[BRANCH_A].now == reports.Figures(
        registered=8,
        submitted=7,
        returned=1,
        unit_approved=1,
        approved=3,
        recognised=2,
        not_passed=1,
        grades=(2, 1),
        bands=(1, 3, 2, 1, 1),
        sexes=(3, 3, 1, 1),
    )
    assert rows[BRANCH_A].now.rate == 25.0
    assert rows[BRANCH_A].changes == {
        "registered": "+5",
        "submitted": "+5",
        "approved": "+1",
        "recognised": "±0",
    }
    assert rows[BRANCH_B].now == reports.Figures(
        registered=2,
        submitted=2,
        approved=1,
        recognised=1,
        grades=(1, 0),
        bands=(1, 0, 1, 0, 0),
        sexes=(1, 1, 0, 0),
    )
    assert rows[BRANCH_B].before.submitted == 2  # "không đạt" was submitted
    assert report.total.now.registered == 10
    assert report.total.now.rate == 30.0
    assert (report.total.before.registered, report.total.before.recognised) == (5, 3)
    assert [crumb.name for crumb in report.crumbs] == ["Hội Khuyến học tỉnh Thử"]


def test_without_a_previous_cycle_nothing_is_compared(tree, cycle, people):
    Declaration.objects.bulk_create([declare(cycle, tree["unit_b"], people[0], S.SUBMITTED)])
    report = reports.build(fresh(cycle), None, tree["province"], TODAY)
    assert report.previous is None
    assert by_name(report)[BRANCH_B].before is None
    assert by_name(report)[BRANCH_B].changes == {}
    book = load_workbook(io.BytesIO(reports.xlsx(report)))
    sheet = book.active
    assert sheet["A4"].value == "Không có đợt năm trước để so sánh."
    assert [c.value for c in sheet[8]][-2:] == [None, None]


def test_declarations_at_the_viewed_node_itself_get_their_own_row(tree, cycle, people):
    Declaration.objects.bulk_create(
        [
            declare(cycle, tree["branch_a"], people[0], S.RECOGNISED, "Đạt"),
            declare(cycle, tree["unit_a"], people[1], S.DRAFT),
        ]
    )
    report = reports.build(fresh(cycle), None, tree["branch_a"], TODAY)
    assert [(r.node.name, r.own, r.now.registered) for r in report.rows][0] == (BRANCH_A, True, 1)
    assert report.total.now.registered == 2
    assert [crumb.name for crumb in report.crumbs] == ["Hội Khuyến học tỉnh Thử", BRANCH_A]


# ---- scope -----------------------------------------------------------------------------------


def test_phu_van_reviewer_sees_none_of_lam_ha(client, tree, cycle, declared, reviewer_b):
    paths = scope_paths(reviewer_b)
    assert reports.default_node(fresh(cycle), paths).pk == tree["branch_b"].pk
    report = reports.build(fresh(cycle), paths, reports.default_node(fresh(cycle), paths), TODAY)
    assert [row.node.name for row in report.rows] == ["Thôn Phù Vân 2 (thử)"]
    assert (report.total.now.registered, report.total.before.registered) == (2, 2)
    assert [crumb.name for crumb in report.crumbs] == [BRANCH_B]

    client.force_login(reviewer_b)
    response = client.get(reverse(URL) + f"?dot={cycle.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    for name in (BRANCH_A, "Tổ dân phố số 5 (thử)", "Trường THCS Lam Hạ (thử)", "tỉnh Thử"):
        assert name not in page
    for other in ("branch_a", "unit_a", "province"):
        response = client.get(reverse(URL) + f"?dot={cycle.pk}&don-vi={tree[other].pk}")
        assert response.status_code == 404
    response = client.get(reverse(URL) + f"?dot={cycle.pk}&xuat=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not [c for c in cells if "Lam Hạ" in c or "Tổ dân phố số 5" in c]
    assert sheet["A2"].value == BRANCH_B
    assert [c.value for c in sheet[8]][:4] == [None, "Tổng cộng", 2, 2]


def test_staff_without_an_organisation_are_refused(client, tree):
    user = make_staff("khong.pham.vi", tree["unit_a"])
    user.recognition_organisations.clear()
    client.force_login(user)
    response = client.get(reverse(URL))
    assert response.status_code == 403
    assert b'data-testid="report-forbidden"' in response.content


def test_unit_reviewer_cannot_drill_up(client, tree, cycle, declared):
    user = make_staff("duyet.tdp5", tree["unit_a"])
    client.force_login(user)
    response = client.get(reverse(URL) + f"?dot={cycle.pk}")
    assert response.status_code == 200
    assert response.context["report"].total.now.registered == 5
    assert client.get(reverse(URL) + f"?don-vi={tree['branch_a'].pk}").status_code == 404


# ---- queries ---------------------------------------------------------------------------------


def spread(cycle, previous, units, learners, per_unit: int):
    """per_unit declarations this year at each unit, one last year, in every status."""
    statuses = list(S)
    rows, i = [], 0
    for unit in units:
        for k in range(per_unit):
            status = statuses[(i + k) % len(statuses)]
            grade = "Đạt" if status in reports.APPROVED else ""
            rows.append(
                declare(
                    cycle, unit, learners[i], status, grade, ["nam", "nu", ""][k % 3], 18 + i % 60
                )
            )
            i += 1
        rows.append(declare(previous, unit, learners[i - 1], S.RECOGNISED, "Đạt", "nu", 40))
    Declaration.objects.bulk_create(rows, batch_size=2000)


def big_network(centre, citizen_set, code, branches, units, per_unit):
    root = bulk_tree(f"Hội thử lớn {code}", code, branches, units)
    cycle = add_cycle(root, citizen_set, title=f"Đợt lớn {code}")
    previous = add_cycle(root, citizen_set, year=cycle.year - 1, title=f"Đợt lớn {code} cũ")
    leaves = list(Organisation.objects.filter(path__startswith=root.path, is_unit=True))
    spread(
        cycle, previous, leaves, bulk_learners(centre, len(leaves) * per_unit, code[-2:]), per_unit
    )
    return root, cycle


def test_the_same_queries_for_3_40_and_300_units(
    tree, cycle, declared, centre_a, citizen_set, django_assert_num_queries
):
    started = time.perf_counter()
    forty_root, forty = big_network(centre_a, citizen_set, "T-BON-40", 4, 10, 2)
    many_root, many = big_network(centre_a, citizen_set, "T-BA-42", 10, 30, 10)
    assert Declaration.objects.filter(cycle=many).count() == 3000

    # organisations, the previous cycle, the grouped counts, the set's grades
    # node_order_by = ["name"]: a new root sorted before another one moves that one's paths
    cycle, forty, many = fresh(cycle), fresh(forty), fresh(many)
    forty_root, many_root = forty.organisation, many.organisation
    with django_assert_num_queries(4):
        small = reports.build(cycle, None, tree["province"], TODAY)
    with django_assert_num_queries(4):
        forty_report = reports.build(forty, None, forty_root, TODAY)
    with django_assert_num_queries(4):
        many_report = reports.build(many, None, many_root, TODAY)
    assert small.total.now.registered == 10
    assert forty_report.total.now.registered == 80
    assert (many_report.total.now.registered, many_report.total.before.recognised) == (3000, 300)
    assert len(many_report.rows) == 10
    assert sum(row.now.submitted for row in many_report.rows) == many_report.total.now.submitted
    assert (
        many_report.total.now.submitted
        == Declaration.objects.filter(cycle=many).exclude(status=S.DRAFT).count()
    )
    # one branch of the 300 units
    branch = Organisation.objects.get(code="T-BA-42-3")
    with django_assert_num_queries(4):
        branch_report = reports.build(many, None, branch, TODAY)
    assert len(branch_report.rows) == 30
    assert branch_report.total.now.registered == 300
    assert time.perf_counter() - started < 5


def test_the_admin_page_makes_the_same_queries_for_3_and_40_units(
    client, tree, cycle, declared, centre_a, citizen_set, superuser, django_assert_max_num_queries
):
    client.force_login(superuser)
    url = reverse(URL)
    client.get(f"{url}?dot={cycle.pk}")  # warm the session and the admin's caches
    with django_assert_max_num_queries(80) as few:
        response = client.get(f"{url}?dot={cycle.pk}")
    assert response.status_code == 200
    forty_root, forty = big_network(centre_a, citizen_set, "T-BON-40", 4, 10, 2)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(f"{url}?dot={forty.pk}")
    assert response.context["report"].total.now.registered == 80
    assert len(many.captured_queries) == len(few.captured_queries)


# ---- the screen and the file -----------------------------------------------------------------


def test_admin_page_shows_rows_charts_and_differences(client, tree, cycle, declared, superuser):
    client.force_login(superuser)
    response = client.get(reverse(URL) + f"?dot={cycle.pk}")
    assert response.status_code == 200
    report = response.context["report"]
    assert report.node.pk == tree["province"].pk
    page = response.content.decode()
    assert f'href="?dot={cycle.pk}&amp;don-vi={tree["branch_a"].pk}"' in page
    assert "recognition/report.css" in page
    assert "<script" not in page.split('data-testid="report-charts"')[1].split("</table>")[0]
    assert [c.title for c in response.context["charts"]] == [
        "Tiến độ",
        "Xếp loại (hồ sơ đã duyệt)",
        "Độ tuổi (số đăng ký)",
        "Giới tính (số đăng ký)",
        "Đã công nhận theo đơn vị",
    ]
    funnel = response.context["charts"][0].bars
    assert [(b.label, b.value, b.before, b.width) for b in funnel[:2]] == [
        ("Số đăng ký", 10, 5, "100.0"),
        ("Đã nộp", 9, 4, "90.0"),
    ]
    assert 'width="90.0%"' in page
    assert "25,0" in page  # Lam Hạ's recognition rate, the same rounding as the file
    assert "+5" in page

    # drill down into Lam Hạ: its two units
    response = client.get(reverse(URL) + f"?dot={cycle.pk}&don-vi={tree['branch_a'].pk}")
    assert {row.node.name for row in response.context["report"].rows} == {
        "Tổ dân phố số 5 (thử)",
        "Trường THCS Lam Hạ (thử)",
    }


def test_default_cycle_is_the_newest_in_scope(client, tree, cycle, previous, reviewer_b):
    client.force_login(reviewer_b)
    response = client.get(reverse(URL))
    assert response.context["cycle"].pk == cycle.pk
    titles = [c.pk for c in response.context["cycles"]]
    assert titles.index(cycle.pk) < titles.index(previous.pk)


def test_menu_has_the_report(client, superuser):
    from recognition.admin_views import reports as screen

    assert [(str(label), name, icon, order) for label, name, icon, order in screen.MENU] == [
        ("Báo cáo", "report", "table", 50)
    ]


def test_xlsx_cells(client, tree, cycle, declared, superuser):
    report = reports.build(fresh(cycle), None, tree["province"], TODAY)
    sheet = load_workbook(io.BytesIO(reports.xlsx(report))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    year = cycle.year
    assert rows[0][0] == f"BÁO CÁO KẾT QUẢ ĐÁNH GIÁ, CÔNG NHẬN CÔNG DÂN HỌC TẬP NĂM {year}"
    assert rows[1][0] == "Hội Khuyến học tỉnh Thử"
    assert rows[2][0] == "Ngày lập: 05/03/2026"
    assert rows[3][0] == "So với: Công dân học tập (thử) năm trước"
    assert rows[4] == [None] * 10 + [
        "Xếp loại (hồ sơ đã duyệt)",
        None,
        "Độ tuổi (số đăng ký)",
        None,
        None,
        None,
        None,
        "Giới tính (số đăng ký)",
        None,
        None,
        None,
        "So với năm trước",
        None,
    ]
    assert rows[5] == [
        "STT",
        "Đơn vị",
        "Số đăng ký",
        "Đã nộp",
        "Trả lại",
        "Đơn vị đã duyệt",
        "Đã duyệt",
        "Đã công nhận",
        "Không đạt",
        "Tỉ lệ công nhận (%)",
        "Đạt",
        "Tiêu biểu",
        "Dưới 25",
        "25–39",
        "40–59",
        "Từ 60",
        "Không rõ",
        "Nam",
        "Nữ",
        "Khác",
        "Không rõ",
        "Năm trước: đã công nhận",
        "Tăng/giảm",
    ]
    assert rows[6] == [1, BRANCH_A, 8, 7, 1, 1, 3, 2, 1, 25, 2, 1, 1, 3, 2, 1, 1, 3, 3, 1, 1, 2, 0]
    assert rows[7] == [2, BRANCH_B, 2, 2, 0, 0, 1, 1, 0, 50, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]
    assert rows[8] == [
        None,
        "Tổng cộng",
        10,
        9,
        1,
        1,
        4,
        3,
        1,
        30,
        3,
        1,
        2,
        3,
        3,
        1,
        1,
        4,
        4,
        1,
        1,
        3,
        0,
    ]
    assert len(rows) == 9
    assert sheet["J7"].number_format == "0.0"
    assert "A1:W1" in {str(r) for r in sheet.merged_cells.ranges}


def test_xlsx_rate_is_the_screen_rate_and_text_cannot_run(client, tree, cycle, people, superuser):
    odd = add_child(
        tree["branch_b"], '=HYPERLINK("x") tổ', "T-PV-ODD", Kind.RESIDENTIAL, is_unit=True
    )
    Declaration.objects.bulk_create(
        [declare(cycle, odd, people[i], S.RECOGNISED if i < 2 else S.DRAFT) for i in range(3)]
    )
    client.force_login(superuser)
    response = client.get(reverse(URL) + f"?dot={cycle.pk}&don-vi={tree['branch_b'].pk}&xuat=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=7, values_only=True)}
    assert rows['\'=HYPERLINK("x") tổ'][2:10] == (3, 2, 0, 0, 2, 2, 0, 66.7)
    page = client.get(reverse(URL) + f"?dot={cycle.pk}&don-vi={tree['branch_b'].pk}")
    assert "66,7" in page.content.decode()
