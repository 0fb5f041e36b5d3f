"""Login throttling (django-axes): a username guessed from one address is locked for a while,
with a Vietnamese page; other people on the same Wi-Fi, and the owner elsewhere, still sign in."""

import pytest
from django.test import Client

from home.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
LOCKED = "Bạn đã nhập sai mật khẩu quá nhiều lần"


def _try(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_ten_wrong_passwords_lock_that_username_on_that_address(settings):
    settings.AXES_FAILURE_LIMIT = 10
    staff = UserFactory(is_superuser=True, is_staff=True)
    hall = Client(REMOTE_ADDR="100.64.1.1")
    for _ in range(9):
        wrong = _try(hall, staff.username, "doan-bua")
        assert wrong.status_code == 200 and not _signed_in(hall)
    tenth = _try(hall, staff.username, "doan-bua")
    assert tenth.status_code == 429 and LOCKED in tenth.content.decode()
    locked = _try(hall, staff.username, "mat-khau-thu")  # even the right password now
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert not _signed_in(hall)
    # a colleague on the same Wi-Fi signs in
    colleague = UserFactory(is_superuser=True, is_staff=True)
    neighbour = Client(REMOTE_ADDR="100.64.1.1")
    response = _try(neighbour, colleague.username, "mat-khau-thu")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    # the owner, from home
    home = Client(REMOTE_ADDR="203.0.113.9")
    response = _try(home, staff.username, "mat-khau-thu")
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_a_success_resets_the_count(settings):
    settings.AXES_FAILURE_LIMIT = 3  # the third wrong one in a row locks
    staff = UserFactory(is_superuser=True, is_staff=True)
    client = Client(REMOTE_ADDR="100.64.1.2")
    for _ in range(2):
        _try(client, staff.username, "sai")
    assert _try(client, staff.username, "mat-khau-thu").status_code == 302
    client.logout()
    for _ in range(2):
        assert _try(client, staff.username, "sai").status_code == 200
    assert _try(client, staff.username, "mat-khau-thu").status_code == 302


def test_behind_a_proxy_each_client_address_counts_apart(settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    staff = UserFactory(is_superuser=True, is_staff=True)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert _try(attacker, staff.username, "sai").status_code == 200
    assert _try(attacker, staff.username, "sai").status_code == 429
    assert _try(attacker, staff.username, "mat-khau-thu").status_code == 429
    owner = Client(HTTP_X_FORWARDED_FOR="203.0.113.20", **proxy)
    assert _try(owner, staff.username, "mat-khau-thu").status_code == 302


def test_the_page_login_for_private_pages_is_throttled_too(settings):
    settings.AXES_FAILURE_LIMIT = 2
    learner = UserFactory()
    client = Client(REMOTE_ADDR="100.64.1.3")
    first = client.post("/_util/login/", {"username": learner.username, "password": "x"})
    assert first.status_code == 200
    second = client.post("/_util/login/", {"username": learner.username, "password": "x"})
    assert second.status_code == 429
    locked = client.post(
        "/_util/login/", {"username": learner.username, "password": "mat-khau-thu"}
    )
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    assert "_auth_user_id" not in client.session
