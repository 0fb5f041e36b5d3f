"""A small association tree beside the demo's (codes start with "T-"), the sample citizen set as
a test version, an open cycle, learners and reviewers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from learners.models import Learner
from recognition.criteria import SAMPLE_CITIZEN, create_set
from recognition.factories import add_child, add_cycle, add_root, add_staff
from recognition.models import Organisation

PASSWORD = "mat-khau-thu-2026"
Kind = Organisation.Kind


@pytest.fixture
def tree(centre_a, centre_b):
    province = add_root("Hội Khuyến học tỉnh Thử", "T-TINH")
    branch_a = add_child(province, "Hội Khuyến học phường Lam Hạ (thử)", "T-LH", Kind.BRANCH)
    unit_a = add_child(
        branch_a, "Tổ dân phố số 5 (thử)", "T-LH-TDP5", Kind.RESIDENTIAL, is_unit=True
    )
    school_a = add_child(
        branch_a, "Trường THCS Lam Hạ (thử)", "T-LH-THCS", Kind.SCHOOL, is_unit=True
    )
    branch_b = add_child(province, "Hội Khuyến học xã Phù Vân (thử)", "T-PV", Kind.BRANCH)
    unit_b = add_child(
        branch_b, "Thôn Phù Vân 2 (thử)", "T-PV-THON2", Kind.RESIDENTIAL, is_unit=True
    )
    return {
        name: Organisation.objects.get(pk=node.pk)
        for name, node in {
            "province": province,
            "branch_a": branch_a,
            "unit_a": unit_a,
            "school_a": school_a,
            "branch_b": branch_b,
            "unit_b": unit_b,
        }.items()
    }


@pytest.fixture
def citizen_set(db):
    return create_set({**SAMPLE_CITIZEN, "version": "TEST-1", "title": "Bộ thử"})


@pytest.fixture
def cycle(tree, citizen_set):
    return add_cycle(tree["province"], citizen_set, title="Công dân học tập (thử)")


def make_learner(centre, phone="+84913579246", name="Trần Văn Bình", birth_year=1960):
    user = User.objects.create_user(username=f"hv-{phone[-7:]}", password=PASSWORD)
    return Learner.objects.create(
        user=user,
        phone=phone,
        name=name,
        birth_year=birth_year,
        home_centre=centre,
        consent_at=timezone.now(),
        phone_verified_at=timezone.now(),
    )


@pytest.fixture
def learner_a(centre_a):
    return make_learner(centre_a)


@pytest.fixture
def learner_b(centre_b):
    return make_learner(centre_b, phone="+84987654321", name="Lê Thị Hoa", birth_year=1985)


def make_staff(username, organisation, can_approve=False):
    user = User.objects.create_user(username=username, password=PASSWORD, is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    add_staff(organisation, user, can_approve=can_approve)
    return user


@pytest.fixture
def reviewer_a(tree):
    """Reviews at Lam Hạ's branch (its units), cannot approve."""
    return make_staff("duyet.lamha", tree["branch_a"])


@pytest.fixture
def approver_a(tree):
    return make_staff("pheduyet.lamha", tree["branch_a"], can_approve=True)


@pytest.fixture
def reviewer_b(tree):
    return make_staff("duyet.phuvan", tree["branch_b"])
