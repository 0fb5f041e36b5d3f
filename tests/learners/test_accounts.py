"""Learner accounts (django-allauth): sign-up with a Vietnamese mobile number, the code by text
message, sign-in, forgotten password, throttling, the admin out of reach, data export and
deletion. Codes leave through learners.sms.MemorySender (settings/test.py)."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from learners import sms
from learners.models import Learner, LessonProgress
from tests.conftest import host_of

User = get_user_model()
PASSWORD = "hoc-suot-doi-2026"
NUMBER = "+84913579246"  # the demo has learners of its own: tests look at theirs only


def signup_data(centre, **changes):
    data = {
        "name": "Nguyễn Thị Hằng",
        "phone": "0913 579 246",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "birth_year": "1961",
        "home_centre": str(centre.pk),
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def last_code() -> str:
    assert sms.outbox, "no text message was sent"
    return re.search(r"\b(\d{6})\b", sms.outbox[-1][1]).group(1)


def make_learner(centre, phone="+84913579246", verified=True, name="Trần Văn Bình"):
    from django.utils import timezone

    user = User.objects.create_user(username=f"test-{phone[-6:]}", password=PASSWORD)
    return Learner.objects.create(
        user=user,
        phone=phone,
        name=name,
        home_centre=centre,
        consent_at=timezone.now(),
        phone_verified_at=timezone.now() if verified else None,
    )


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.mark.django_db
class TestSignUp:
    def test_sign_up_verify_by_code_and_land_on_my_page(self, client, centre_a):
        response = client.post(
            reverse("account_signup"), signup_data(centre_a), **host_of(centre_a)
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("account_verify_phone")
        learner = Learner.objects.get(phone=NUMBER)
        assert (learner.phone, learner.name, learner.birth_year) == (
            "+84913579246",
            "Nguyễn Thị Hằng",
            1961,
        )
        assert learner.home_centre == centre_a
        assert learner.consent_at is not None and learner.phone_verified_at is None
        assert learner.user.is_staff is False and learner.user.groups.count() == 0
        assert learner.user.check_password(PASSWORD)
        assert [to for to, _ in sms.outbox] == ["+84913579246"]
        assert "ma xac minh" in sms.outbox[0][1]

        response = client.post(reverse("account_verify_phone"), {"code": last_code()})
        assert response.status_code == 302
        assert response["Location"] == reverse("learners:home")
        learner.refresh_from_db()
        assert learner.phone_verified_at is not None and learner.verified_by is None
        page = client.get(reverse("learners:home"))
        assert page.status_code == 200
        assert "Xin chào, Nguyễn Thị Hằng" in page.content.decode()
        # a phone stays signed in for more than a week
        assert client.session.get_expiry_age() >= 7 * 24 * 3600

    def test_form_in_vietnamese_with_this_centre_chosen(self, client, centre_a, centre_b):
        page = client.get(reverse("account_signup"), **host_of(centre_a)).content.decode()
        assert "Đăng ký tài khoản người học" in page
        assert f'<option value="{centre_a.pk}" selected>' in page
        assert "Nghị định 13/2023/NĐ-CP" in page  # consent names what is kept and why
        # a centre's QR code opens the form with that centre, on any site
        page = client.get(reverse("account_signup") + f"?trung-tam={centre_b.pk}").content.decode()
        assert f'<option value="{centre_b.pk}" selected>' in page

    @pytest.mark.parametrize(
        ("phone", "message"),
        [
            ("12345", "không đúng: số di động có 10 chữ số"),
            ("abc", "không phải là số điện thoại"),
            ("+1 202 555 0143", "Chỉ nhận số di động Việt Nam"),
            ("024 3825 1234", "Đây là số máy bàn"),
            ("", "Hãy nhập số điện thoại di động."),
        ],
    )
    def test_bad_numbers_refused_in_vietnamese_and_input_kept(
        self, client, centre_a, phone, message
    ):
        response = client.post(
            reverse("account_signup"), signup_data(centre_a, phone=phone), **host_of(centre_a)
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert message in page
        assert 'value="Nguyễn Thị Hằng"' in page  # the name typed is kept
        assert not Learner.objects.filter(phone=NUMBER).exists() and sms.outbox == []

    def test_duplicate_number_says_so_and_creates_nothing(self, client, centre_a):
        make_learner(centre_a)
        users = User.objects.count()
        response = client.post(
            reverse("account_signup"),
            signup_data(centre_a, phone="+84 913 579 246", name="Người khác"),
        )
        assert response.status_code == 200
        assert "Số điện thoại này đã có tài khoản" in response.content.decode()
        assert User.objects.count() == users and Learner.objects.filter(phone=NUMBER).count() == 1
        assert sms.outbox == []

    def test_missing_consent_and_different_passwords(self, client, centre_a):
        response = client.post(
            reverse("account_signup"),
            signup_data(centre_a, consent=None, password2="khac-hoan-toan-99"),
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Hãy đánh dấu đồng ý để tạo tài khoản." in page
        assert "Hai lần nhập mật khẩu chưa giống nhau." in page
        assert not Learner.objects.filter(phone=NUMBER).exists()

    def test_unknown_centre_refused(self, client, centre_a):
        response = client.post(
            reverse("account_signup"), signup_data(centre_a, home_centre="999999")
        )
        assert "Trung tâm này không có trong danh sách" in response.content.decode()
        assert not Learner.objects.filter(phone=NUMBER).exists()


@pytest.mark.django_db
class TestVerificationCode:
    def start(self, client, centre):
        client.post(reverse("account_signup"), signup_data(centre))
        return last_code()

    def test_wrong_code_then_right_one(self, client, centre_a):
        code = self.start(client, centre_a)
        response = client.post(reverse("account_verify_phone"), {"code": wrong(code)})
        assert response.status_code == 200
        assert "Mã chưa đúng" in response.content.decode()
        assert Learner.objects.get(phone=NUMBER).phone_verified_at is None
        response = client.post(reverse("account_verify_phone"), {"code": code})
        assert response["Location"] == reverse("learners:home")
        assert Learner.objects.get(phone=NUMBER).phone_verified_at is not None

    def test_brute_force_stops_after_five_tries(self, client, centre_a):
        code = self.start(client, centre_a)
        for _ in range(5):
            client.post(reverse("account_verify_phone"), {"code": wrong(code)})
        response = client.post(reverse("account_verify_phone"), {"code": code})
        # the process is over: the right code no longer verifies, the learner starts again
        assert response.status_code == 302
        assert response["Location"] == reverse("account_login")
        assert Learner.objects.get(phone=NUMBER).phone_verified_at is None

    def test_expired_code_refused(self, client, centre_a):
        code = self.start(client, centre_a)
        with override_settings(ACCOUNT_PHONE_VERIFICATION_TIMEOUT=-1):
            response = client.post(reverse("account_verify_phone"), {"code": code})
        assert Learner.objects.get(phone=NUMBER).phone_verified_at is None
        assert response.status_code == 302
        assert response["Location"] == reverse("account_login")

    def test_code_replay_after_use_does_nothing(self, client, centre_a):
        code = self.start(client, centre_a)
        client.post(reverse("account_verify_phone"), {"code": code})
        verified_at = Learner.objects.get(phone=NUMBER).phone_verified_at
        client.post(reverse("account_logout"))
        response = client.post(reverse("account_verify_phone"), {"code": code})
        assert response.status_code == 302
        assert response["Location"] == reverse("account_login")
        assert Learner.objects.get(phone=NUMBER).phone_verified_at == verified_at
        assert "_auth_user_id" not in client.session

    def test_gateway_failure_is_explained(self, client, centre_a, settings, httpserver):
        settings.SMS_BACKEND = "learners.sms.HttpGatewaySender"
        settings.SMS_GATEWAY_URL = httpserver.url_for("/sms")
        httpserver.expect_request("/sms", method="POST").respond_with_json(
            {"error": "quota"}, status=429
        )
        response = client.post(reverse("account_signup"), signup_data(centre_a), follow=True)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Xác nhận số điện thoại" in page
        assert "Hôm nay hệ thống đã gửi hết số tin nhắn cho phép" in page
        assert Learner.objects.get(phone=NUMBER).phone_verified_at is None


@pytest.mark.django_db
class TestSignIn:
    def test_sign_in_with_the_number_as_typed(self, client, centre_a):
        make_learner(centre_a)
        response = client.post(
            reverse("account_login"), {"login": "0913.579.246", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("learners:home")
        assert client.session["_auth_user_id"] == str(Learner.objects.get(phone=NUMBER).user_id)

    def test_wrong_password_then_throttled_per_number_not_per_wifi(self, client, centre_a):
        make_learner(centre_a)
        make_learner(centre_a, phone="+84966000111", name="Lê Thị Cúc")
        for _ in range(5):
            response = client.post(
                reverse("account_login"), {"login": "0913579246", "password": "sai-mat-khau"}
            )
            assert "Số điện thoại hoặc mật khẩu chưa đúng." in response.content.decode()
        response = client.post(
            reverse("account_login"), {"login": "0913579246", "password": PASSWORD}
        )
        assert response.status_code == 200
        assert "Bạn đã nhập sai nhiều lần" in response.content.decode()
        assert "_auth_user_id" not in client.session
        # someone else on the same Wi-Fi (same address) signs in normally
        response = client.post(
            reverse("account_login"), {"login": "0966 000 111", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("learners:home")

    def test_unverified_number_must_verify_before_signing_in(self, client, centre_a):
        make_learner(centre_a, verified=False)
        response = client.post(
            reverse("account_login"), {"login": "0913579246", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("account_verify_phone")
        assert [to for to, _ in sms.outbox] == ["+84913579246"]

    @override_settings(ACCOUNT_PHONE_VERIFICATION_ENABLED=False)
    def test_without_sms_an_unverified_learner_signs_in(self, client, centre_a):
        make_learner(centre_a, verified=False)
        response = client.post(
            reverse("account_login"), {"login": "0913579246", "password": PASSWORD}
        )
        assert response["Location"] == reverse("learners:home")
        assert (
            "số điện thoại chưa được xác nhận"
            in client.get(reverse("learners:home")).content.decode()
        )

    def test_forgotten_password_by_code(self, client, centre_a):
        learner = make_learner(centre_a)
        new_password_url = reverse("learners:new_password")
        response = client.post(
            reverse("account_request_login_code") + f"?next={new_password_url}",
            {"phone": "0913 579 246", "next": new_password_url},
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_confirm_login_code"))
        response = client.post(
            response["Location"], {"code": last_code(), "next": new_password_url}
        )
        assert response.status_code == 302
        assert response["Location"] == new_password_url
        response = client.post(
            new_password_url, {"password1": "mat-khau-moi-2027", "password2": "mat-khau-moi-2027"}
        )
        assert response["Location"] == reverse("learners:home")
        learner.user.refresh_from_db()
        assert learner.user.check_password("mat-khau-moi-2027")

    def test_new_password_without_a_code_sign_in_asks_for_the_old_one(self, client, centre_a):
        learner = make_learner(centre_a)
        client.force_login(learner.user)
        response = client.get(reverse("learners:new_password"))
        assert response.status_code == 302
        assert response["Location"] == reverse("account_change_password")

    def test_unknown_number_for_forgotten_password(self, client, centre_a):
        response = client.post(reverse("account_request_login_code"), {"phone": "0966000111"})
        assert response.status_code == 200
        assert "Chưa có tài khoản nào với số điện thoại này" in response.content.decode()
        assert sms.outbox == []


@pytest.mark.django_db
class TestSeparateFromStaff:
    def test_learner_never_reaches_the_admin(self, client, centre_a):
        learner = make_learner(centre_a)
        client.force_login(learner.user)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/login/?next=/admin/"
        assert client.get("/admin/pages/").status_code == 302

    def test_staff_account_has_no_learner_page(self, client, editor_a):
        client.force_login(editor_a)
        response = client.get(reverse("learners:home"))
        assert response.status_code == 403
        assert "Đây là tài khoản cán bộ" in response.content.decode()

    def test_signed_out_visitor_is_sent_to_the_learners_sign_in(self, client):
        response = client.get(reverse("learners:home"))
        assert response.status_code == 302
        assert response["Location"] == reverse("account_login") + "?next=/tai-khoan/"


@pytest.mark.django_db
class TestMyData:
    def test_download_holds_my_record_only(self, client, centre_a, centre_b):
        from lessons.models import LessonPage

        lesson = LessonPage.objects.live().first()
        me = make_learner(centre_a, name="Phạm Thị Dung")
        other = make_learner(centre_b, phone="+84966000111", name="Người Khác")
        LessonProgress.objects.create(learner=me, lesson=lesson, seconds=125)
        LessonProgress.objects.create(learner=other, lesson=lesson, seconds=999)
        client.force_login(me.user)
        response = client.get(reverse("learners:export_json"))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="du-lieu-hoc-tap-')
        data = json.loads(response.content)
        assert data["tai_khoan"]["ho_ten"] == "Phạm Thị Dung"
        assert data["tai_khoan"]["so_dien_thoai"] == "0913 579 246"
        assert [row["thoi_gian_hoc_giay"] for row in data["bai_hoc"]] == [125]
        html = client.get(reverse("learners:export_html")).content.decode()
        assert "Phạm Thị Dung" in html and "Người Khác" not in html and lesson.title in html

    def test_delete_needs_the_password_then_removes_everything(self, client, centre_a):
        from lessons.models import LessonPage, LessonStats

        lesson = LessonPage.objects.live().first()
        me = make_learner(centre_a)
        LessonProgress.objects.create(learner=me, lesson=lesson, seconds=60)
        views_before = list(LessonStats.objects.values_list("page_id", "views"))
        client.force_login(me.user)
        response = client.post(reverse("learners:delete_account"), {"password": "sai"})
        assert response.status_code == 400
        assert "Mật khẩu chưa đúng; tài khoản chưa bị xoá." in response.content.decode()
        assert Learner.objects.filter(pk=me.pk).exists()
        response = client.post(reverse("learners:delete_account"), {"password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert not User.objects.filter(pk=me.user_id).exists()
        assert not Learner.objects.filter(pk=me.pk).exists()
        assert not LessonProgress.objects.filter(learner_id=me.pk).exists()
        assert list(LessonStats.objects.values_list("page_id", "views")) == views_before
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
class TestOtherAccountPages:
    def test_change_number_by_a_code_to_the_new_number(self, client, centre_a):
        learner = make_learner(centre_a)
        client.force_login(learner.user)
        page = client.get(reverse("account_change_phone")).content.decode()
        assert "Đổi số điện thoại" in page and "0913 579 246" in page
        taken = make_learner(centre_a, phone="+84966000111")
        response = client.post(reverse("account_change_phone"), {"phone": "0966 000 111"})
        assert response.status_code == 200
        assert "Số điện thoại này đã có tài khoản" in response.content.decode()
        response = client.post(reverse("account_change_phone"), {"phone": "0988 123 457"})
        assert response["Location"] == reverse("account_verify_phone")
        assert sms.outbox[-1][0] == "+84988123457"
        learner.refresh_from_db()
        assert learner.phone == NUMBER  # not until the code is typed
        response = client.post(reverse("account_verify_phone"), {"code": last_code()})
        learner.refresh_from_db()
        assert learner.phone == "+84988123457" and learner.phone_verified_at is not None
        taken.refresh_from_db()
        assert taken.phone == "+84966000111"

    def test_e_mail_password_reset_points_to_the_phone_way(self, client):
        page = client.get("/tai-khoan/password/reset/").content.decode()
        assert "Tài khoản người học dùng số điện thoại" in page
        assert 'href="/tai-khoan/quen-mat-khau/?next=/tai-khoan/mat-khau-moi/"' in page

    def test_any_other_allauth_page_opens_in_the_site_frame(self, client, centre_a):
        learner = make_learner(centre_a)
        client.force_login(learner.user)
        page = client.get("/tai-khoan/reauthenticate/").content.decode()
        assert 'class="site-header"' in page and 'id="main"' in page
