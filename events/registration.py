"""Taking, cancelling and reminding of places at an event.

- `register()`: by a learner account (name and number from the account) or by a name and a
  Vietnamese mobile number (people without an account). Within `capacity` (None = unlimited) the
  person is registered, beyond it put on the waiting list. The same number twice gives back the
  first registration (no second row); a cancelled one is taken up again at the back of the queue.
- `cancel()`: frees the place and fills free places from the waiting list, first come first
  served; the promoted people are texted (after commit; a failed text is logged, never raised).
- `send_reminders()`: one text per registered person per meeting starting within the next 24 h
  (`Registration.reminded_for` remembers the meeting day); the `send_event_reminders` command.

Every change runs under a row lock on the event (`select_for_update`), so two people taking the
last place at once get one place and one waiting-list entry.
"""

from __future__ import annotations

import datetime
import logging
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from learners.phones import normalise_mobile
from learners.sms import SmsError, sender

from .models import EventPage, Registration

logger = logging.getLogger(__name__)
Status = Registration.Status
REMINDER_WINDOW = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class Outcome:
    registration: Registration
    created: bool  # False: the number was already registered (nothing changed)
    message: str


def closed_reason(event: EventPage, now: datetime.datetime | None = None) -> str | None:
    """Why the event takes no registration now (a Vietnamese sentence), or None if it does."""
    now = now or timezone.now()
    if not event.registration_open:
        return _("Hoạt động này hiện không nhận đăng ký.")
    if event.last_ends_at <= now:
        return _("Hoạt động này đã kết thúc, không nhận đăng ký nữa.")
    return None


def _locked(event: EventPage) -> EventPage:
    """The event re-read under a row lock (its capacity as it is now)."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _registered_count(event: EventPage) -> int:
    return Registration.objects.filter(event=event, status=Status.REGISTERED).count()


def _has_room(event: EventPage) -> bool:
    return event.capacity is None or _registered_count(event) < event.capacity


def status_message(registration: Registration) -> str:
    if registration.status == Status.REGISTERED:
        return _("Bạn đã đăng ký tham gia „%(title)s”.") % {"title": registration.event.title}
    if registration.status == Status.WAITING:
        ahead = Registration.objects.filter(
            event_id=registration.event_id, status=Status.WAITING
        ).filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        return _(
            "Hoạt động đã đủ chỗ. Bạn ở danh sách chờ, thứ %(position)s; khi có người huỷ, "
            "chúng tôi sẽ nhắn tin báo bạn."
        ) % {"position": ahead.count() + 1}
    return _("Bạn đã huỷ đăng ký.")


def register(
    event: EventPage,
    learner=None,
    name: str | None = None,
    phone: str | None = None,
    now: datetime.datetime | None = None,
) -> Outcome:
    """Take a place (or a waiting-list entry) for a learner or for `name` + `phone`.

    Raises ValidationError: {"name": ..., "phone": ...} for bad input, a plain one (code
    "closed") when the event takes no registration."""
    now = now or timezone.now()
    if learner is not None:
        name, phone = learner.name, learner.phone
    else:
        errors = {}
        name = " ".join((name or "").split())
        if not name:
            errors["name"] = _("Hãy nhập họ và tên.")
        try:
            phone = normalise_mobile(phone or "")
        except ValidationError as error:
            errors["phone"] = error.messages
        if errors:
            raise ValidationError(errors)

    with transaction.atomic():
        event = _locked(event)
        reason = closed_reason(event, now)
        if reason:
            raise ValidationError(reason, code="closed")
        existing = Registration.objects.filter(event=event, phone=phone).first()
        if existing is not None and existing.status != Status.CANCELLED:
            if learner is not None and existing.learner_id is None:
                existing.learner = learner  # registered by number before having an account
                existing.save(update_fields=["learner"])
            existing.event = event
            return Outcome(
                existing,
                created=False,
                message=_("Số điện thoại này đã đăng ký rồi. %(status)s")
                % {"status": status_message(existing)},
            )
        status = Status.REGISTERED if _has_room(event) else Status.WAITING
        if existing is not None:  # cancelled before: back in, at the end of the queue
            registration = existing
            registration.learner = learner or existing.learner
            registration.name = name
            registration.status = status
            registration.created_at = now
            registration.cancelled_at = None
            registration.reminded_for = None
            registration.save()
        else:
            registration = Registration.objects.create(
                event=event, learner=learner, name=name, phone=phone, status=status, created_at=now
            )
    registration.event = event
    return Outcome(registration, created=True, message=status_message(registration))


def cancel(registration: Registration, now: datetime.datetime | None = None) -> list[Registration]:
    """Cancel a registration (or a waiting-list entry); returns the people promoted from the
    waiting list to the freed places (texted after commit)."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Status.CANCELLED:
            return []
        current.status = Status.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        registration.status, registration.cancelled_at = current.status, current.cancelled_at
        promoted = fill_places(event)
    return promoted


def fill_places(event: EventPage) -> list[Registration]:
    """Move people from the waiting list to the free places, first come first served (call it
    under `_locked(event)`, e.g. after a cancellation or a larger capacity)."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - _registered_count(event)
        if free <= 0:
            return []
    waiting = Registration.objects.filter(event=event, status=Status.WAITING).order_by(
        "created_at", "pk"
    )
    promoted = list(waiting if free is None else waiting[:free])
    for person in promoted:
        person.status = Status.REGISTERED
        person.event = event
        person.save(update_fields=["status"])
    if promoted:
        transaction.on_commit(lambda: [_text_promoted(person) for person in promoted])
    return promoted


def plain(text: str) -> str:
    """Text without Vietnamese diacritics (a text message in plain letters fits one SMS)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _send(phone: str, text: str) -> SmsError | None:
    """Send a text; the error if it failed (logged, never raised)."""
    try:
        sender().send(phone, text)
    except SmsError as error:
        logger.warning("event text not sent (%s): %s", type(error).__name__, error)
        return error
    return None


def promoted_text(registration: Registration) -> str:
    event = registration.event
    upcoming = event.next_occurrence()
    start = timezone.localtime(upcoming[0] if upcoming else event.starts_at)
    return plain(
        _(
            "HocTap Hub: da co cho cho ban tai %(title)s, %(time)s. Neu khong den duoc, hay huy dang ky."
        )
        % {"title": event.title, "time": start.strftime("%H:%M %d/%m/%Y")}
    )


def _text_promoted(registration: Registration) -> None:
    _send(registration.phone, promoted_text(registration))


def reminder_text(event: EventPage, start: datetime.datetime) -> str:
    return plain(
        _("HocTap Hub: nhac lich %(title)s luc %(time)s tai %(place)s. Hen gap ban!")
        % {
            "title": event.title,
            "time": timezone.localtime(start).strftime("%H:%M %d/%m/%Y"),
            "place": event.place,
        }
    )


def meetings_due(now: datetime.datetime) -> list[tuple[EventPage, datetime.datetime]]:
    """(event, start) of each published event's meeting starting within the next 24 h that has
    registered people."""
    until = now + REMINDER_WINDOW
    candidates = (
        EventPage.objects.live()
        .filter(registrations__status=Status.REGISTERED, starts_at__lt=until)
        .filter(
            Q(repeat_until__isnull=True, starts_at__gte=now)
            | Q(repeat_until__gte=timezone.localdate(now))
        )
        .distinct()
    )
    due = []
    for event in candidates:
        for start, _end in event.occurrences(start=now, end=until):
            if start >= now:
                due.append((event, start))
                break
    return due


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Text every registered person once about their meeting in the next 24 h; the number of
    texts sent."""
    now = now or timezone.now()
    sent = 0
    for event, start in meetings_due(now):
        day = timezone.localdate(start)
        text = reminder_text(event, start)
        people = Registration.objects.filter(event=event, status=Status.REGISTERED).exclude(
            reminded_for=day
        )
        for person in people:
            error = _send(person.phone, text)
            if error is None or not error.retry_later:  # a refused number is not tried again
                Registration.objects.filter(pk=person.pk).update(reminded_for=day)
            sent += error is None
    return sent
