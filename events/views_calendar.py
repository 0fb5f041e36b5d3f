"""The calendar of an EventIndexPage and the iCalendar feeds (registered for the pages'
sub-routes, hub.pagekit.routes).

- A centre's calendar shows its own events; the hub's every centre's and the network's own.
- List view (default): the meetings of the next LIST_DAYS days, by day. Month view
  (?xem=thang&thang=2026-10): a grid on wide screens, a list of days on phones (CSS only).
- Filters: ?trung-tam= (hub only: a centre's id or hostname slug), ?loai= (EventPage.Kind),
  ?linh-vuc= (a Field's slug). An unknown value is ignored; a bad month shows this month.
- Feeds: <index>/lich-ical/ (one VEVENT per event, classes as RRULE) and <event>/lich-ical/.
- A page in an unpublished centre (its home page or its calendar not live) answers 404.
- Queries: the events of the range are one query; meetings are expanded in Python, centres
  and sites come from the process's copy of the network (hub.federation), so the count does
  not grow with events or centres.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from hub.federation import attach_centres, home_path_of, network
from hub.models import Field
from hub.pagekit.listing import public_only
from hub.pagekit.routes import page_view

from . import feeds
from .calendar import (
    add_months,
    by_day,
    expand,
    local_midnight,
    month_bounds,
    month_grid,
    parse_month,
)
from .models import EventPage

LIST_DAYS = 60  # the list view's range; later meetings are in the month view
LIST_LIMIT = 300  # meetings shown in the list view (a busy hub's two months)
FEED_PAST_DAYS = 180  # events that ended longer ago are left out of the feeds


# -- which calendar, which events ------------------------------------------------------------


def _check_published(page: Page) -> None:
    """404 unless every ancestor from the home page down is live (Wagtail checks only the
    page served): a centre that is not yet (or no longer) published shows nothing."""
    ancestors = [page.path[: Page.steplen * depth] for depth in range(2, page.depth)]
    if Page.objects.filter(path__in=ancestors, live=False).exists():
        raise Http404


def _home(page: Page, request):
    """The home page (a Site's root page, from the network copy) that holds `page`."""
    home_path = home_path_of(page.path)
    return next(
        (s.root_page for s in network(request).sites if s.root_page.path == home_path), None
    )


def _is_hub(index, request) -> bool:
    home = _home(index, request)
    return home is not None and home.specific_class.__name__ == "HubHomePage"


def _events_of(index, hub: bool):
    """The live, public events of a calendar: on the hub every published calendar's."""
    events = EventPage.objects.live()
    if hub:
        step = Page.steplen
        published = Page.objects.filter(live=True)
        events = events.filter(
            depth=index.depth + 1,
            path__startswith=index.path[:step],
        ).filter(
            Exists(published.filter(path=Substr(OuterRef("path"), 1, step * 2))),
            Exists(published.filter(path=Substr(OuterRef("path"), 1, step * 3))),
        )
    else:
        events = events.descendant_of(index)
    return public_only(events)


def _overlapping(events, start: datetime.datetime, end: datetime.datetime):
    """Events with a meeting that may fall in [start, end): begun before the end, and ending
    or repeating until after the start (occurrences() then picks the meetings)."""
    return events.filter(starts_at__lt=end).filter(
        Q(ends_at__gte=start) | Q(repeat_until__gte=timezone.localdate(start))
    )


def centre_slug(centre) -> str:
    """The centre's name in addresses: the first label of its hostname ("lamha")."""
    return centre.site.hostname.split(".")[0]


def _filtered(request, events, hub: bool):
    """Apply ?trung-tam=, ?loai=, ?linh-vuc=; unknown values are ignored."""
    chosen: dict = {"centre": None, "kind": None, "field": None}
    if hub:
        wanted = request.GET.get("trung-tam", "").strip()
        if wanted:
            chosen["centre"] = next(
                (
                    c
                    for c in network(request).centres_by_name
                    if wanted in (str(c.pk), centre_slug(c))
                ),
                None,
            )
        if chosen["centre"] is not None:
            events = events.filter(path__startswith=chosen["centre"].root_path)
    kind = request.GET.get("loai", "")
    if kind in EventPage.Kind.values:
        chosen["kind"] = kind
        events = events.filter(kind=kind)
    slug = request.GET.get("linh-vuc", "")
    if slug:
        chosen["field"] = next((f for f in Field.objects.cached() if f.slug == slug), None)
        if chosen["field"] is not None:
            events = events.filter(field_id=chosen["field"].pk)
    return events, chosen


def _load(request, events) -> list[EventPage]:
    """The events as a list, each with `centre` (None on the hub's own) and `calendar_url`."""
    rows = attach_centres(events, request)
    for event in rows:
        event.calendar_url = event.get_url(request)
    return rows


# -- the calendar page -------------------------------------------------------------------------


@page_view("events:calendar")
def calendar(request, index):
    _check_published(index)
    hub = _is_hub(index, request)
    events, chosen = _filtered(request, _events_of(index, hub), hub)
    today = timezone.localdate()
    month_view = request.GET.get("xem") == "thang"
    context = {
        "page": index,
        "self": index,
        "federated": hub,
        "chosen": chosen,
        "filtered": any(chosen.values()),
        "month_view": month_view,
        "kinds": EventPage.Kind.choices,
        "fields": Field.objects.cached(),
        "centres": [(c, centre_slug(c)) for c in network(request).centres_by_name] if hub else [],
        "today": today,
    }
    if month_view:
        value = request.GET.get("thang", "")
        first, readable = parse_month(value, today)
        start, end = month_bounds(first)
        meetings = expand(_load(request, _overlapping(events, start, end)), start, end)
        context.update(
            month=first,
            month_note=""
            if readable
            else _("Không đọc được tháng “%(value)s”, đang xem tháng này.") % {"value": value},
            previous_month=add_months(first, -1).strftime("%Y-%m"),
            next_month=add_months(first, 1).strftime("%Y-%m"),
            weeks=month_grid(first, meetings, today),
            meetings=meetings,
        )
    else:
        start = timezone.now()
        end = local_midnight(today + datetime.timedelta(days=LIST_DAYS))
        meetings = expand(_load(request, _overlapping(events, start, end)), start, end)
        context.update(
            days=by_day(meetings[:LIST_LIMIT], today),
            meetings=meetings,
            truncated=len(meetings) > LIST_LIMIT,
            list_days=LIST_DAYS,
            this_month=today.strftime("%Y-%m"),
        )
    return TemplateResponse(request, "events/calendar.html", context)


# -- iCalendar -----------------------------------------------------------------------------------


def _hub_host(request) -> str:
    sites = network(request).sites
    default = next((s for s in sites if s.is_default_site), None)
    return default.hostname if default else request.get_host().split(":")[0]


@page_view("events:feed")
def feed(request, index):
    _check_published(index)
    hub = _is_hub(index, request)
    events, _chosen = _filtered(request, _events_of(index, hub), hub)
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    events = events.filter(Q(ends_at__gte=since) | Q(repeat_until__gte=since.date()))
    rows = attach_centres(events.order_by("starts_at", "pk"), request)
    centre = network(request).centres.get(home_path_of(index.path))
    if centre is not None:
        title, filename = centre.title, f"lich-{centre_slug(centre)}.ics"
    else:
        home = _home(index, request)
        title, filename = (home.title if home else index.title), "lich-hoat-dong.ics"
    cal = feeds.calendar(
        title, [(e, e.get_full_url(request)) for e in rows], host=_hub_host(request)
    )
    return feeds.ics_response(cal, filename)


@page_view("events:event_ics")
def event_ics(request, event):
    _check_published(event)
    cal = feeds.calendar(
        event.title, [(event, event.get_full_url(request))], host=_hub_host(request)
    )
    return feeds.ics_response(cal, f"{event.slug}.ics")
