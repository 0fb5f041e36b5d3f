"""The criteria-set screens of the admin: list and detail for reviewers, import, export, the blank
template, new versions and deletion for those who manage; a set in use is never edited."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from recognition.criteria import SAMPLE_CITIZEN, SAMPLE_FAMILY, as_data, create_set
from recognition.criteria_io import XLSX_CONTENT_TYPE, export_workbook, read_workbook
from recognition.factories import add_cycle
from recognition.models import CriteriaSet, Criterion, CriterionGroup, Grade

from .conftest import PASSWORD
from .test_criteria_io import OFFICIAL, to_bytes

pytestmark = pytest.mark.django_db

INDEX = "recognition:criteria_index"
FORBIDDEN = (
    "Bạn không có quyền làm việc này với bộ tiêu chí. Xem bộ tiêu chí cần là cán bộ của một tổ "
    "chức; nhập, tạo phiên bản mới và xoá cần quyền phê duyệt."
)


def url(name, *args):
    return reverse(f"recognition:{name}", args=args)


def counts():
    return (
        CriteriaSet.objects.count(),
        CriterionGroup.objects.count(),
        Criterion.objects.count(),
        Grade.objects.count(),
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def upload(data: bytes, name="bo-tieu-chi.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)


@pytest.fixture
def outsider(db):
    """Reaches the admin but reviews nowhere."""
    user = User.objects.create_user(username="ngoai.cuoc", password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


# -- who may do what -------------------------------------------------------------------------------


def test_staff_who_review_nowhere_get_403_everywhere(client, outsider, citizen_set):
    client.force_login(outsider)
    for name, args in [
        ("criteria_index", ()),
        ("criteria_detail", (citizen_set.pk,)),
        ("criteria_export", (citizen_set.pk,)),
        ("criteria_template", ()),
        ("criteria_import", ()),
        ("criteria_new_version", (citizen_set.pk,)),
        ("criteria_delete", (citizen_set.pk,)),
    ]:
        response = client.get(url(name, *args))
        assert response.status_code == 403, name
        assert FORBIDDEN in response.content.decode()


def test_a_reviewer_without_approval_may_look_but_not_import(client, reviewer_a, citizen_set):
    client.force_login(reviewer_a)
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert url("criteria_import") not in response.content.decode()
    assert client.get(url("criteria_detail", citizen_set.pk)).status_code == 200
    assert client.get(url("criteria_export", citizen_set.pk)).status_code == 200
    before = counts()
    response = client.post(url("criteria_import"), {"file": upload(export_workbook(OFFICIAL))})
    assert response.status_code == 403
    assert FORBIDDEN in response.content.decode()
    assert client.get(url("criteria_import")).status_code == 403
    assert (
        client.post(url("criteria_new_version", citizen_set.pk), {"version": "X"}).status_code
        == 403
    )
    assert client.post(url("criteria_delete", citizen_set.pk)).status_code == 403
    assert counts() == before


def test_an_approver_of_a_subtree_manages_criteria_sets(client, approver_a):
    client.force_login(approver_a)
    assert client.get(url("criteria_import")).status_code == 200
    response = client.post(url("criteria_import"), {"file": upload(export_workbook(OFFICIAL))})
    created = CriteriaSet.objects.get(model="cong_dan", version="2026")
    assert response.status_code == 302
    assert response["Location"] == url("criteria_detail", created.pk)


def test_the_menu_row():
    from recognition.admin_views import criteria

    assert [(str(label), name, icon, order) for label, name, icon, order in criteria.MENU] == [
        ("Bộ tiêu chí", "criteria_index", "list-ul", 40)
    ]


# -- the list --------------------------------------------------------------------------------------


def test_the_list_shows_each_set_with_its_figures(client, superuser, citizen_set, cycle):
    family = create_set({**SAMPLE_FAMILY, "version": "TEST-F"})
    client.force_login(superuser)
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    mine = {citizen_set.pk, family.pk}  # the demo's sample sets are listed too
    by_model = [
        (
            str(label),
            [(s.pk, s.criteria_count, s.points_total, s.used) for s in sets if s.pk in mine],
        )
        for label, sets in response.context["by_model"]
    ]
    assert by_model == [
        ("Công dân học tập", [(citizen_set.pk, 8, 100, True)]),
        ("Gia đình học tập", [(family.pk, 4, 100, False)]),
    ]
    html = response.content.decode()
    assert (
        html.count('data-testid="sample-badge"')
        == CriteriaSet.objects.filter(is_sample=True).count()
    )
    assert (
        html.count('data-testid="in-use"')
        == CriteriaSet.objects.filter(cycles__isnull=False).distinct().count()
    )
    assert "Quyết định 244/QĐ-KHVN" in html


def test_the_list_makes_as_many_queries_for_many_sets_as_for_one(
    client, superuser, citizen_set, tree, django_assert_num_queries
):
    client.force_login(superuser)
    client.get(reverse(INDEX))  # the session and the admin's one-off lookups
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(INDEX))
    for number in range(2, 8):
        made = create_set({**SAMPLE_CITIZEN, "version": f"TEST-{number}", "is_sample": False})
        add_cycle(tree["province"], made, title=f"Đợt {number}")
    create_set({**SAMPLE_FAMILY, "version": "TEST-F"})
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse(INDEX))
    listed = sum(len(sets) for _label, sets in response.context["by_model"])
    assert listed == CriteriaSet.objects.count()
    assert CriteriaSet.objects.filter(version__startswith="TEST-").count() == 8


# -- one set ---------------------------------------------------------------------------------------


def test_the_detail_page_shows_groups_criteria_and_grades(client, reviewer_a, citizen_set):
    client.force_login(reviewer_a)
    response = client.get(url("criteria_detail", citizen_set.pk))
    assert response.status_code == 200
    groups = [
        (
            g.code,
            [
                (c.code, c.points, c.kind, c.evidence_required, c.mandatory)
                for c in g.criteria.all()
            ],
        )
        for g in response.context["groups"]
    ]
    assert groups == [
        (
            "1",
            [
                ("1.1", 15, "dat", False, True),
                ("1.2", 20, "dat", True, True),
                ("1.3", 15, "diem", False, False),
            ],
        ),
        ("2", [("2.1", 15, "dat", True, False), ("2.2", 10, "dat", False, False)]),
        (
            "3",
            [
                ("3.1", 10, "dat", False, True),
                ("3.2", 10, "dat", False, False),
                ("3.3", 5, "dat", False, False),
            ],
        ),
    ]
    html = response.content.decode()
    assert "Học tập thường xuyên, suốt đời" in html
    assert "Tự chấm điểm" in html
    assert "8 tiêu chí, 100 điểm" in html
    assert [(g.name, g.min_points) for g in response.context["grades"]] == [
        ("Đạt", 70),
        ("Tiêu biểu", 90),
    ]
    # a reviewer sees no action that changes anything
    assert url("criteria_new_version", citizen_set.pk) not in html
    assert url("criteria_delete", citizen_set.pk) not in html


def test_a_set_in_use_has_no_edit_or_delete_only_a_new_version(
    client, superuser, citizen_set, cycle
):
    client.force_login(superuser)
    with pytest.raises(NoReverseMatch):
        reverse("recognition:criteria_edit", args=[citizen_set.pk])
    html = client.get(url("criteria_detail", citizen_set.pk)).content.decode()
    assert url("criteria_delete", citizen_set.pk) not in html
    assert url("criteria_new_version", citizen_set.pk) in html
    assert 'data-testid="in-use"' in html
    # deleting it anyway is refused, with a message, and nothing changes
    before = counts()
    response = client.post(url("criteria_delete", citizen_set.pk))
    assert response.status_code == 302
    assert response["Location"] == url("criteria_detail", citizen_set.pk)
    assert messages_of(response) == [
        "Bộ tiêu chí đã được đợt đánh giá dùng nên không xoá được; nó được giữ nguyên."
    ]
    assert counts() == before


# -- new version -----------------------------------------------------------------------------------


def test_a_new_version_copies_the_set_and_points_to_the_old_one(
    client, superuser, citizen_set, cycle
):
    client.force_login(superuser)
    old_data = as_data(citizen_set)
    assert client.get(url("criteria_new_version", citizen_set.pk)).status_code == 200
    before = counts()
    response = client.post(
        url("criteria_new_version", citizen_set.pk),
        {"version": "TEST-2", "valid_from": "01/01/2027"},
    )
    copy = CriteriaSet.objects.get(model="cong_dan", version="TEST-2")
    assert response.status_code == 302
    assert response["Location"] == url("criteria_detail", copy.pk)
    assert messages_of(response) == ["Đã tạo phiên bản TEST-2 từ phiên bản TEST-1."]
    assert copy.previous == citizen_set
    assert counts() == (before[0] + 1, before[1] + 3, before[2] + 8, before[3] + 2)
    assert as_data(copy) == {
        **old_data,
        "version": "TEST-2",
        "valid_from": datetime.date(2027, 1, 1),
    }
    # the old set is as the cycle used it
    assert as_data(CriteriaSet.objects.get(pk=citizen_set.pk)) == old_data
    assert cycle.criteria_set_id == citizen_set.pk


def test_a_new_version_refuses_an_existing_version(client, superuser, citizen_set):
    client.force_login(superuser)
    before = counts()
    response = client.post(url("criteria_new_version", citizen_set.pk), {"version": "TEST-1"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "version": ["Mô hình này đã có phiên bản “TEST-1”. Hãy ghi phiên bản khác, ví dụ “TEST-2”."]
    }
    assert messages_of(response) == ["Chưa tạo phiên bản mới: hãy sửa lỗi bên dưới."]
    assert counts() == before


# -- delete ----------------------------------------------------------------------------------------


def test_a_set_not_in_use_is_deleted_after_confirmation(client, superuser, citizen_set):
    client.force_login(superuser)
    response = client.get(url("criteria_delete", citizen_set.pk))
    assert response.status_code == 200
    assert "cùng 8 tiêu chí" in response.content.decode()
    assert CriteriaSet.objects.filter(pk=citizen_set.pk).exists()
    before = counts()
    response = client.post(url("criteria_delete", citizen_set.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse(INDEX)
    assert messages_of(response) == ["Đã xoá bộ tiêu chí “Bộ thử”, phiên bản TEST-1."]
    assert counts() == (before[0] - 1, before[1] - 3, before[2] - 8, before[3] - 2)


# -- import ----------------------------------------------------------------------------------------


def test_import_creates_the_set_and_redirects_to_it(client, superuser, citizen_set):
    client.force_login(superuser)
    response = client.get(url("criteria_import"))
    assert response.status_code == 200
    before = counts()
    response = client.post(
        url("criteria_import"),
        {"file": upload(export_workbook(OFFICIAL)), "previous": citizen_set.pk},
    )
    created = CriteriaSet.objects.get(model="cong_dan", version="2026")
    assert response.status_code == 302
    assert response["Location"] == url("criteria_detail", created.pk)
    assert messages_of(response) == [
        "Đã nhập bộ tiêu chí “Bộ tiêu chí Công dân học tập”, phiên bản 2026: 8 tiêu chí."
    ]
    assert created.previous == citizen_set
    assert counts() == (before[0] + 1, before[1] + 3, before[2] + 8, before[3] + 2)
    assert as_data(created) == OFFICIAL


def test_the_import_form_can_start_from_the_previous_version(client, superuser, citizen_set):
    client.force_login(superuser)
    response = client.get(url("criteria_import"), {"truoc": citizen_set.pk})
    assert response.context["form"]["previous"].value() == str(citizen_set.pk)


def test_a_bad_file_lists_every_problem_with_status_400_and_saves_nothing(
    client, superuser, citizen_set
):
    workbook = load_workbook(io.BytesIO(export_workbook(OFFICIAL)))
    workbook["Bo tieu chi"]["B4"] = "TEST-1"
    workbook["Tieu chi"]["D2"] = '=HYPERLINK("http://lua-dao.example/","Bấm vào đây")'
    workbook["Xep loai"]["B3"] = 120
    client.force_login(superuser)
    before = counts()
    response = client.post(url("criteria_import"), {"file": upload(to_bytes(workbook))})
    assert response.status_code == 400
    assert [str(p) for p in response.context["problems"]] == [
        "Trang “Tieu chi”, dòng 2: ô D2 chứa công thức hoặc chữ bắt đầu bằng =, +, -, @ "
        '(“=HYPERLINK("http://lua-dao.example/","B…”). Hãy ghi giá trị thẳng vào ô (không '
        "dùng công thức) và bỏ dấu đó ở đầu.",
        "Trang “Xep loai”, dòng 3: “Từ điểm” 120 cao hơn tổng điểm của bộ (100): không ai đạt "
        "được. Hãy ghi một số từ 0 đến 100.",
        "Trang “Bo tieu chi”, dòng 4: mô hình này đã có bộ tiêu chí phiên bản “TEST-1”. Bộ đã có "
        "không bị thay thế: hãy ghi một phiên bản mới, ví dụ “TEST-2”.",
    ]
    assert messages_of(response) == [
        "Chưa nhập được: không có gì được lưu. Hãy sửa tệp rồi tải lại."
    ]
    html = response.content.decode()
    assert 'data-testid="import-problems"' in html
    assert "Tệp có 3 lỗi; không gì được lưu:" in html
    assert counts() == before


def test_a_renamed_executable_is_refused(client, superuser):
    client.force_login(superuser)
    before = counts()
    data = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 2000
    response = client.post(url("criteria_import"), {"file": upload(data, "bo-tieu-chi.xlsx")})
    assert response.status_code == 400
    assert [str(p) for p in response.context["problems"]] == [
        "Tệp không phải là sổ tính Excel .xlsx (có thể là tệp .xls cũ, .csv hoặc tệp khác đổi "
        "đuôi). Hãy tải tệp mẫu, điền vào rồi lưu dạng “Sổ làm việc Excel (.xlsx)”."
    ]
    assert counts() == before


def test_a_file_over_2_mb_is_refused(client, superuser):
    client.force_login(superuser)
    before = counts()
    response = client.post(
        url("criteria_import"), {"file": upload(b"PK" + b"\x00" * (2 * 1024 * 1024))}
    )
    assert response.status_code == 400
    assert [str(p) for p in response.context["problems"]] == [
        "Tệp lớn quá 2 MB. Một bộ tiêu chí chỉ cần vài chục KB: hãy xoá ảnh, trang tính và định "
        "dạng thừa rồi tải lên lại."
    ]
    assert counts() == before


def test_posting_without_a_file_re_renders_the_form(client, superuser):
    client.force_login(superuser)
    before = counts()
    response = client.post(url("criteria_import"), {})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["file"]
    assert response.context["problems"] == []
    assert counts() == before


# -- export and the template ------------------------------------------------------------------------


def test_export_downloads_the_set_as_xlsx_that_imports_back(client, reviewer_a, citizen_set):
    client.force_login(reviewer_a)
    response = client.get(url("criteria_export", citizen_set.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert (
        response["Content-Disposition"] == 'attachment; filename="bo-tieu-chi-cong-dan-test-1.xlsx"'
    )
    assert read_workbook(response.content) == as_data(citizen_set)


@pytest.mark.parametrize(
    ("query", "sample", "filename"),
    [
        ({}, SAMPLE_CITIZEN, "mau-bo-tieu-chi-cong-dan.xlsx"),
        ({"mo-hinh": "gia_dinh"}, SAMPLE_FAMILY, "mau-bo-tieu-chi-gia-dinh.xlsx"),
        ({"mo-hinh": "khong-co"}, SAMPLE_CITIZEN, "mau-bo-tieu-chi-cong-dan.xlsx"),
    ],
)
def test_the_blank_template_is_the_sample_set_labelled_as_a_sample(
    client, reviewer_a, query, sample, filename
):
    client.force_login(reviewer_a)
    before = counts()
    response = client.get(url("criteria_template"), query)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    data = read_workbook(response.content)
    assert data == sample
    assert data["is_sample"] is True
    assert "MẪU" in data["title"]
    assert counts() == before
