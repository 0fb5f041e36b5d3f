"""The events' public views, registered for the pages' sub-routes (hub.pagekit.routes): the
calendar and feeds (`views_calendar.py`), registration and check-in (`views_registration.py`),
and the event page itself here."""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils import timezone

from hub.federation import attach_centres
from hub.pagekit.routes import page_view

from . import views_calendar, views_registration  # noqa: F401  (they register their views)
from .models import Registration


@page_view("events:detail")
def detail(request, event):
    attach_centres([event], request)
    registered = event.registrations.filter(status=Registration.Status.REGISTERED).count()
    upcoming = event.occurrences(start=timezone.now())[:8]
    return TemplateResponse(
        request,
        "events/event_page.html",
        {
            "page": event,
            "self": event,
            "registered": registered,
            "places_left": None if event.capacity is None else max(0, event.capacity - registered),
            "upcoming": upcoming,
        },
    )
