"""The citizen's pages: a unit's QR page, the self-assessment with evidence, submitting."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from recognition import workflow
from recognition.models import Declaration, Evidence, ReviewStep

from .conftest import make_learner

pytestmark = pytest.mark.django_db


def jpeg(size=(40, 30), exif=True) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    if exif:
        data = image.getexif()
        data[0x010F] = "Camera maker"  # Make
        image.save(out, "JPEG", exif=data)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def sign_in(client, learner):
    client.force_login(learner.user)


def answer_all(declaration, points_for=lambda c: c.points):
    criteria = list(declaration.cycle.criteria_set.criteria.all())
    return workflow.save_answers(declaration, {c.pk: points_for(c) for c in criteria}, {})


def criterion(cycle, code):
    return cycle.criteria_set.criteria.get(code=code)


def test_unit_page_for_a_visitor_offers_sign_up_prefilled_with_the_unit(client, tree, cycle):
    response = client.get(reverse("citizen:unit", args=["t-lh-tdp5"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("citizen:unit", args=["T-LH-TDP5"])
    response = client.get(response["Location"])
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tổ dân phố số 5 (thử)" in content
    assert cycle.title in content
    signup = response.context["signup_url"]
    assert signup.startswith(reverse("account_signup") + "?next=")
    assert "%2Fcong-dan-hoc-tap%2Fdon-vi%2FT-LH-TDP5%2F" in signup


def test_unit_page_prefills_the_centre_of_the_nearest_linked_branch(client, tree, cycle, centre_a):
    from recognition.models import Organisation

    Organisation.objects.filter(centre=centre_a).update(centre=None)  # the demo's branch
    Organisation.objects.filter(pk=tree["branch_a"].pk).update(centre=centre_a)
    response = client.get(reverse("citizen:unit", args=["T-LH-TDP5"]))
    assert f"trung-tam={centre_a.pk}" in response.context["signup_url"]
    # and the QR code holds the address on that centre's own site
    from recognition.views import unit_url

    assert unit_url(None, tree["unit_a"]) == centre_a.url + "cong-dan-hoc-tap/don-vi/T-LH-TDP5/"


def test_unknown_code_says_so_and_keeps_it(client, tree):
    response = client.get(reverse("citizen:index"), {"ma": "khong-co"})
    assert response.status_code == 400
    assert "Không có đơn vị nào mang mã “KHONG-CO”" in response.content.decode()
    assert 'value="khong-co"' in response.content.decode()
    response = client.get(reverse("citizen:index"), {"ma": " t-lh-tdp5 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen:unit", args=["T-LH-TDP5"])


def test_start_answer_autosave_and_submit(client, tree, cycle, learner_a):
    sign_in(client, learner_a)
    response = client.post(reverse("citizen:start", args=["T-LH-TDP5"]), {"cycle": cycle.pk})
    declaration = Declaration.objects.get(learner=learner_a, cycle=cycle)
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen:declaration", args=[declaration.pk])
    assert declaration.unit == tree["unit_a"]

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="criterion"') == 8

    c11 = criterion(cycle, "1.1")
    c13 = criterion(cycle, "1.3")
    response = client.post(
        reverse("citizen:declaration", args=[declaration.pk]),
        {"name": "Trần Văn Bình", "sex": "nam", f"c{c11.pk}": "15", f"c{c13.pk}": "9"},
        HTTP_X_AUTOSAVE="1",
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["ok"], data["score"], data["answered"], data["total"]) == (True, 24, 2, 8)
    declaration.refresh_from_db()
    assert (declaration.score, declaration.sex, declaration.status) == (24, "nam", "nhap")

    # a points value above the criterion's maximum is refused, the rest is kept
    response = client.post(
        reverse("citizen:declaration", args=[declaration.pk]),
        {"name": "Trần Văn Bình", f"c{c13.pk}": "99", f"n{c11.pk}": "Kế hoạch viết tay"},
    )
    assert response.status_code == 400
    assert "Hãy chọn một số điểm từ 0 đến 15." in response.content.decode()
    answer = declaration.answers.get(criterion=c11)
    assert answer.note == "Kế hoạch viết tay"
    assert declaration.answers.get(criterion=c13).points == 9

    # submitting with unanswered criteria: refused, nothing changes
    response = client.post(reverse("citizen:submit", args=[declaration.pk]))
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == "nhap"
    assert not ReviewStep.objects.filter(declaration=declaration).exists()

    answer_all(declaration)
    # two criteria require evidence (1.2 and 2.1)
    with pytest.raises(workflow.WorkflowError, match="1.2, 2.1"):
        workflow.submit(declaration, learner_a.user)
    for code in ("1.2", "2.1"):
        workflow.add_link(declaration, criterion(cycle, code).pk, "https://zalo.me/anh-lop-hoc")
    check = client.get(reverse("citizen:submit", args=[declaration.pk]))
    assert check.status_code == 200
    assert "Tự chấm: 100/100 điểm" in check.content.decode()
    response = client.post(reverse("citizen:submit", args=[declaration.pk]))
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert (declaration.status, declaration.score, declaration.grade) == (
        "da_nop",
        100,
        "Tiêu biểu",
    )
    # a second tap submits nothing twice
    response = client.post(reverse("citizen:submit", args=[declaration.pk]))
    assert ReviewStep.objects.filter(declaration=declaration, action="nop").count() == 1
    # and the answers are no longer editable
    response = client.post(
        reverse("citizen:declaration", args=[declaration.pk]),
        {"name": "X", f"c{c11.pk}": "0"},
    )
    assert response.status_code == 302
    assert declaration.answers.get(criterion=c11).points == 15


def test_evidence_photo_is_kept_without_exif_and_bad_files_are_refused(
    client, tree, cycle, learner_a
):
    sign_in(client, learner_a)
    declaration, _ = workflow.start(learner_a, cycle, tree["unit_a"])
    c12 = criterion(cycle, "1.2")
    url = reverse("citizen:add_evidence", args=[declaration.pk])
    response = client.post(
        url,
        {
            "criterion": c12.pk,
            "kind": "tep",
            "label": "Ảnh lớp tin học",
            "file": SimpleUploadedFile("lop.jpg", jpeg(), "image/jpeg"),
        },
    )
    assert response.status_code == 302
    item = Evidence.objects.get(answer__declaration=declaration)
    assert (item.kind, item.file_name, item.label) == ("tep", "lop.jpg", "Ảnh lớp tin học")
    with item.file.open("rb") as handle:
        kept = Image.open(io.BytesIO(handle.read()))
        assert kept.format == "JPEG"
        assert 0x010F not in kept.getexif()
    # the learner can open it; another learner cannot
    file_url = reverse("citizen:evidence_file", args=[declaration.pk, item.pk])
    assert client.get(file_url).status_code == 200
    other = make_learner(tree["unit_a"] and learner_a.home_centre, phone="+84911222333")
    client.logout()
    sign_in(client, other)
    assert client.get(file_url).status_code == 404
    assert client.get(reverse("citizen:declaration", args=[declaration.pk])).status_code == 404
    client.logout()
    sign_in(client, learner_a)

    bad = [
        (
            SimpleUploadedFile("anh.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg"),
            "không phải là ảnh",
        ),
        (SimpleUploadedFile("bai.docx", b"PK\x03\x04", "application/msword"), "Chỉ nhận ảnh"),
        (
            SimpleUploadedFile("giay.pdf", b"<html>not a pdf</html>", "application/pdf"),
            "không phải tài liệu PDF",
        ),
    ]
    for upload, message in bad:
        response = client.post(
            url, {"criterion": c12.pk, "kind": "tep", "label": "Giữ mô tả", "file": upload}
        )
        assert response.status_code == 400
        content = response.content.decode()
        assert message in content
        assert 'value="Giữ mô tả"' in content
    with override_settings(RECOGNITION_EVIDENCE_MAX_BYTES=1000):
        response = client.post(
            url,
            {
                "criterion": c12.pk,
                "kind": "tep",
                "file": SimpleUploadedFile("to.jpg", jpeg((800, 600)) + b"\x00" * 2000),
            },
        )
    assert response.status_code == 400
    assert "quá mức" in response.content.decode()
    response = client.post(
        url, {"criterion": c12.pk, "kind": "lien_ket", "link": "javascript:alert(1)"}
    )
    assert response.status_code == 400
    assert "phải bắt đầu bằng http://" in response.content.decode()
    assert 'value="javascript:alert(1)"' in response.content.decode()
    assert Evidence.objects.filter(answer__declaration=declaration).count() == 1


def test_platform_evidence_attaches_only_the_learners_own_record(client, tree, cycle, learner_a):
    from django.utils import timezone

    from learners.models import LessonProgress
    from lessons.models import LessonPage

    lessons = list(LessonPage.objects.live()[:2])
    LessonProgress.objects.create(learner=learner_a, lesson=lessons[0], completed_at=timezone.now())
    sign_in(client, learner_a)
    declaration, _ = workflow.start(learner_a, cycle, tree["unit_a"])
    c13 = criterion(cycle, "1.3")
    page = client.get(reverse("citizen:declaration", args=[declaration.pk]))
    assert f'value="lesson:{lessons[0].pk}"' in page.content.decode()
    response = client.post(
        reverse("citizen:add_evidence", args=[declaration.pk]),
        {
            "criterion": c13.pk,
            "kind": "he_thong",
            "source": [f"lesson:{lessons[0].pk}", f"lesson:{lessons[1].pk}"],
        },
    )
    assert response.status_code == 302
    items = list(Evidence.objects.filter(answer__declaration=declaration))
    assert [(i.kind, i.source) for i in items] == [("he_thong", f"lesson:{lessons[0].pk}")]
    assert lessons[0].title in items[0].label


def test_one_declaration_per_person_per_cycle_and_transfer_moves_it(client, tree, cycle, learner_a):
    sign_in(client, learner_a)
    client.post(reverse("citizen:start", args=["T-LH-TDP5"]), {"cycle": cycle.pk})
    declaration = Declaration.objects.get(learner=learner_a, cycle=cycle)
    answer_all(declaration)
    response = client.post(reverse("citizen:start", args=["T-LH-THCS"]), {"cycle": cycle.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen:unit", args=["T-LH-THCS"])
    assert Declaration.objects.filter(learner=learner_a, cycle=cycle).count() == 1
    response = client.post(
        reverse("citizen:transfer", args=["T-LH-THCS"]), {"declaration": declaration.pk}
    )
    assert response["Location"] == reverse("citizen:declaration", args=[declaration.pk])
    declaration.refresh_from_db()
    assert declaration.unit == tree["school_a"]
    assert declaration.score == 100  # answers moved with it
    assert Declaration.objects.filter(learner=learner_a, cycle=cycle).count() == 1
    step = ReviewStep.objects.get(declaration=declaration)
    assert (step.action, step.comment) == (
        "chuyen",
        "Tổ dân phố số 5 (thử) → Trường THCS Lam Hạ (thử)",
    )


def test_a_branch_is_not_a_unit_and_a_closed_cycle_takes_nothing(client, tree, cycle, learner_a):
    sign_in(client, learner_a)
    with pytest.raises(workflow.WorkflowError, match="không nhận đăng ký"):
        workflow.start(learner_a, cycle, tree["branch_a"])
    from django.utils import timezone

    cycle.closes_on = timezone.localdate().replace(year=2020)
    cycle.save()
    response = client.post(reverse("citizen:start", args=["T-LH-TDP5"]), {"cycle": cycle.pk})
    assert response.status_code == 302
    assert not Declaration.objects.filter(learner=learner_a).exists()


def test_staff_and_visitors_cannot_open_declarations(client, tree, cycle, learner_a, reviewer_a):
    declaration, _ = workflow.start(learner_a, cycle, tree["unit_a"])
    url = reverse("citizen:declaration", args=[declaration.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(reviewer_a)
    assert client.get(url).status_code == 403


def test_declarations_are_in_the_data_download_and_go_with_the_account(
    client, tree, cycle, learner_a
):
    import json

    declaration, _ = workflow.start(learner_a, cycle, tree["unit_a"])
    c12 = criterion(cycle, "1.2")
    workflow.save_answers(declaration, {c12.pk: 20}, {c12.pk: "Lớp tin học"})
    item = workflow.add_file(declaration, c12.pk, SimpleUploadedFile("lop.jpg", jpeg()), "Ảnh lớp")
    storage, name = item.file.storage, item.file.name
    assert storage.exists(name)
    client.force_login(learner_a.user)
    data = json.loads(client.get(reverse("learners:export_json")).content)
    [row] = data["ho_so_tu_danh_gia"]
    assert (row["dot"], row["don_vi"], row["diem"], row["trang_thai"]) == (
        "Công dân học tập (thử)",
        "Tổ dân phố số 5 (thử)",
        20,
        "Đang khai",
    )
    assert "1.2: 20 (Lớp tin học) [Ảnh lớp]" in row["tra_loi"]
    html = client.get(reverse("learners:export_html")).content.decode()
    assert "Hồ sơ tự đánh giá (Công dân học tập…)" in html
    assert "Tổ dân phố số 5 (thử)" in html
    learner_a.user.delete()
    assert not Declaration.objects.filter(pk=declaration.pk).exists()
    assert not Evidence.objects.filter(pk=item.pk).exists()
    assert not storage.exists(name)


def test_a_family_declares_through_its_representative_with_members(client, tree, learner_a):
    from recognition.criteria import SAMPLE_FAMILY, create_set
    from recognition.factories import add_cycle

    family_set = create_set({**SAMPLE_FAMILY, "version": "TEST-GD"})
    family_cycle = add_cycle(tree["province"], family_set, title="Gia đình học tập (thử)")
    client.force_login(learner_a.user)
    client.post(reverse("citizen:start", args=["T-LH-TDP5"]), {"cycle": family_cycle.pk})
    declaration = Declaration.objects.get(learner=learner_a, cycle=family_cycle)
    page = client.get(reverse("citizen:declaration", args=[declaration.pk])).content.decode()
    assert "Tên gia đình / dòng họ / đơn vị" in page
    assert "Thành viên (mỗi dòng một người)" in page
    response = client.post(
        reverse("citizen:declaration", args=[declaration.pk]),
        {
            "name": "Gia đình ông Trần Văn Bình",
            "members": "Trần Văn Bình\n  Nguyễn Thị Lan \n\nTrần Minh",
        },
    )
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.name == "Gia đình ông Trần Văn Bình"
    assert declaration.member_list == ["Trần Văn Bình", "Nguyễn Thị Lan", "Trần Minh"]
    assert declaration.sex == ""
    # an empty name is refused and the members typed are kept
    response = client.post(
        reverse("citizen:declaration", args=[declaration.pk]),
        {"name": "  ", "members": "Trần Văn Bình\nLê Hoa"},
    )
    assert response.status_code == 400
    assert "Hãy nhập tên." in response.content.decode()
    assert "Lê Hoa" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.name == "Gia đình ông Trần Văn Bình"
