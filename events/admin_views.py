"""The staff's check-in screens (admin, "Điểm danh"): the list of their centres' coming meetings,
the tick list of a meeting (registered people, walk-ins added by name) and the QR screen to show
in the room (it reloads itself with a fresh token; a meta refresh, the CSP allows no inline
script). Centre staff see their own centre's events only; hub staff every one."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.federation import centre_for_path, centres_by_root_path
from hub.models import Centre
from hub.qr import qr_svg
from learners.models import Learner
from learners.phones import normalise_mobile

from . import checkin
from .models import Attendance, EventPage, Registration

UPCOMING_DAYS = 14


def may_check_in(user, event: EventPage, request=None) -> bool:
    """Hub staff for every event; centre staff for the events under their centre's home."""
    centres = Centre.objects.confining(user)
    if centres is None:
        return True
    centre = centre_for_path(event.path, centres_by_root_path(request))
    return centre is not None and centre.pk in {c.pk for c in centres}


def _event(request, event_id: int) -> EventPage:
    event = get_object_or_404(EventPage, pk=event_id)
    if not may_check_in(request.user, event, request):
        raise PermissionDenied
    return event


def _day(request, event: EventPage) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("ngay", ""))
    except ValueError:
        return checkin.meeting_day(event)


class WalkInForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Họ và tên"),
        max_length=120,
        error_messages={"required": gettext_lazy("Hãy nhập họ và tên.")},
    )
    phone = forms.CharField(label=gettext_lazy("Số điện thoại (không bắt buộc)"), required=False)

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        return normalise_mobile(raw) if raw else ""


def events(request):
    """The staff's centres' events meeting today or within the next two weeks."""
    now = timezone.now()
    today = timezone.localdate()
    found = EventPage.objects.live().filter(
        Q(repeat_until__isnull=True, ends_at__gte=now - datetime.timedelta(hours=12))
        | Q(repeat_until__gte=today),
        starts_at__lt=now + datetime.timedelta(days=UPCOMING_DAYS),
    )
    centres = Centre.objects.confining(request.user)
    if centres is not None:
        roots = Q(pk__in=[])
        for centre in centres:
            roots |= Q(path__startswith=centre.root_path)
        found = found.filter(roots)
    start = datetime.datetime.combine(
        today, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    rows = []
    for event in found.order_by("starts_at")[:200]:
        meetings = event.occurrences(start=start, end=now + datetime.timedelta(days=UPCOMING_DAYS))
        if meetings:
            rows.append({"event": event, "meeting": meetings[0]})
    rows.sort(key=lambda row: row["meeting"][0])
    return TemplateResponse(request, "events/admin/events.html", {"rows": rows, "today": today})


def tick_list(request, event_id: int):
    event = _event(request, event_id)
    day = _day(request, event)
    meeting = checkin.meeting_on(event, day)
    walk_in = WalkInForm()
    here = reverse("events_admin:tick_list", args=[event.pk]) + f"?ngay={day.isoformat()}"

    if request.method == "POST" and meeting is not None:
        if request.POST.get("action") == "walk_in":
            walk_in = WalkInForm(request.POST)
            if walk_in.is_valid():
                phone = walk_in.cleaned_data["phone"]
                learner = Learner.objects.filter(phone=phone).first() if phone else None
                row, created = checkin.check_in(
                    event,
                    day,
                    how=Attendance.How.STAFF,
                    learner=learner,
                    name=walk_in.cleaned_data["name"],
                    phone=phone,
                    by=request.user,
                )
                if created:
                    messages.success(request, _("Đã thêm %(name)s.") % {"name": row.name})
                else:
                    messages.info(
                        request,
                        _("%(name)s đã được điểm danh lúc %(time)s.")
                        % {
                            "name": row.name,
                            "time": timezone.localtime(row.checked_in_at).strftime("%H:%M"),
                        },
                    )
                return redirect(here)
        else:
            ticked = {int(pk) for pk in request.POST.getlist("present") if pk.isdigit()}
            added = 0
            for reg in Registration.objects.filter(event=event, pk__in=ticked).exclude(
                status=Registration.Status.CANCELLED
            ):
                _row, created = checkin.check_in(
                    event, day, how=Attendance.How.STAFF, registration=reg, by=request.user
                )
                added += created
            messages.success(request, _("Đã điểm danh thêm %(count)s người.") % {"count": added})
            return redirect(here)

    rows = checkin.tick_list(event, day) if meeting else []
    return TemplateResponse(
        request,
        "events/admin/tick_list.html",
        {
            "event": event,
            "day": day,
            "meeting": meeting,
            "rows": rows,
            "present": sum(1 for row in rows if row["attendance"]),
            "walk_in": walk_in,
            "next_meeting": event.next_occurrence(),
            "is_today": day == checkin.meeting_day(event),
        },
        status=200 if request.method == "GET" or meeting else 400,
    )


def qr_screen(request, event_id: int):
    """A big QR code for today's meeting, reloaded with a fresh token every few minutes."""
    event = _event(request, event_id)
    day = checkin.meeting_day(event)
    meeting = checkin.meeting_on(event, day)
    svg = url = None
    if meeting is not None:
        url = event.get_full_url(request) + "diem-danh/?ma=" + checkin.make_token(event, day)
        drawing = qr_svg(url).decode("utf-8")
        # inline, without the XML declaration, and as wide as its box (no fixed size in mm)
        drawing = re.sub(r'\s(width|height)="[^"]*"', "", drawing[drawing.index("<svg") :], count=2)
        svg = mark_safe(drawing)  # noqa: S308  (drawn by qrcode from our own URL)
    return TemplateResponse(
        request,
        "events/admin/qr.html",
        {
            "event": event,
            "day": day,
            "meeting": meeting,
            "svg": svg,
            "url": url,
            "refresh": checkin.TOKEN_REFRESH_SECONDS,
            "tick_list_url": reverse("events_admin:tick_list", args=[event.pk]),
        },
    )


urlpatterns = [
    path("", events, name="events"),
    path("<int:event_id>/diem-danh/", tick_list, name="tick_list"),
    path("<int:event_id>/ma-qr/", qr_screen, name="qr"),
]
