"""Where each daily figure comes from: one function per source, each a few grouped queries over
a range of days, whatever the number of centres, pages or events (tests count them).

A source returns {(day, centre_id or None, metric): value}; None is the hub itself (news and events
published on the hub, searches typed on the hub). Pages are attributed to a centre by the prefix of
their tree path (centres' roots, grouped by depth as `hub.federation.aggregate_by_centre` does),
contest entries by their `centre`, videos by their collection, learners by their home centre.

`METRICS` is the list the report shows, in its order, with the group each belongs to.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hub.models import Centre, PageDayCount, Video

Figures = Counter  # {(day, centre_id | None, metric): value}


@dataclass(frozen=True)
class Metric:
    slug: str
    label: Promise
    group: str  # "content", "use", "learning", "events", "contests"


METRICS = [
    Metric("news", _("Tin bài đăng mới"), "content"),
    Metric("lessons", _("Bài giảng đăng mới"), "content"),
    Metric("library", _("Tài liệu thư viện mới"), "content"),
    Metric("videos", _("Video mới"), "content"),
    Metric("views", _("Lượt xem bài giảng, bài dự thi"), "use"),
    Metric("reads", _("Lượt đọc tài liệu"), "use"),
    Metric("downloads", _("Lượt tải về"), "use"),
    Metric("search_misses", _("Lượt tìm không thấy"), "use"),
    Metric("learners", _("Người học đăng ký mới"), "learning"),
    Metric("completions", _("Lượt hoàn thành khoá học"), "learning"),
    Metric("events_held", _("Buổi sự kiện, lớp học"), "events"),
    Metric("registrations", _("Lượt đăng ký sự kiện"), "events"),
    Metric("attendance", _("Lượt tham dự"), "events"),
    Metric("entries", _("Bài dự thi"), "contests"),
]
METRIC_SLUGS = [metric.slug for metric in METRICS]
GROUPS = {
    "content": _("Nội dung đăng mới"),
    "use": _("Lượt sử dụng"),
    "learning": _("Học tập"),
    "events": _("Sự kiện và lớp học"),
    "contests": _("Cuộc thi"),
}
READING_EVENTS = ("views", "reads", "downloads")


def day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    """Aware datetimes of the first moment of `start` and of the day after `end` (local time)."""
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    return first, after


def _prefix_groups(centres: Iterable[Centre]) -> dict[int, dict[str, int]]:
    groups: dict[int, dict[str, int]] = {}
    for centre in centres:
        groups.setdefault(len(centre.root_path), {})[centre.root_path] = centre.pk
    return groups


def by_path(queryset, path_field: str, day, value, metric, centres, extra=()) -> Figures:
    """Group a queryset by day and by the centre whose subtree holds `path_field`; what lies under
    no centre counts for the hub. `metric` is a metric slug or, with `extra`, a function of the
    extra grouped values (e.g. the counter's event) giving the slug."""
    figures: Figures = Counter()
    name = metric if callable(metric) else (lambda row: metric)
    placed: Counter = Counter()
    for length, by_root in _prefix_groups(centres).items():
        rows = (
            queryset.annotate(_root=Substr(path_field, 1, length), _day=day)
            .filter(_root__in=list(by_root))
            .values("_root", "_day", *extra)
            .annotate(_value=value)
            .order_by()
        )
        for row in rows:
            key = (row["_day"], name(row))
            figures[(row["_day"], by_root[row["_root"]], key[1])] += row["_value"]
            placed[key] += row["_value"]
    totals = queryset.annotate(_day=day).values("_day", *extra).annotate(_value=value).order_by()
    for row in totals:
        key = (row["_day"], name(row))
        rest = row["_value"] - placed[key]
        if rest > 0:
            figures[(row["_day"], None, key[1])] += rest
    return figures


def by_key(queryset, day, key: str, metric: str, value, centre_of: dict) -> Figures:
    """Group by day and a column that names the centre (`centre_of` maps its values to centre
    ids; anything else counts for the hub)."""
    rows = queryset.annotate(_day=day).values("_day", key).annotate(_value=value).order_by()
    figures: Figures = Counter()
    for row in rows:
        figures[(row["_day"], centre_of.get(row[key]), metric)] += row["_value"]
    return figures


def published(start, end, centres) -> Figures:
    """News, lessons and library items first published on each day (live today)."""
    from django.apps import apps

    from lessons.models import LessonPage
    from library.models import LibraryItemPage

    NewsPage = apps.get_model("home", "NewsPage")  # noqa: N806 - nothing imports home (by name)
    first, after = day_bounds(start, end)
    figures: Figures = Counter()
    for model, metric in (
        (NewsPage, "news"),
        (LessonPage, "lessons"),
        (LibraryItemPage, "library"),
    ):
        pages = model.objects.live().filter(
            first_published_at__gte=first, first_published_at__lt=after
        )
        figures += by_path(
            pages, "path", TruncDate("first_published_at"), Count("pk"), metric, centres
        )
    return figures


def videos(start, end, centres) -> Figures:
    """Videos that finished processing, by the day they were uploaded and their collection."""
    first, after = day_bounds(start, end)
    by_collection = {centre.collection_id: centre.pk for centre in centres}
    rows = (
        Video.objects.filter(status=Video.Status.READY, created_at__gte=first, created_at__lt=after)
        .annotate(_day=TruncDate("created_at"))
        .values("_day", "collection_id")
        .annotate(_value=Count("pk"))
        .order_by()
    )
    figures: Figures = Counter()
    for row in rows:
        figures[(row["_day"], by_collection.get(row["collection_id"]), "videos")] += row["_value"]
    return figures


def page_counts(start, end, centres) -> Figures:
    """Views, reads and downloads counted by `hub.counters` (hub.PageDayCount); a contest
    entry's count goes to the entry's centre, not to the hub where its page lives."""
    counts = PageDayCount.objects.filter(day__gte=start, day__lte=end, event__in=READING_EVENTS)
    event = lambda row: row["event"]  # noqa: E731
    figures = by_path(
        counts.filter(page__entrypage__isnull=True),
        "page__path",
        F("day"),
        Sum("count"),
        event,
        centres,
        extra=("event",),
    )
    known = {centre.pk for centre in centres}
    entries = (
        counts.filter(page__entrypage__isnull=False)
        .values("day", "event", "page__entrypage__centre_id")
        .annotate(_value=Sum("count"))
        .order_by()
    )
    for row in entries:
        centre = row["page__entrypage__centre_id"]
        figures[(row["day"], centre if centre in known else None, row["event"])] += row["_value"]
    return figures


def search_misses(start, end, centres) -> Figures:
    from search.models import SearchMiss

    misses = SearchMiss.objects.filter(day__gte=start, day__lte=end)
    by_site = {centre.site_id: centre.pk for centre in centres}
    return by_key(misses, F("day"), "site_id", "search_misses", Sum("count"), by_site)


def learning(start, end, centres) -> Figures:
    """Learners who made an account (by home centre) and course completions (by the centre
    whose site publishes the course)."""
    from learners.models import Enrolment, Learner

    first, after = day_bounds(start, end)
    joined = Learner.objects.filter(created_at__gte=first, created_at__lt=after)
    identity = {centre.pk: centre.pk for centre in centres}
    figures = by_key(
        joined, TruncDate("created_at"), "home_centre_id", "learners", Count("pk"), identity
    )
    completed = Enrolment.objects.filter(completed_at__gte=first, completed_at__lt=after)
    figures += by_path(
        completed, "course__path", TruncDate("completed_at"), Count("pk"), "completions", centres
    )
    return figures


def events(start, end, centres) -> Figures:
    """Meetings held (each day a live event or class met), registrations made and attendance."""
    from events.models import Attendance, EventPage, Registration

    first, after = day_bounds(start, end)
    figures: Figures = Counter()
    registrations = Registration.objects.filter(created_at__gte=first, created_at__lt=after)
    figures += by_path(
        registrations,
        "event__path",
        TruncDate("created_at"),
        Count("pk"),
        "registrations",
        centres,
    )
    attendance = Attendance.objects.filter(day__gte=start, day__lte=end)
    figures += by_path(attendance, "event__path", F("day"), Count("pk"), "attendance", centres)

    roots = sorted(((c.root_path, c.pk) for c in centres), key=lambda item: -len(item[0]))
    pages = EventPage.objects.live().filter(
        Q(repeat_until__isnull=True, ends_at__gte=first) | Q(repeat_until__gte=start),
        starts_at__lt=after,
    )
    for page in pages.only(
        "path", "starts_at", "ends_at", "repeat_days", "repeat_until", "exceptions"
    ):
        centre = next((pk for root, pk in roots if page.path.startswith(root)), None)
        for starts, _ends in page.occurrences(first, after):
            day = timezone.localtime(starts).date()
            if start <= day <= end:
                figures[(day, centre, "events_held")] += 1
    return figures


def contests(start, end, centres) -> Figures:
    """Contest entries first published on each day, by the centre that sent them."""
    from contests.models import EntryPage

    first, after = day_bounds(start, end)
    entries = EntryPage.objects.live().filter(
        first_published_at__gte=first, first_published_at__lt=after
    )
    identity = {centre.pk: centre.pk for centre in centres}
    return by_key(
        entries, TruncDate("first_published_at"), "centre_id", "entries", Count("pk"), identity
    )


SOURCES = [published, videos, page_counts, search_misses, learning, events, contests]


def gather(start: datetime.date, end: datetime.date, centres: list[Centre]) -> Figures:
    figures: Figures = Counter()
    for source in SOURCES:
        figures += source(start, end, centres)
    return figures
