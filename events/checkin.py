"""Check-in at a meeting: a short-lived signed QR code for the learners' phones, the staff's tick
list and walk-ins.

- The staff's QR screen shows `<event>/diem-danh/?ma=<token>`. The token is signed with
  `TimestampSigner` (salt below) over {"e": event pk, "d": day ISO} and is good for
  `TOKEN_MAX_AGE`; the screen reloads every `TOKEN_REFRESH_SECONDS` with a fresh one, so a photo
  of the code sent round a village group stops working a few minutes later.
- `read_token()` refuses a tampered token, an expired one (with a message that says to scan
  again) and one made for another event.
- `check_in()` writes one `Attendance` per person per meeting day (the constraint on
  event, day, phone; a second scan or tick returns the first row), links the person's
  registration when there is one (registered or on the waiting list).
- People who did not register may check in too (walk-ins, by QR or added by staff): capacity
  limits the places taken in advance, not who is let into the room, which is the staff's call.
"""

from __future__ import annotations

import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Attendance, EventPage, Registration

TOKEN_SALT = "events.check_in"  # noqa: S105  (a namespace, not a secret)
TOKEN_MAX_AGE = 15 * 60  # seconds
TOKEN_REFRESH_SECONDS = 3 * 60


class CheckInError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def make_token(event: EventPage, day: datetime.date) -> str:
    return signing.TimestampSigner(salt=TOKEN_SALT).sign_object(
        {"e": event.pk, "d": day.isoformat()}
    )


def read_token(token: str, event: EventPage, max_age: int = TOKEN_MAX_AGE) -> datetime.date:
    """The meeting day a token was made for; CheckInError (Vietnamese message) if it is expired,
    tampered with or for another event."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        payload = signer.unsign_object(token or "", max_age=max_age)
    except signing.SignatureExpired:
        raise CheckInError(
            _("Mã đã hết hạn, hãy quét lại mã trên màn hình."), code="expired"
        ) from None
    except signing.BadSignature:
        raise CheckInError(
            _("Mã điểm danh không đúng. Hãy quét lại mã trên màn hình."), code="invalid"
        ) from None
    try:
        event_pk, day = payload["e"], datetime.date.fromisoformat(payload["d"])
    except (KeyError, TypeError, ValueError):
        raise CheckInError(
            _("Mã điểm danh không đúng. Hãy quét lại mã trên màn hình."), code="invalid"
        ) from None
    if event_pk != event.pk:
        raise CheckInError(
            _("Mã này là của một hoạt động khác. Hãy quét mã của buổi bạn đang tham dự."),
            code="other_event",
        )
    return day


def meeting_on(event: EventPage, day: datetime.date) -> tuple | None:
    """(start, end) of the event's meeting on `day` (local date), or None."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    for begins, ends in event.occurrences(start=start, end=start + datetime.timedelta(days=1)):
        if timezone.localdate(begins) == day:
            return begins, ends
    return None


def meeting_day(event: EventPage, now: datetime.datetime | None = None) -> datetime.date:
    """The day whose meeting is being checked in now: a meeting still running past midnight
    belongs to the day it started (a talk from 23:50 is still that evening's); otherwise today."""
    now = now or timezone.now()
    for begins, _ends in event.occurrences(start=now, end=now + datetime.timedelta(seconds=1)):
        return timezone.localdate(begins)
    return timezone.localdate(now)


def registration_of(event: EventPage, phone: str = "", learner=None) -> Registration | None:
    """The person's live registration (registered or waiting) for the event, if any."""
    match = Q()
    if phone:
        match |= Q(phone=phone)
    if learner is not None:
        match |= Q(learner=learner)
    if not match:
        return None
    return (
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .filter(match)
        .first()
    )


def check_in(
    event: EventPage,
    day: datetime.date,
    *,
    how: str,
    learner=None,
    registration: Registration | None = None,
    name: str = "",
    phone: str = "",
    by=None,
) -> tuple[Attendance, bool]:
    """(attendance, created) of a person at the meeting on `day`; a second check-in of the same
    number (or learner, or registration) returns the first row."""
    if learner is not None:
        name, phone = learner.name, learner.phone
    if registration is None:
        registration = registration_of(event, phone, learner)
    if registration is not None:
        name = name or registration.name
        phone = phone or registration.phone
        learner = learner or registration.learner
    existing = _existing(event, day, phone, learner, registration)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row = Attendance.objects.create(
                event=event,
                day=day,
                learner=learner,
                registration=registration,
                name=name,
                phone=phone,
                how=how,
                checked_in_by=by,
            )
    except IntegrityError:  # the same number checked in at the same moment
        found = _existing(event, day, phone, learner, registration)
        if found is None:
            raise
        return found, False
    return row, True


def _existing(event, day, phone, learner, registration) -> Attendance | None:
    match = Q()
    if phone:
        match |= Q(phone=phone)
    if learner is not None:
        match |= Q(learner=learner)
    if registration is not None:
        match |= Q(registration=registration)
    if not match:
        return None  # a walk-in with a name only: staff may add two people of one name
    return Attendance.objects.filter(event=event, day=day).filter(match).first()


def tick_list(event: EventPage, day: datetime.date) -> list[dict]:
    """Each live registration with its attendance on `day` (or None), then walk-ins; registered
    people before the waiting list, each in order of registration."""
    present = {}
    walk_ins = []
    for row in Attendance.objects.filter(event=event, day=day).order_by("checked_in_at", "pk"):
        if row.registration_id:
            present[row.registration_id] = row
        else:
            walk_ins.append(row)
    registrations = (
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .order_by("-status", "created_at", "pk")  # "da_dang_ky" before "cho"
    )
    rows = [
        {"registration": reg, "attendance": present.get(reg.pk), "name": reg.name}
        for reg in registrations
    ]
    rows += [{"registration": None, "attendance": row, "name": row.name} for row in walk_ins]
    return rows
