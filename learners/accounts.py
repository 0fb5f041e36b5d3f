"""django-allauth for learners: sign-up and sign-in with a Vietnamese mobile number.

allauth runs the flows (sign-up, sign-in, the phone verification stage, sign-in by a code sent by
text message for a forgotten password, rate limits); this adapter tells it where numbers live
(`Learner.phone`, E.164), how a number is typed here (`learners.phones`), how codes leave
(`learners.sms`), and what its messages say in Vietnamese.
"""

from __future__ import annotations

import logging
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import sms
from .models import Learner
from .phones import EXAMPLE, masked, normalise_mobile

logger = logging.getLogger(__name__)


class MobileField(forms.CharField):
    """A Vietnamese mobile number as people type it ("0912 345 678"), cleaned to E.164."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Số điện thoại di động"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "inputmode": "tel",
                    "autocomplete": "tel",
                    "placeholder": EXAMPLE,
                }
            ),
        )
        kwargs.pop("validators", None)
        super().__init__(**kwargs)
        self.error_messages["required"] = _("Hãy nhập số điện thoại di động.")

    def clean(self, value):
        value = super().clean(value)
        return normalise_mobile(value) if value else value


class LearnerAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("Tài khoản này đang bị khoá. Hãy liên hệ trung tâm."),
        "phone_password_mismatch": _("Số điện thoại hoặc mật khẩu chưa đúng."),
        "phone_taken": _(
            "Số điện thoại này đã có tài khoản. Hãy đăng nhập, hoặc chọn “Quên mật khẩu”."
        ),
        "incorrect_code": _("Mã chưa đúng. Hãy xem lại tin nhắn và nhập đủ 6 chữ số."),
        "incorrect_password": _("Mật khẩu chưa đúng."),
        "enter_current_password": _("Hãy nhập mật khẩu hiện tại."),
        "too_many_login_attempts": _(
            "Bạn đã nhập sai nhiều lần. Để giữ an toàn, hãy đợi 5 phút rồi thử lại, "
            "hoặc chọn “Quên mật khẩu”."
        ),
        "unknown_phone": _("Chưa có tài khoản nào với số điện thoại này. Hãy đăng ký."),
        "rate_limited": _("Bạn thao tác nhanh quá. Hãy đợi một chút rồi thử lại."),
        "same_as_current": _("Giá trị mới phải khác giá trị hiện tại."),
    }

    # --- where numbers live -------------------------------------------------------------------

    def phone_form_field(self, **kwargs):
        kwargs.pop("label", None)
        return MobileField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalise_mobile(phone)

    def get_phone(self, user):
        learner = Learner.objects.filter(user=user).only("phone", "phone_verified_at").first()
        if learner is None:
            return None
        return learner.phone, learner.verified

    def set_phone(self, user, phone: str, verified: bool) -> None:
        Learner.objects.filter(user=user).update(
            phone=phone, phone_verified_at=timezone.now() if verified else None
        )

    def set_phone_verified(self, user, phone: str) -> None:
        # called once the code sent to `phone` was typed: at sign-up (the learner's number) or
        # after "Đổi số điện thoại" (the new number, which only now replaces the old one)
        Learner.objects.filter(user=user).update(
            phone=phone, phone_verified_at=timezone.now(), verified_by=None
        )

    def get_user_by_phone(self, phone: str):
        learner = (
            Learner.objects.filter(phone=phone, user__is_active=True).select_related("user").first()
        )
        return learner.user if learner else None

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        minutes = max(1, settings.ACCOUNT_PHONE_VERIFICATION_TIMEOUT // 60)
        try:
            sms.sender().send(phone, sms.code_message(code, minutes))
        except sms.SmsError as error:
            logger.warning("verification code to %s not sent: %r", masked(phone), error)
            request = context.request
            if request is not None:
                messages.error(request, error.message)

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        """Only reached with enumeration prevention on; it is off (the sign-up says plainly
        that a number is taken), so nothing is sent."""

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth 65 keys failed logins on the e-mail or username only, so every phone sign-in
        # would share one key (one learner's typos would lock everyone out). Key on the number,
        # across the network's sites (guessing on another centre's hostname counts too).
        login = credentials.get("phone") or credentials.get("username") or ""
        return f"network:{login.lower()}"

    # --- accounts -----------------------------------------------------------------------------

    def populate_username(self, request, user) -> None:
        # Learners sign in with their number; the username is an internal handle that never
        # changes when the number does, and never collides with a staff username.
        if not user.username:
            user.username = f"hv-{secrets.token_hex(6)}"

    def save_user(self, request, user, form, commit=True):
        """The user and its Learner row together, or neither."""
        data = form.cleaned_data
        user.first_name = data["name"][:150]
        user.set_password(data["password1"])
        self.populate_username(request, user)
        with transaction.atomic():
            user.save()
            Learner.objects.create(
                user=user,
                phone=data["phone"],
                name=data["name"],
                birth_year=data.get("birth_year"),
                home_centre=data["home_centre"],
                consent_at=timezone.now(),
            )
        return user

    def get_login_redirect_url(self, request) -> str:
        return reverse("learners:home")

    def get_signup_redirect_url(self, request) -> str:
        return reverse("learners:home")

    def get_logout_redirect_url(self, request) -> str:
        return "/"

    def is_safe_url(self, url) -> bool:
        """Any site of the network is a safe place to return to (a learner signs in on the hub
        and goes back to a centre's lesson)."""
        from django.utils.http import url_has_allowed_host_and_scheme

        from hub.federation import network

        if not url:
            return False
        hosts = set()
        for site in network().sites:
            hosts |= {site.hostname, f"{site.hostname}:{site.port}"}
        return url_has_allowed_host_and_scheme(url, allowed_hosts=hosts) or super().is_safe_url(url)


def login_identifier(request, credentials) -> str | None:
    """django-axes' username for a login attempt: the admin's username, or a learner's number
    (so axes locks one account on one address, never a whole Wi-Fi)."""
    credentials = credentials or {}
    for key in ("username", "phone"):
        if credentials.get(key):
            return str(credentials[key])
    data = getattr(request, "POST", None) or {}
    for key in ("username", "login"):
        if data.get(key):
            try:
                return normalise_mobile(data[key]) if key == "login" else data[key]
            except ValidationError:
                return data[key]
    return None
