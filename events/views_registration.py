"""The event page's sub-routes for learners: "dang-ky/" (register, see one's place, cancel) and
"diem-danh/" (check in by scanning the QR code shown in the room). The work is done by
`registration.py` and `checkin.py`.

A person registering without an account is remembered in the session (the registrations'
ids), so the page they land on shows their place and lets them cancel it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from hub.pagekit.routes import page_view
from learners.models import Learner
from learners.phones import normalise_mobile
from learners.views import learner_required

from . import checkin, registration
from .models import Attendance, Registration

SESSION_KEY = "events_registrations"
Status = Registration.Status


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Họ và tên"),
        max_length=120,
        error_messages={"required": gettext_lazy("Hãy nhập họ và tên.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=gettext_lazy("Số điện thoại di động"),
        max_length=32,
        help_text=gettext_lazy("Ví dụ 0912 345 678. Chúng tôi nhắn tin nhắc lịch tới số này."),
        error_messages={"required": gettext_lazy("Hãy nhập số điện thoại di động.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self):
        return normalise_mobile(self.cleaned_data["phone"])


def _remembered(request) -> list[int]:
    return [pk for pk in request.session.get(SESSION_KEY, []) if isinstance(pk, int)]


def _remember(request, reg: Registration) -> None:
    if reg.pk not in _remembered(request):
        request.session[SESSION_KEY] = [*_remembered(request), reg.pk][-50:]


def _own_registration(request, event, learner) -> Registration | None:
    """The visitor's registration for the event: by their account, else from their session."""
    mine = Registration.objects.filter(event=event)
    if learner is not None:
        found = mine.filter(learner=learner).first() or mine.filter(phone=learner.phone).first()
        if found is not None:
            return found
    return mine.filter(pk__in=_remembered(request)).order_by("-created_at").first()


@page_view("events:register")
@never_cache
def register(request, event):
    learner = Learner.objects.of(request.user)
    mine = _own_registration(request, event, learner)
    form = RegistrationForm()
    closed = registration.closed_reason(event)

    if request.method == "POST" and request.POST.get("action") == "cancel":
        if mine is not None and str(mine.pk) == request.POST.get("registration"):
            registration.cancel(mine)
            messages.success(request, _("Đã huỷ đăng ký. Cảm ơn bạn đã báo trước."))
        return redirect(request.path)

    if request.method == "POST":
        try:
            if learner is not None:
                outcome = registration.register(event, learner=learner)
            else:
                form = RegistrationForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(form.errors)
                outcome = registration.register(
                    event, name=form.cleaned_data["name"], phone=form.cleaned_data["phone"]
                )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    if field not in form.errors:
                        form.add_error(field, errors)
            else:
                closed = " ".join(error.messages)
        else:
            _remember(request, outcome.registration)
            level = messages.SUCCESS if outcome.created else messages.INFO
            if outcome.registration.status == Registration.Status.WAITING:
                level = messages.WARNING
            messages.add_message(request, level, outcome.message)
            return redirect(request.path)

    return TemplateResponse(
        request,
        "events/registration/register.html",
        {
            "page": event,
            "self": event,
            "learner": learner,
            "form": form,
            "mine": mine if mine is not None and mine.status != Status.CANCELLED else None,
            "mine_status": registration.status_message(mine) if mine else "",
            "closed": closed,
            "next_meeting": event.next_occurrence(),
        },
    )


@page_view("events:check_in")
@never_cache
@learner_required
def check_in(request, event):
    learner = request.learner
    try:
        day = checkin.read_token(request.GET.get("ma", ""), event)
    except checkin.CheckInError as error:
        return TemplateResponse(
            request,
            "events/registration/check_in.html",
            {"page": event, "self": event, "error": error.message, "code": error.code},
            status=400,
        )
    attendance, created = checkin.check_in(event, day, how=Attendance.How.QR, learner=learner)
    time = timezone.localtime(attendance.checked_in_at).strftime("%H:%M")
    if created:
        message = _("Đã điểm danh lúc %(time)s. Chúc bạn buổi học vui!") % {"time": time}
    else:
        message = _("Bạn đã điểm danh lúc %(time)s.") % {"time": time}
    return TemplateResponse(
        request,
        "events/registration/check_in.html",
        {
            "page": event,
            "self": event,
            "attendance": attendance,
            "created": created,
            "message": message,
            "day": day,
        },
    )
