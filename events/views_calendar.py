"""Calendar (list and month views, filters) and iCalendar feeds (to be built)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from hub.pagekit.routes import page_view

from .models import EventPage


@page_view("events:calendar")
def calendar(request, index):
    events = EventPage.objects.live().descendant_of(index).order_by("starts_at")
    now = timezone.now()
    upcoming = [e for e in events if e.last_ends_at >= now]
    return TemplateResponse(
        request, "events/calendar.html", {"page": index, "self": index, "events": upcoming}
    )


@page_view("events:feed")
def feed(request, index):
    raise Http404


@page_view("events:event_ics")
def event_ics(request, event):
    raise Http404
