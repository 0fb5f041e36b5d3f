"""The association's tree follows the map: move, merge (with a dry run), QR sheets, cycles."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from recognition import tree as tree_ops
from recognition import workflow
from recognition.models import Cycle, Declaration, Organisation

pytestmark = pytest.mark.django_db


def test_move_a_branch_keeps_its_subtree_and_declarations(
    client, superuser, tree, cycle, learner_a
):
    declaration, _ = workflow.start(learner_a, cycle, tree["unit_a"])
    district = Organisation.objects.get(pk=tree["province"].pk).add_child(
        name="Hội Khuyến học huyện cũ", code="T-HUYEN", kind="hoi"
    )
    tree_ops.move(tree["branch_a"], district)
    unit = Organisation.objects.get(pk=tree["unit_a"].pk)
    assert unit.path.startswith(Organisation.objects.get(pk=district.pk).path)
    # the district is abolished: the branch goes straight under the province, through the admin
    client.force_login(superuser)
    response = client.post(
        reverse("recognition:organisation_move", args=[tree["branch_a"].pk]), {"target": "t-tinh"}
    )
    assert response.status_code == 302
    branch = Organisation.objects.get(pk=tree["branch_a"].pk)
    assert branch.get_parent().pk == tree["province"].pk
    assert Organisation.objects.get(pk=tree["unit_a"].pk).get_parent().pk == branch.pk
    declaration.refresh_from_db()
    assert declaration.unit_id == tree["unit_a"].pk
    # into itself, into a unit, an unknown code: refused, nothing moves
    for target, message in [
        ("T-PV-THON2", "là đơn vị đăng ký"),
        ("T-LH-TDP5", "bên trong chính nó"),
        ("KHONG-CO", "Không có tổ chức nào mang mã"),
    ]:
        response = client.post(
            reverse("recognition:organisation_move", args=[tree["branch_a"].pk]), {"target": target}
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    with pytest.raises(workflow.WorkflowError, match="bên trong chính nó"):
        tree_ops.move(tree["province"], tree["branch_a"])
    assert Organisation.objects.get(pk=tree["branch_a"].pk).path == branch.path


def test_merge_two_units_after_a_dry_run(client, superuser, tree, cycle, learner_a, learner_b):
    mine, _ = workflow.start(learner_a, cycle, tree["unit_a"])
    other, _ = workflow.start(learner_b, cycle, tree["school_a"])
    client.force_login(superuser)
    url = reverse("recognition:organisation_merge", args=[tree["unit_a"].pk])
    response = client.get(url, {"target": "T-LH-THCS"})
    assert response.status_code == 200
    plan = response.context["plan"]
    assert (plan.declarations, plan.children, plan.possible) == (1, 0, True)
    assert Declaration.objects.get(pk=mine.pk).unit_id == tree["unit_a"].pk  # nothing moved yet
    response = client.post(url, {"target": "T-LH-THCS", "confirm": "1"})
    assert response.status_code == 302
    assert Declaration.objects.get(pk=mine.pk).unit_id == tree["school_a"].pk
    assert Declaration.objects.get(pk=other.pk).unit_id == tree["school_a"].pk
    source = Organisation.objects.get(pk=tree["unit_a"].pk)
    assert (source.active, source.merged_into_id, source.is_unit) == (
        False,
        tree["school_a"].pk,
        False,
    )
    # an old QR code leads to the unit it joined
    response = client.get(reverse("citizen:unit", args=["T-LH-TDP5"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("citizen:unit", args=["T-LH-THCS"])
    # nothing is left behind to move a second time
    assert tree_ops.merge_plan(source, tree["school_a"]).declarations == 0


def test_merge_refuses_what_would_lose_or_duplicate(tree, cycle, learner_a):
    workflow.start(learner_a, cycle, tree["unit_a"])
    plan = tree_ops.merge_plan(tree["unit_a"], tree["branch_b"])
    assert not plan.possible
    assert any("chỉ nhập được vào một đơn vị đăng ký" in p for p in plan.problems)
    plan = tree_ops.merge_plan(tree["province"], tree["unit_a"])
    assert any("tổ chức con của nó" in p for p in plan.problems)
    with pytest.raises(workflow.WorkflowError):
        tree_ops.merge(tree["unit_a"], tree["branch_b"])
    assert Organisation.objects.get(pk=tree["unit_a"].pk).active


def test_qr_sheets_in_a4_and_a5(client, superuser, tree):
    client.force_login(superuser)
    url = reverse("recognition:organisation_qr", args=[tree["unit_a"].pk])
    for query, name, width_mm in [({}, "a4", 210), ({"kho": "a5"}, "a5", 148)]:
        response = client.get(url, query)
        assert response.status_code == 200
        assert (
            response["Content-Disposition"] == f'attachment; filename="ma-qr-t-lh-tdp5-{name}.pdf"'
        )
        pdf = PdfReader(io.BytesIO(response.content))
        assert len(pdf.pages) == 1
        assert round(float(pdf.pages[0].mediabox.width) / 72 * 25.4) == width_mm
        text = pdf.pages[0].extract_text()
        assert "Tổ dân phố số 5 (thử)" in text
        assert "T-LH-TDP5" in text
    # a branch has no QR sheet
    response = client.get(reverse("recognition:organisation_qr", args=[tree["branch_a"].pk]))
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_staff_see_and_change_only_their_subtree(client, tree, reviewer_b, approver_a):
    client.force_login(reviewer_b)
    response = client.get(reverse("recognition:organisations"))
    assert [o.pk for o in response.context["rows"]] == [tree["branch_b"].pk]
    response = client.get(reverse("recognition:organisations"), {"node": tree["branch_a"].pk})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = client.post(
        reverse("recognition:organisation_add", args=[tree["branch_b"].pk]),
        {"name": "X", "kind": "khac", "code": "T-X"},
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Organisation.objects.filter(code="T-X").exists()
    client.force_login(approver_a)
    url = reverse("recognition:organisation_add", args=[tree["branch_a"].pk])
    response = client.post(
        url,
        {
            "name": "Tổ dân phố 6",
            "kind": "to_dan_pho",
            "code": "t-lh-tdp5",
            "is_unit": "on",
            "active": "on",
        },
    )
    assert response.status_code == 400
    assert "đã dùng cho" in response.content.decode()
    response = client.post(
        url,
        {
            "name": "Tổ dân phố 6",
            "kind": "to_dan_pho",
            "code": " t-lh-tdp6 ",
            "is_unit": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302
    made = Organisation.objects.get(code="T-LH-TDP6")
    assert made.get_parent().pk == tree["branch_a"].pk and made.is_unit


def test_open_a_cycle_with_checked_dates(client, superuser, tree, citizen_set):
    client.force_login(superuser)
    url = reverse("recognition:cycle_add")
    base = {
        "title": "CDHT 2027",
        "year": 2027,
        "organisation": tree["province"].pk,
        "criteria_set": citizen_set.pk,
    }
    response = client.post(url, {**base, "opens_on": "2027-03-01", "closes_on": "2027-02-01"})
    assert response.status_code == 400
    assert "Hạn nộp phải sau ngày mở." in response.content.decode()
    response = client.post(url, {**base, "opens_on": "31/02/2027", "closes_on": "2027-02-01"})
    assert response.status_code == 400
    assert "Hãy nhập ngày dạng ngày/tháng/năm" in response.content.decode()
    assert not Cycle.objects.filter(title="CDHT 2027").exists()
    response = client.post(url, {**base, "opens_on": "01/03/2027", "closes_on": "2027-10-31"})
    assert response.status_code == 302
    cycle = Cycle.objects.get(title="CDHT 2027")
    assert (cycle.model, cycle.opens_on.isoformat()) == ("cong_dan", "2027-03-01")


def test_the_command_moves_and_merges_with_a_dry_run(tree, cycle, learner_a):
    from django.core.management import CommandError, call_command

    declaration, _ = workflow.start(learner_a, cycle, tree["unit_a"])
    out = io.StringIO()
    call_command("association_tree", "move", "t-lh", "--to", "T-TINH", stdout=out)
    assert "Đã chuyển" in out.getvalue()
    out = io.StringIO()
    call_command("association_tree", "merge", "T-LH-TDP5", "--into", "t-lh-thcs", stdout=out)
    assert "1 hồ sơ" in out.getvalue() and "Chạy thử" in out.getvalue()
    declaration.refresh_from_db()
    assert declaration.unit_id == tree["unit_a"].pk
    call_command(
        "association_tree",
        "merge",
        "T-LH-TDP5",
        "--into",
        "T-LH-THCS",
        "--apply",
        stdout=io.StringIO(),
    )
    declaration.refresh_from_db()
    assert declaration.unit_id == tree["school_a"].pk
    with pytest.raises(CommandError, match="Không có tổ chức nào mang mã"):
        call_command("association_tree", "move", "KHONG-CO", "--to", "T-TINH")
    with pytest.raises(CommandError, match="chỉ nhập được vào một đơn vị đăng ký"):
        call_command("association_tree", "merge", "T-LH-THCS", "--into", "T-PV", "--apply")
    assert Declaration.objects.get(pk=declaration.pk).unit_id == tree["school_a"].pk
