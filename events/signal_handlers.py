"""When an event is published with more places (or no limit), the waiting list moves up at once:
the people promoted are told by text after the commit (events/registration.py)."""

from __future__ import annotations

from django.db import transaction
from wagtail.signals import page_published

from .models import EventPage


def fill_after_publish(sender, instance, **kwargs):
    from .registration import _locked, fill_places

    with transaction.atomic():
        fill_places(_locked(instance))


def connect() -> None:
    page_published.connect(fill_after_publish, sender=EventPage, dispatch_uid="events_fill_places")
