"""The learning-models demo (home/demo_recognition.py), as loaded in the test database: the Ninh
Bình tree over the demo centres, last year's finished citizen cycle and this year's open one,
scores that add up, recognitions with their decision and certificate, the Lam Hạ staff and the
demo learner's draft."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch
from django.utils import timezone

from home.demo import CENTRES
from home.demo_recognition import (
    APPROVER_PASSWORD,
    APPROVER_USERNAME,
    PHONE_PREFIX,
    REVIEWER_PASSWORD,
    REVIEWER_USERNAME,
    load_recognition_demo,
    open_until,
)
from hub.models import Centre
from learners.models import Learner
from recognition import workflow
from recognition.models import (
    Answer,
    Cycle,
    Decision,
    Declaration,
    Organisation,
    RecognitionCertificate,
    ReviewStep,
)
from recognition.permissions import can_manage, scope_paths
from recognition.scoring import score

pytestmark = pytest.mark.django_db
Status = Declaration.Status
Kind = Organisation.Kind


def demo_declarations():
    return Declaration.objects.filter(cycle__organisation__code="NB")


def test_the_cycles_are_last_years_finished_and_this_years_open():
    root = Organisation.objects.get(code="NB")
    cycles = {
        c.title: c for c in Cycle.objects.filter(organisation=root).select_related("criteria_set")
    }
    today = timezone.localdate()
    assert set(cycles) == {
        "Công dân học tập năm 2025",
        "Công dân học tập năm 2026",
        "Gia đình học tập năm 2026",
    }
    last, this = cycles["Công dân học tập năm 2025"], cycles["Công dân học tập năm 2026"]
    family = cycles["Gia đình học tập năm 2026"]
    assert (last.model, last.year, last.opens_on, last.closes_on) == (
        "cong_dan",
        2025,
        datetime.date(2025, 3, 1),
        datetime.date(2025, 11, 30),
    )
    assert not last.is_open()
    for cycle in (this, family):
        assert (cycle.year, cycle.opens_on) == (2026, datetime.date(2026, 3, 1))
        assert cycle.closes_on == open_until(today) > today
        assert cycle.is_open()
    assert last.criteria_set == this.criteria_set
    assert (this.criteria_set.version, this.criteria_set.is_sample) == ("MAU-2022", True)
    assert (family.model, family.criteria_set.model, family.criteria_set.is_sample) == (
        "gia_dinh",
        "gia_dinh",
        True,
    )
    assert not family.declarations.exists()


def test_the_tree_has_a_branch_per_demo_centre_and_its_units():
    root = Organisation.objects.get(code="NB")
    assert (root.name, root.kind, root.is_root(), root.is_unit) == (
        "Hội Khuyến học tỉnh Ninh Bình",
        Kind.ASSOCIATION,
        True,
        False,
    )
    branches = list(root.get_children().select_related("centre"))
    centres = {c.name: c for c in Centre.objects.filter(name__in=[row[0] for row in CENTRES])}
    assert sorted(b.centre.name for b in branches) == sorted(centres)
    codes = list(
        Organisation.objects.filter(path__startswith=root.path).values_list("code", flat=True)
    )
    assert len(codes) == len(set(codes)) == 1 + 8 + 21
    for code in codes:
        assert re.fullmatch(r"NB(-[A-Z0-9]+)*", code) and len(code) <= 24, code
    for branch in branches:
        centre = branch.centre
        slug = centre.site.hostname.split(".")[0]
        assert branch.code == "NB-" + slug.replace("-", "").upper()
        assert branch.name == f"Hội Khuyến học {centre.name[0].lower()}{centre.name[1:]}"
        assert (branch.kind, branch.is_unit) == (Kind.BRANCH, False)
        units = list(branch.get_children())
        assert 2 <= len(units) <= 4 and all(u.is_unit and u.is_leaf() for u in units)
        residential = sorted(u.name for u in units if u.kind == Kind.RESIDENTIAL)
        if centre.kind == Centre.Kind.COMMUNE:
            assert residential == ["Thôn 1", "Thôn 2"]
        else:
            assert residential == ["Tổ dân phố số 1", "Tổ dân phố số 2"]
    lam_ha = Organisation.objects.get(code="NB-LAMHA")
    assert {(u.code, u.name, u.kind) for u in lam_ha.get_children()} == {
        ("NB-LAMHA-TDP1", "Tổ dân phố số 1", Kind.RESIDENTIAL),
        ("NB-LAMHA-TDP2", "Tổ dân phố số 2", Kind.RESIDENTIAL),
        ("NB-LAMHA-THCS", "Trường THCS Lam Hạ", Kind.SCHOOL),
        ("NB-LAMHA-UBND", "UBND phường Lam Hạ", Kind.AGENCY),
    }
    assert Organisation.objects.filter(code__startswith="NB-", kind=Kind.SCHOOL).count() == 4
    assert Organisation.objects.filter(code__startswith="NB-", kind=Kind.AGENCY).count() == 1


def test_declarations_per_cycle_and_status():
    by_cycle = Counter(demo_declarations().values_list("cycle__year", flat=True))
    assert by_cycle == {2025: 300, 2026: 401}  # this year's: 400 and the demo learner's draft
    statuses = {
        year: set(demo_declarations().filter(cycle__year=year).values_list("status", flat=True))
        for year in (2025, 2026)
    }
    assert statuses[2025] == {Status.RECOGNISED, Status.NOT_PASSED, Status.RETURNED}
    assert statuses[2026] == {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.ACCEPTED,
        Status.APPROVED,
    }
    last = Counter(demo_declarations().filter(cycle__year=2025).values_list("status", flat=True))
    assert last[Status.RECOGNISED] > 0.7 * 300 and last[Status.RETURNED] < last[Status.NOT_PASSED]
    # every ward declares, not equally
    per_branch = Counter(
        unit_path[:8]
        for unit_path in demo_declarations()
        .filter(cycle__year=2025)
        .values_list("unit__path", flat=True)
    )
    assert len(per_branch) == 8 and len(set(per_branch.values())) > 4


def test_every_score_is_the_sum_of_its_answers_and_the_grade_the_sets():
    cycle = Cycle.objects.get(organisation__code="NB", year=2026, model="cong_dan")
    criteria = workflow.criteria_of(cycle.criteria_set)
    grades = list(cycle.criteria_set.grades.all())
    declarations = demo_declarations().prefetch_related(
        Prefetch("answers", queryset=Answer.objects.annotate(n=Count("evidence")))
    )
    for declaration in declarations:
        answers = list(declaration.answers.all())
        assert sorted(a.criterion_id for a in answers) == sorted(c.pk for c in criteria)
        assert declaration.score == sum(a.points or 0 for a in answers)
        result = score(
            criteria,
            {a.criterion_id: a.points for a in answers},
            {a.criterion_id: a.n for a in answers},
            grades,
        )
        assert (declaration.score, declaration.grade) == (result.score, result.grade)
        if declaration.status != Status.DRAFT:
            assert result.answered == result.total and not result.missing_evidence
        if declaration.status in (Status.ACCEPTED, Status.APPROVED, Status.RECOGNISED):
            assert declaration.grade in ("Đạt", "Tiêu biểu")
        if declaration.status == Status.NOT_PASSED:
            assert declaration.grade == ""
    assert set(demo_declarations().values_list("grade", flat=True)) == {"", "Đạt", "Tiêu biểu"}


def test_the_steps_follow_each_status():
    expected = {
        Status.DRAFT: [],
        Status.SUBMITTED: ["nop"],
        Status.RETURNED: ["nop", "tra_lai"],
        Status.ACCEPTED: ["nop", "don_vi_duyet"],
        Status.APPROVED: ["nop", "don_vi_duyet", "phe_duyet"],
        Status.NOT_PASSED: ["nop", "khong_dat"],
        Status.RECOGNISED: ["nop", "don_vi_duyet", "phe_duyet", "cong_nhan"],
    }
    now = timezone.now()
    for declaration in (
        demo_declarations().select_related("learner", "cycle").prefetch_related("steps")
    ):
        steps = list(declaration.steps.all())
        assert [s.action for s in steps] == expected[declaration.status], declaration.pk
        assert all(s.at <= now for s in steps)
        if steps:
            assert steps[0].at == declaration.submitted_at
            assert steps[0].actor_id == declaration.learner.user_id
            assert declaration.created_at <= declaration.submitted_at
            assert declaration.submitted_at.date() <= declaration.cycle.closes_on
        else:
            assert declaration.submitted_at is None
    returned = Answer.objects.filter(declaration__in=demo_declarations(), returned=True)
    assert returned.count() == demo_declarations().filter(status=Status.RETURNED).count()
    assert not returned.filter(review_comment="").exists()


def test_every_recognised_declaration_has_its_decision_and_certificate():
    recognised = (
        demo_declarations()
        .filter(status=Status.RECOGNISED)
        .select_related("decision", "certificate", "unit", "cycle")
    )
    assert recognised.count() > 200
    decisions = Decision.objects.filter(cycle__organisation__code="NB")
    assert decisions.count() == 8  # one per branch
    assert {d.organisation.code for d in decisions} == set(
        Organisation.objects.filter(code__startswith="NB-", kind=Kind.BRANCH).values_list(
            "code", flat=True
        )
    )
    for decision in decisions:
        assert re.fullmatch(r"\d\d/QĐ-KH", decision.number)
        assert decision.signed_on == datetime.date(2025, 12, 15)
    for declaration in recognised:
        decision, certificate = declaration.decision, declaration.certificate
        assert declaration.cycle.year == 2025
        assert declaration.unit.path.startswith(decision.organisation.path)
        assert certificate.serial == f"CDHT-2025-{declaration.pk:06d}"
        assert (certificate.name, certificate.decision_number, certificate.issued_on) == (
            declaration.name,
            decision.number,
            decision.signed_on,
        )
        assert certificate.title == "Công dân học tập năm 2025"
    assert not RecognitionCertificate.objects.filter(
        declaration__in=demo_declarations().exclude(status=Status.RECOGNISED)
    ).exists()
    assert (
        not demo_declarations()
        .exclude(status=Status.RECOGNISED)
        .filter(decision__isnull=False)
        .exists()
    )


def test_the_people_behind_the_declarations():
    declarations = demo_declarations().exclude(learner__phone="+84912345678")
    learners = Learner.objects.filter(declarations__in=declarations).distinct()
    assert 400 < learners.count() < 700  # many declare both years
    twice = declarations.order_by().values("learner").annotate(n=Count("pk")).filter(n=2)
    assert twice.count() == declarations.count() - learners.count() > 200
    for learner in learners.select_related("user", "home_centre"):
        assert learner.phone.startswith(PHONE_PREFIX) and len(learner.phone) == 12
        assert learner.user.username.startswith("demo-hv-")
        assert not learner.user.has_usable_password()
        assert learner.consent_at and learner.verified
    for declaration in declarations.select_related("learner", "unit", "cycle"):
        assert declaration.name == declaration.learner.name
        assert declaration.birth_year == declaration.learner.birth_year
        assert 18 <= declaration.cycle.year - declaration.birth_year <= 85
        branch = declaration.unit.get_parent()
        assert branch.centre_id == declaration.learner.home_centre_id
    ages = [d.cycle.year - d.birth_year for d in declarations.select_related("cycle")]
    assert min(ages) < 25 and max(ages) > 75
    assert set(declarations.values_list("sex", flat=True)) == {"nu", "nam", ""}


def test_the_demo_learner_has_one_draft_half_answered():
    hang = Learner.objects.get(phone="+84912345678")
    declaration = Declaration.objects.get(learner=hang)
    assert declaration.cycle.title == "Công dân học tập năm 2026"
    assert (declaration.status, declaration.unit.code, declaration.name) == (
        Status.DRAFT,
        "NB-LAMHA-TDP1",
        hang.name,
    )
    answered = declaration.answers.filter(points__isnull=False)
    assert (answered.count(), declaration.answers.count()) == (4, 8)
    assert declaration.editable


def test_a_new_learner_can_still_start_at_a_demo_unit(centre_a):
    from tests.recognition.conftest import make_learner

    cycle = Cycle.objects.get(title="Công dân học tập năm 2026")
    unit = Organisation.objects.get(code="NB-LAMHA-TDP2")
    learner = make_learner(centre_a, phone="+84913579299", name="Người Mới")
    declaration, created = workflow.start(learner, cycle, unit)
    assert created and declaration.answers.count() == 8


def test_the_lam_ha_staff_and_the_network_staff_reach_the_demo():
    User = get_user_model()
    branch = Organisation.objects.get(code="NB-LAMHA")
    reviewer = User.objects.get(username=REVIEWER_USERNAME)
    approver = User.objects.get(username=APPROVER_USERNAME)
    for user, password, approves in (
        (reviewer, REVIEWER_PASSWORD, False),
        (approver, APPROVER_PASSWORD, True),
    ):
        assert user.check_password(password)
        assert user.is_staff and not user.is_superuser
        assert user.has_perm("wagtailadmin.access_admin")
        assert list(
            user.organisationstaff_set.values_list("organisation__code", "can_approve")
        ) == [("NB-LAMHA", approves)]
        assert scope_paths(user) == [branch.path]
        assert can_manage(user) is approves
    for username in ("admin", "banchidao"):
        organiser = User.objects.get(username=username)
        assert scope_paths(organiser) is None and can_manage(organiser)
    # the Lam Hạ decision was signed by its approver; the Lam Hạ reviews were theirs
    assert Decision.objects.get(organisation=branch).created_by == approver
    lam_ha_steps = ReviewStep.objects.filter(declaration__unit__path__startswith=branch.path)
    assert set(lam_ha_steps.filter(action="don_vi_duyet").values_list("actor", flat=True)) == {
        reviewer.pk
    }
    assert set(lam_ha_steps.filter(action="phe_duyet").values_list("actor", flat=True)) == {
        approver.pk
    }


def test_loading_again_adds_nothing_and_keeps_this_years_cycles_open():
    today = timezone.localdate()
    Cycle.objects.filter(organisation__code="NB", year=2026).update(
        closes_on=today - datetime.timedelta(days=1)
    )
    before = (
        Organisation.objects.count(),
        Declaration.objects.count(),
        Learner.objects.count(),
        Decision.objects.count(),
    )
    load_recognition_demo(CENTRES, log=lambda _message: None)
    after = (
        Organisation.objects.count(),
        Declaration.objects.count(),
        Learner.objects.count(),
        Decision.objects.count(),
    )
    assert after == before
    closes = set(
        Cycle.objects.filter(organisation__code="NB", year=2026).values_list("closes_on", flat=True)
    )
    assert closes == {open_until(today)}
    assert Cycle.objects.get(organisation__code="NB", year=2025).closes_on == datetime.date(
        2025, 11, 30
    )
