"""The learner's own pages: "Trang của tôi", a new password after a code sign-in, their data
(download as JSON or readable HTML, delete the account)."""

from __future__ import annotations

import json
import time

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hub.certificate_pdf import certificate_pdf as certificate_pdf_bytes
from hub.federation import network

from . import record
from .forms import DeleteAccountForm, NewPasswordForm
from .models import Certificate, Learner

CODE_SIGN_IN_GRACE = 15 * 60  # seconds after a code sign-in in which a new password needs no old


def learner_required(view):
    """Signed in as a learner; staff accounts get a page that sends them to the admin."""

    @login_required(login_url="account_login")
    def wrapped(request, *args, **kwargs):
        learner = Learner.objects.select_related("home_centre").of(request.user)
        if learner is None:
            return render(request, "learners/staff_account.html", status=403)
        request.learner = learner
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@never_cache
@learner_required
def home(request):
    learner = request.learner
    return render(
        request,
        "learners/home.html",
        {
            "learner": learner,
            "verify_by_sms": settings.ACCOUNT_PHONE_VERIFICATION_ENABLED,
            **record.overview(learner),
        },
    )


def signed_in_by_code(request) -> bool:
    now = time.time()
    return any(
        entry.get("method") == "code" and now - entry.get("at", 0) < CODE_SIGN_IN_GRACE
        for entry in get_authentication_records(request, request.user)
    )


@never_cache
@learner_required
def new_password(request):
    """Set a new password without the old one, right after signing in with a code (forgotten
    password); otherwise allauth's "change password" (it asks for the current one)."""
    if not signed_in_by_code(request):
        return redirect("account_change_password")
    form = NewPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.user.set_password(form.cleaned_data["password1"])
        request.user.save(update_fields=["password"])
        update_session_auth_hash(request, request.user)
        messages.success(
            request, _("Đã đặt mật khẩu mới. Lần sau bạn đăng nhập bằng mật khẩu này.")
        )
        return redirect("learners:home")
    return render(request, "learners/new_password.html", {"form": form})


@never_cache
@learner_required
def my_data(request):
    return render(
        request,
        "learners/my_data.html",
        {"learner": request.learner, "form": DeleteAccountForm(request.user)},
    )


def _download(content: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@learner_required
def export_json(request):
    data = record.export(request.learner)
    stamp = timezone.localdate().isoformat()
    return _download(
        json.dumps(data, ensure_ascii=False, indent=2),
        f"du-lieu-hoc-tap-{stamp}.json",
        "application/json; charset=utf-8",
    )


@never_cache
@learner_required
def export_html(request):
    data = record.export(request.learner)
    stamp = timezone.localdate().isoformat()
    html = render_to_string(
        "learners/export.html",
        {"data": data, "extra": record.extra_sections(data)},
        request=request,
    )
    return _download(html, f"du-lieu-hoc-tap-{stamp}.html", "text/html; charset=utf-8")


@never_cache
@require_POST
@learner_required
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST)
    if not form.is_valid():
        return render(
            request,
            "learners/my_data.html",
            {"learner": request.learner, "form": form},
            status=400,
        )
    user = request.user
    with transaction.atomic():
        # the learner's record goes with the user (CASCADE); counters never pointed at them
        user.delete()
    logout(request)
    messages.success(request, _("Tài khoản và toàn bộ dữ liệu học tập của bạn đã được xoá."))
    return redirect("/")


@never_cache
@learner_required
def certificate_pdf(request, serial):
    """The learner's own certificate as PDF (another learner's serial is a 404)."""
    certificate = get_object_or_404(Certificate, serial=serial, enrolment__learner=request.learner)
    pdf = render_certificate(request, certificate)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chung-nhan-{certificate.serial}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def verification_url(request, certificate) -> str:
    """The certificate's public check on the hub (printed under its QR code)."""
    return network(request).hub_url.rstrip("/") + reverse(
        "learners:verify", args=[certificate.token]
    )


def render_certificate(request, certificate) -> bytes:
    return certificate_pdf_bytes(
        name=certificate.name,
        course=certificate.course_title,
        centre=certificate.centre_name,
        issued_on=certificate.issued_on,
        serial=certificate.serial,
        verify_url=verification_url(request, certificate),
    )


def verify(request, token):
    """Public: is this certificate genuine? Shows only what the paper shows (name, course, who
    issued it, date, serial), never the phone or the learner's record."""
    certificate = Certificate.objects.filter(token=token).first()
    rows = []
    if certificate:
        rows = [
            (_("Số hiệu"), certificate.serial),
            (_("Cấp cho"), certificate.name),
            (_("Khoá học"), certificate.course_title),
            (_("Đơn vị tổ chức"), certificate.centre_name),
            (_("Ngày cấp"), date_format(certificate.issued_on, "d/m/Y")),
        ]
    return certificate_check(request, certificate, rows, _("Do hệ thống cấp và còn hiệu lực."))


def certificate_check(request, certificate, rows, issuer_note: str):
    """The public check page of any certificate (courses here, recognitions in recognition/):
    what the paper shows, 404 when the code is unknown, never indexed."""
    response = render(
        request,
        "learners/verify.html",
        {"certificate": certificate, "rows": rows, "issuer_note": issuer_note},
        status=200 if certificate else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
