"""Reviewers: the queue, return with comments, resubmission, unit acceptance, branch approval,
the decision and its certificates; nothing outside one's subtree."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from learners import sms
from recognition import workflow
from recognition.models import Decision, Declaration, RecognitionCertificate, ReviewStep

pytestmark = pytest.mark.django_db


def submitted(learner, cycle, unit, points_for=lambda c: c.points):
    declaration, _ = workflow.start(learner, cycle, unit)
    criteria = list(cycle.criteria_set.criteria.all())
    workflow.save_answers(declaration, {c.pk: points_for(c) for c in criteria}, {})
    for c in criteria:
        if c.evidence_required:
            workflow.add_link(declaration, c.pk, "https://example.org/minh-chung")
    workflow.submit(declaration, learner.user)
    declaration.refresh_from_db()
    return declaration


def test_queue_shows_only_the_reviewers_subtree(
    client, tree, cycle, learner_a, learner_b, reviewer_a, reviewer_b
):
    mine = submitted(learner_a, cycle, tree["unit_a"])
    theirs = submitted(learner_b, cycle, tree["unit_b"])
    client.force_login(reviewer_a)
    response = client.get(reverse("recognition:queue"), {"dot": cycle.pk})
    assert response.status_code == 200
    assert [d.pk for d in response.context["page"].object_list] == [mine.pk]
    # another branch's declaration: refused, not shown
    # (the admin answers a refusal by sending the user to its dashboard with a message)
    response = client.get(reverse("recognition:declaration", args=[theirs.pk]))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = client.post(
        reverse("recognition:declaration", args=[theirs.pk]), {"action": "accept"}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    theirs.refresh_from_db()
    assert theirs.status == "da_nop"


def test_queue_queries_do_not_grow_with_declarations(client, tree, cycle, reviewer_a, centre_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import make_learner

    client.force_login(reviewer_a)
    submitted(make_learner(centre_a, phone="+84910000001"), cycle, tree["unit_a"])
    client.get(reverse("recognition:queue"), {"dot": cycle.pk})  # warm the admin's caches
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("recognition:queue"), {"dot": cycle.pk})
    for n in range(2, 8):
        submitted(make_learner(centre_a, phone=f"+8491000000{n}"), cycle, tree["unit_a"])
    with CaptureQueriesContext(connection) as seven:
        response = client.get(reverse("recognition:queue"), {"dot": cycle.pk})
    assert len(response.context["page"].object_list) == 7
    assert len(seven.captured_queries) == len(one.captured_queries)


def test_return_resubmit_accept_approve_decide_and_verify(
    client, tree, cycle, learner_a, reviewer_a, approver_a, django_capture_on_commit_callbacks
):
    declaration = submitted(learner_a, cycle, tree["unit_a"])
    c21 = cycle.criteria_set.criteria.get(code="2.1")
    url = reverse("recognition:declaration", args=[declaration.pk])
    client.force_login(reviewer_a)
    # returning without saying what to fix is refused, the typed text is kept
    response = client.post(url, {"action": "return", "general": ""})
    assert response.status_code == 400
    assert "Hãy ghi rõ cần bổ sung gì" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "return", f"comment-{c21.pk}": "Ảnh chưa rõ, chụp lại giấy xác nhận."}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("recognition:queue") + f"?dot={cycle.pk}"
    declaration.refresh_from_db()
    assert declaration.status == "tra_lai"
    # the citizen gets a text message with the address of their declaration (one SMS, no diacritics)
    assert sms.outbox == [
        (
            learner_a.phone,
            f"HocTap Hub: ho so cong dan hoc tap {cycle.year} cua ban can bo sung. "
            f"Xem: http://localhost/cong-dan-hoc-tap/ho-so/{declaration.pk}/",
        )
    ]
    answer = declaration.answers.get(criterion=c21)
    assert (answer.returned, answer.review_comment) == (
        True,
        "Ảnh chưa rõ, chụp lại giấy xác nhận.",
    )

    # the citizen sees the comment, fixes and resubmits
    client.force_login(learner_a.user)
    page = client.get(reverse("citizen:declaration", args=[declaration.pk]))
    assert "Ảnh chưa rõ, chụp lại giấy xác nhận." in page.content.decode()
    workflow.add_link(declaration, c21.pk, "https://example.org/giay-xac-nhan-moi")
    response = client.post(reverse("citizen:submit", args=[declaration.pk]))
    declaration.refresh_from_db()
    assert declaration.status == "da_nop"
    assert not declaration.answers.filter(returned=True).exists()

    # the unit accepts; a branch-level set waits for an approver
    client.force_login(reviewer_a)
    client.post(url, {"action": "accept"})
    declaration.refresh_from_db()
    assert declaration.status == "don_vi_duyet"
    response = client.post(url, {"action": "approve"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    declaration.refresh_from_db()
    assert declaration.status == "don_vi_duyet"
    client.force_login(approver_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "approve"})
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == "da_duyet"
    assert list(declaration.steps.values_list("action", flat=True)) == [
        "nop",
        "tra_lai",
        "nop",
        "don_vi_duyet",
        "phe_duyet",
    ]

    # the branch's decision recognises it and issues the certificate
    new = reverse("recognition:decision_new")
    form = {
        "organisation": tree["branch_a"].pk,
        "cycle": cycle.pk,
        "number": "15/QĐ-KH",
        "signed_on": timezone.localdate().isoformat(),
        "signer": "Nguyễn Văn An",
        "signer_title": "Chủ tịch",
        "issue": "1",
    }
    response = client.post(new, {**form, "declaration": []})
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một hồ sơ" in response.content.decode()
    assert not Decision.objects.filter(cycle=cycle).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(new, {**form, "declaration": [declaration.pk]})
    decision = Decision.objects.get(cycle=cycle)
    assert response.status_code == 302
    assert response["Location"] == reverse("recognition:decision", args=[decision.pk])
    declaration.refresh_from_db()
    assert (declaration.status, declaration.decision_id) == ("cong_nhan", decision.pk)
    certificate = RecognitionCertificate.objects.get(declaration=declaration)
    assert [text.split(":")[1].strip() for _to, text in sms.outbox] == [
        f"ho so cong dan hoc tap {cycle.year} cua ban can bo sung. Xem",
        f"ho so cong dan hoc tap {cycle.year} cua ban da duoc duyet. Xem",
        f"ban da duoc cong nhan cong dan hoc tap {cycle.year}. Giay cong nhan",
    ]
    assert certificate.serial == f"CDHT-{cycle.year}-{declaration.pk:06d}"
    assert (certificate.name, certificate.decision_number) == ("Trần Văn Bình", "15/QĐ-KH")
    # the same number again is refused
    again = submitted(
        __import__("tests.recognition.conftest", fromlist=["make_learner"]).make_learner(
            learner_a.home_centre, phone="+84933333333"
        ),
        cycle,
        tree["unit_a"],
    )
    Declaration.objects.filter(pk=again.pk).update(status="da_duyet")
    response = client.post(new, {**form, "declaration": [again.pk]})
    assert response.status_code == 400
    assert "đã dùng cho một quyết định khác" in response.content.decode()
    assert Decision.objects.filter(cycle=cycle).count() == 1

    # the learner downloads it; its QR address checks it publicly
    client.force_login(learner_a.user)
    response = client.get(reverse("citizen:certificate_pdf", args=[declaration.pk]))
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Trần Văn Bình" in text
    assert "Công dân học tập năm" in text
    client.logout()
    response = client.get(reverse("citizen:verify", args=[certificate.token]))
    assert response.status_code == 200
    assert certificate.serial in response.content.decode()
    assert learner_a.phone not in response.content.decode()
    assert client.get(reverse("citizen:verify", args=["sai-ma"])).status_code == 404


def test_unit_level_set_is_approved_by_the_unit_reviewer(
    client, tree, cycle, learner_a, reviewer_a
):
    cycle.criteria_set.approval = "unit"
    cycle.criteria_set.save()
    declaration = submitted(learner_a, cycle, tree["unit_a"])
    client.force_login(reviewer_a)
    client.post(reverse("recognition:declaration", args=[declaration.pk]), {"action": "accept"})
    declaration.refresh_from_db()
    assert declaration.status == "da_duyet"


def test_a_declaration_below_the_threshold_cannot_be_accepted(
    client, tree, cycle, learner_a, reviewer_a
):
    declaration = submitted(learner_a, cycle, tree["unit_a"], points_for=lambda c: 0)
    assert (declaration.score, declaration.grade) == (0, "")
    client.force_login(reviewer_a)
    url = reverse("recognition:declaration", args=[declaration.pk])
    response = client.post(url, {"action": "accept"})
    assert response.status_code == 400
    assert "chưa đạt ngưỡng" in response.content.decode()
    response = client.post(url, {"action": "reject", "general": "ok"})
    assert response.status_code == 400
    response = client.post(url, {"action": "reject", "general": "Chưa tham gia lớp học nào."})
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == "khong_dat"
    assert ReviewStep.objects.filter(declaration=declaration, action="khong_dat").count() == 1
