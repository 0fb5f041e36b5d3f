"""A new centre's first editor, invited by e-mail (issue #18): an account in the centre's editors
group with no password, and a Vietnamese e-mail with a one-time link to set one (Django's password
reset token: it stops working once used or when the password changes; lasts PASSWORD_RESET_TIMEOUT).
Used by the admin's "Thêm trung tâm" form and by `add_centre --editor-email`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from wagtail.models import Site


def invite_editor(centre, email: str, name: str = "") -> tuple[object, bool]:
    """Put the person with this e-mail in the centre's editors group (a new account without a
    password if there is none) and e-mail them; returns (user, created)."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(username=email, email=email, first_name=name.strip()[:150])
        user.set_unusable_password()
        user.save()
    user.groups.add(centre.editors_group)
    link = _password_link(user) if created or not user.has_usable_password() else _admin_url()
    send_mail(
        _("Mời làm biên tập viên %(centre)s") % {"centre": centre.title},
        _(
            "Chào %(name)s,\n\nBạn được mời làm biên tập viên trang %(centre)s (%(site)s): đăng "
            "tin, bài giảng, tài liệu của trung tâm.\n\n%(step)s\n%(link)s\n\nTên đăng nhập: "
            "%(username)s\n\nNếu bạn không chờ thư này, hãy bỏ qua."
        )
        % {
            "name": user.first_name or email,
            "centre": centre.title,
            "site": centre.url,
            "step": _("Đặt mật khẩu của bạn tại đường dẫn dưới đây (dùng được một lần):")
            if created or not user.has_usable_password()
            else _("Đăng nhập bằng tài khoản bạn đang có:"),
            "link": link,
            "username": user.get_username(),
        },
        None,
        [email],
    )
    return user, created


def _admin_url() -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or _hub_root_url()
    return base.rstrip("/") + reverse("wagtailadmin_home")


def _password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or _hub_root_url()
    return base.rstrip("/") + path


def _hub_root_url() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""
