"""The admin's "Người học": centre staff see and confirm their own centre's learners only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learners.models import Learner
from tests.learners.test_accounts import make_learner


@pytest.mark.django_db
class TestLearnerAdmin:
    def test_centre_editor_lists_own_centre_only(self, client, centre_a, centre_b, editor_a):
        make_learner(centre_a, name="Học Viên Lam Hạ")
        make_learner(centre_b, phone="+84966000111", name="Học Viên Phù Vân")
        client.force_login(editor_a)
        response = client.get(reverse("learner_admin:index"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Học Viên Lam Hạ" in page and "Học Viên Phù Vân" not in page
        assert "0913 579 246" in page

    def test_confirm_a_number_records_who(self, client, centre_a, editor_a):
        learner = make_learner(centre_a, verified=False)
        client.force_login(editor_a)
        url = reverse("learner_admin:edit", args=[learner.pk])
        response = client.post(
            url,
            {
                "name": learner.name,
                "birth_year": "1958",
                "home_centre": str(centre_a.pk),
                "confirm_phone": "on",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("learner_admin:index")
        learner.refresh_from_db()
        assert learner.phone_verified_at is not None
        assert learner.verified_by == editor_a
        assert learner.birth_year == 1958
        assert learner.phone == "+84913579246"  # staff never change the number

    def test_other_centres_learner_is_not_found_and_unchanged(
        self, client, centre_a, centre_b, editor_a
    ):
        other = make_learner(centre_b, phone="+84966000111", verified=False, name="Người Phù Vân")
        client.force_login(editor_a)
        url = reverse("learner_admin:edit", args=[other.pk])
        assert client.get(url).status_code == 404
        response = client.post(
            url, {"name": "Đổi tên", "home_centre": str(centre_a.pk), "confirm_phone": "on"}
        )
        assert response.status_code == 404
        other.refresh_from_db()
        assert (other.name, other.home_centre_id, other.phone_verified_at) == (
            "Người Phù Vân",
            centre_b.pk,
            None,
        )

    def test_editor_cannot_move_a_learner_to_another_centre(
        self, client, centre_a, centre_b, editor_a
    ):
        learner = make_learner(centre_a)
        client.force_login(editor_a)
        response = client.post(
            reverse("learner_admin:edit", args=[learner.pk]),
            {"name": learner.name, "home_centre": str(centre_b.pk)},
        )
        assert response.status_code == 200
        assert Learner.objects.get(pk=learner.pk).home_centre_id == centre_a.pk

    def test_hub_staff_see_every_learner_and_queries_stay_constant(
        self, client, centre_a, centre_b, superuser, django_assert_max_num_queries
    ):
        for i in range(3):
            make_learner(centre_a, phone=f"+8491357920{i}", name=f"A{i}")
        client.force_login(superuser)
        client.get(reverse("learner_admin:index"))  # warm: the network copy, the session
        with django_assert_max_num_queries(40) as few:
            client.get(reverse("learner_admin:index"))
        counted = len(few.captured_queries)
        for i in range(12):
            make_learner(centre_b, phone=f"+849660003{i:02d}", name=f"B{i}")
        with django_assert_max_num_queries(counted) as many:
            response = client.get(reverse("learner_admin:index"))
        assert response.content.decode().count("+84") == 0  # numbers shown the Vietnamese way
        assert len(many.captured_queries) == counted


@pytest.mark.django_db
def test_staff_set_a_temporary_password(client, centre_a, editor_a):
    learner = make_learner(centre_a)
    client.force_login(editor_a)
    url = reverse("learner_admin:edit", args=[learner.pk])
    data = {"name": learner.name, "home_centre": str(centre_a.pk)}
    response = client.post(url, {**data, "new_password": "123"})
    assert response.status_code == 200  # too short and numeric: refused, nothing saved
    learner.user.refresh_from_db()
    assert learner.user.check_password("hoc-suot-doi-2026")
    response = client.post(url, {**data, "new_password": "tam-thoi-7391"})
    assert response["Location"] == reverse("learner_admin:index")
    learner.user.refresh_from_db()
    assert learner.user.check_password("tam-thoi-7391")


@pytest.mark.django_db
def test_policy_names_who_may_see_learners(centre_a, editor_a, superuser):
    from django.contrib.auth import get_user_model

    from learners.wagtail_hooks import LearnerPolicy

    learner_user = make_learner(centre_a).user
    policy = LearnerPolicy(Learner)
    viewers = set(policy.users_with_any_permission(["view"]))
    deleters = set(policy.users_with_any_permission(["delete"]))
    assert editor_a in viewers and superuser in viewers and learner_user not in viewers
    assert superuser in deleters and editor_a not in deleters
    assert get_user_model().objects.get(username="banchidao") in deleters  # the committee's staff
