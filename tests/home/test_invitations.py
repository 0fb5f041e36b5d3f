"""A new centre comes with its first editor, invited by e-mail (issue #18)."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from hub.models import Centre

pytestmark = pytest.mark.django_db
User = get_user_model()

CENTRE = {
    "name": "Xã Trịnh Xá",
    "kind": "xa",
    "hostname": "trinh-xa.localhost",
    "address": "Thôn Thọ Cầu",
    "phone": "",
    "email": "",
    "director": "",
}


@pytest.fixture
def hub_staff(client):
    client.force_login(User.objects.get(username="banchidao"))
    return client


def _invitation_link(message) -> str:
    return re.search(r"https?://\S+/admin/password_reset/confirm/\S+/", message.body).group(0)


def test_the_admin_form_invites_the_first_editor_who_sets_a_password_and_edits_only_there(
    hub_staff,
):
    response = hub_staff.post(
        reverse("centres:add"),
        {**CENTRE, "editor_email": "Thu.Nguyen@Example.vn", "editor_name": "Nguyễn Thị Thu"},
        follow=True,
    )
    assert response.redirect_chain == [("/admin/centres/", 302)]
    assert "Đã gửi thư mời biên tập viên tới Thu.Nguyen@Example.vn." in response.content.decode()
    centre = Centre.objects.get(name="Xã Trịnh Xá")
    editor = User.objects.get(email="thu.nguyen@example.vn")
    assert editor.username == "thu.nguyen@example.vn" and editor.first_name == "Nguyễn Thị Thu"
    assert not editor.has_usable_password()
    assert [g.name for g in editor.groups.all()] == [centre.editors_group.name]
    (message,) = [m for m in mail.outbox if m.to == ["thu.nguyen@example.vn"]]
    assert message.subject == "Mời làm biên tập viên TTHTCĐ xã Trịnh Xá"
    assert "Chào Nguyễn Thị Thu," in message.body
    assert "Tên đăng nhập: thu.nguyen@example.vn" in message.body

    # the link sets a password once
    link = urlsplit(_invitation_link(message)).path
    person = Client()
    form_page = person.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = person.post(
        set_url,
        {"new_password1": "Mat-khau-rat-dai-2026", "new_password2": "Mat-khau-rat-dai-2026"},
    )
    assert done.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("Mat-khau-rat-dai-2026")
    assert person.get(link, follow=True).status_code == 200  # used: the form is not shown again
    assert "new_password1" not in person.get(link, follow=True).content.decode()
    signed_in = person.post(
        "/admin/login/", {"username": "thu.nguyen@example.vn", "password": "Mat-khau-rat-dai-2026"}
    )
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/")
    assert person.get(f"/admin/pages/{centre.site.root_page_id}/").status_code == 200
    lam_ha = Centre.objects.with_site().get(name="Phường Lam Hạ")
    assert person.get(f"/admin/pages/{lam_ha.site.root_page_id}/edit/").status_code == 302


def test_someone_with_an_account_is_only_added_to_the_group(hub_staff):
    existing = User.objects.get(username="lamha.bientap")
    before = User.objects.count()
    hub_staff.post(reverse("centres:add"), {**CENTRE, "editor_email": existing.email})
    centre = Centre.objects.get(name="Xã Trịnh Xá")
    assert User.objects.count() == before
    assert existing.groups.filter(pk=centre.editors_group_id).exists()
    assert existing.check_password("bientap-demo")  # nothing reset
    (message,) = [m for m in mail.outbox if m.to == [existing.email]]
    assert "Đăng nhập bằng tài khoản bạn đang có:" in message.body
    assert "password_reset" not in message.body


def test_a_bad_editor_email_creates_nothing(hub_staff):
    before = (Centre.objects.count(), User.objects.count())
    response = hub_staff.post(reverse("centres:add"), {**CENTRE, "editor_email": "thu@"})
    assert response.status_code == 200
    assert "Nhập một địa chỉ email hợp lệ." in response.content.decode()
    assert 'value="Xã Trịnh Xá"' in response.content.decode()
    assert (Centre.objects.count(), User.objects.count()) == before
    assert mail.outbox == []


def test_the_command_invites_too_and_refuses_a_bad_address(capsys):
    with pytest.raises(CommandError) as refused:
        call_command(
            "add_centre", "Xã Đinh Xá", "--hostname", "dinh-xa.localhost", "--editor-email", "x@"
        )
    assert "E-mail biên tập viên không hợp lệ: x@; chưa tạo gì." in str(refused.value)
    assert not Centre.objects.filter(name="Xã Đinh Xá").exists()
    call_command(
        "add_centre", "Xã Đinh Xá", "--hostname", "dinh-xa.localhost",
        "--editor-email", "binh@example.vn", "--editor-name", "Trần Bình",
    )  # fmt: skip
    assert "Đã gửi thư mời biên tập viên tới binh@example.vn." in capsys.readouterr().out
    centre = Centre.objects.get(name="Xã Đinh Xá")
    assert User.objects.get(email="binh@example.vn").groups.get() == centre.editors_group
    assert [m.to for m in mail.outbox] == [["binh@example.vn"]]
