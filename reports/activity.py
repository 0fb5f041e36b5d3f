"""The activity report ("Hoạt động của mạng lưới"): for a month, a quarter or a year, per centre
and for the network, what was published, how much it was used, learners, events and contests,
with the figures of the period before, a chart per group over the period, the most used items and
the searches that found nothing; an XLSX copy laid out for the yearly report.

Read from `DailyStat` (filled by `reports.collect`), the day counters (`hub.PageDayCount`) for the
top items and `search.SearchMiss` for the searches: five queries, whatever the number of centres
or days (tests count them).
"""

from __future__ import annotations

import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.federation import centre_for_path
from hub.models import Centre, PageDayCount
from hub.spreadsheets import neutralise

from .models import DailyStat
from .sources import GROUPS, METRICS, READING_EVENTS

PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$")
TOP_LIMIT = 10
MISSES_LIMIT = 20
KIND_LABELS = {
    "month": gettext_lazy("Tháng %(number)s/%(year)s"),
    "quarter": gettext_lazy("Quý %(number)s/%(year)s"),
    "year": gettext_lazy("Năm %(year)s"),
}


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, year
    year: int
    number: int  # month 1–12, quarter 1–4, 0 for a year

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind] % {"number": self.number, "year": self.year})

    @property
    def start(self) -> datetime.date:
        if self.kind == "month":
            return datetime.date(self.year, self.number, 1)
        if self.kind == "quarter":
            return datetime.date(self.year, 3 * self.number - 2, 1)
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        months = {"month": 1, "quarter": 3, "year": 12}[self.kind]
        month = self.start.month + months
        year = self.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return datetime.date(year, month, 1) - datetime.timedelta(days=1)

    def previous(self) -> Period:
        if self.kind == "year":
            return Period("year", self.year - 1, 0)
        last = 12 if self.kind == "month" else 4
        if self.number == 1:
            return Period(self.kind, self.year - 1, last)
        return Period(self.kind, self.year, self.number - 1)


def parse_period(value: str | None) -> Period | None:
    """ "2026-11" (a month), "2026-Q4" (a quarter), "2026" (a year); None if not one of these or
    outside 2000–2100."""
    match = PERIOD.match((value or "").strip())
    if not match:
        return None
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        return None
    if match.group(2):
        return Period("month", year, int(match.group(2)))
    if match.group(3):
        return Period("quarter", year, int(match.group(3)))
    return Period("year", year, 0)


def current_month(today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period("month", today.year, today.month)


def period_choices(today: datetime.date | None = None) -> list[tuple[str, list[Period]]]:
    """The periods offered in the form: 12 months, 8 quarters and 3 years back from today."""
    today = today or timezone.localdate()
    months, month = [], current_month(today)
    for _i in range(12):
        months.append(month)
        month = month.previous()
    quarters, quarter = [], Period("quarter", today.year, (today.month - 1) // 3 + 1)
    for _i in range(8):
        quarters.append(quarter)
        quarter = quarter.previous()
    years = [Period("year", today.year - back, 0) for back in range(3)]
    return [(_("Tháng"), months), (_("Quý"), quarters), (_("Năm"), years)]


@dataclass
class Row:
    name: str
    centre: Centre | None
    values: dict[str, int] = field(default_factory=dict)

    @property
    def cells(self) -> list[tuple[str, int]]:
        return [(metric.slug, self.values.get(metric.slug, 0)) for metric in METRICS]


@dataclass
class Series:
    group: str
    label: str
    points: list[tuple[str, int, int]]  # (label, value, percent of the highest)


@dataclass
class Report:
    period: Period
    title: str
    rows: list[Row]
    total: dict[str, int]
    previous: dict[str, int]
    series: list[Series]
    top: list[dict]
    misses: list[dict]
    made_on: datetime.date

    @property
    def metrics(self):
        return METRICS

    @property
    def total_cells(self) -> list[int]:
        return [self.total.get(metric.slug, 0) for metric in METRICS]

    @property
    def groups(self) -> list[tuple[str, int]]:
        """(label, number of metrics) of each group, for the table's first header row."""
        counts: dict[str, int] = {}
        for metric in METRICS:
            counts[metric.group] = counts.get(metric.group, 0) + 1
        return [(str(GROUPS[group]), n) for group, n in counts.items()]

    def changes(self) -> list[dict]:
        return [
            {
                "metric": metric,
                "value": self.total.get(metric.slug, 0),
                "before": self.previous.get(metric.slug, 0),
                "change": self.total.get(metric.slug, 0) - self.previous.get(metric.slug, 0),
            }
            for metric in METRICS
        ]


def _buckets(period: Period):
    """The chart's bars: days of a month, weeks of a quarter, months of a year."""
    if period.kind == "month":
        return None
    if period.kind == "quarter":
        return TruncWeek("day")
    return TruncMonth("day")


def _bucket_keys(period: Period) -> list[datetime.date]:
    keys, day = [], period.start
    if period.kind == "month":
        while day <= period.end:
            keys.append(day)
            day += datetime.timedelta(days=1)
    elif period.kind == "quarter":
        day -= datetime.timedelta(days=day.weekday())
        while day <= period.end:
            keys.append(day)
            day += datetime.timedelta(days=7)
    else:
        keys = [datetime.date(period.year, month, 1) for month in range(1, 13)]
    return keys


def _bucket_label(period: Period, key: datetime.date) -> str:
    if period.kind == "year":
        return f"{key.month:02d}"
    return key.strftime("%d/%m")


SERIES_GROUPS = [
    ("content", ("news", "lessons", "library", "videos")),
    ("use", ("views", "reads", "downloads")),
    ("events", ("attendance",)),
]
SERIES_LABELS = {
    "content": gettext_lazy("Nội dung đăng mới"),
    "use": gettext_lazy("Lượt xem, đọc và tải về"),
    "events": gettext_lazy("Lượt tham dự sự kiện, lớp học"),
}


def build(centres: list[Centre], network: bool, period: Period) -> Report:
    """The report of these centres (network: every centre and the hub itself) for the period."""
    stats = DailyStat.objects.filter(day__gte=period.start, day__lte=period.end)
    previous_period = period.previous()
    before = DailyStat.objects.filter(day__gte=previous_period.start, day__lte=previous_period.end)
    if not network:
        ids = [centre.pk for centre in centres]
        stats, before = stats.filter(centre__in=ids), before.filter(centre__in=ids)

    per_centre: dict = defaultdict(dict)
    for row in stats.values("centre_id", "metric").annotate(total=Sum("value")).order_by():
        per_centre[row["centre_id"]][row["metric"]] = row["total"]
    rows = [Row(centre.title, centre, per_centre.get(centre.pk, {})) for centre in centres]
    if network:
        rows.append(Row(_("Trang liên thông (cấp thành phố)"), None, per_centre.get(None, {})))
    total: dict[str, int] = defaultdict(int)
    for row in rows:
        for metric, value in row.values.items():
            total[metric] += value
    previous = dict(
        before.values("metric")
        .annotate(total=Sum("value"))
        .order_by()
        .values_list("metric", "total")
    )

    trunc = _buckets(period)
    series_rows = stats.annotate(bucket=trunc if trunc is not None else F("day"))
    by_bucket: dict = defaultdict(lambda: defaultdict(int))
    for row in series_rows.values("bucket", "metric").annotate(total=Sum("value")).order_by():
        key = row["bucket"]
        if isinstance(key, datetime.datetime):
            key = key.date()
        by_bucket[row["metric"]][key] += row["total"]
    keys = _bucket_keys(period)
    series = []
    for group, metrics in SERIES_GROUPS:
        values = [sum(by_bucket[m].get(key, 0) for m in metrics) for key in keys]
        highest = max(values) if values else 0
        series.append(
            Series(
                group,
                str(SERIES_LABELS[group]),
                [
                    (
                        _bucket_label(period, key),
                        value,
                        round(100 * value / highest) if highest else 0,
                    )
                    for key, value in zip(keys, values, strict=True)
                ],
            )
        )

    top = _top_items(centres, network, period)
    misses = _misses(centres, network, period)
    title = _("Hoạt động %(period)s") % {"period": period.label.lower()}
    if not network and len(centres) == 1:
        title += f" – {centres[0].title}"
    elif network:
        title += " – " + _("toàn mạng lưới")
    return Report(
        period=period,
        title=title,
        rows=rows,
        total=dict(total),
        previous=previous,
        series=series,
        top=top,
        misses=misses,
        made_on=timezone.localdate(),
    )


def _path_scope(centres: list[Centre], network: bool, field_name: str) -> Q:
    if network:
        return Q()
    condition = Q(pk__in=[])
    for centre in centres:
        condition |= Q(**{f"{field_name}__startswith": centre.root_path})
    return condition


def _top_items(centres, network, period) -> list[dict]:
    """The pages read most in the period, with their centre (from the path, no query)."""
    counts = PageDayCount.objects.filter(
        _path_scope(centres, network, "page__path"),
        day__gte=period.start,
        day__lte=period.end,
        event__in=READING_EVENTS,
    )
    rows = list(
        counts.values("page_id", "page__title", "page__path", "page__url_path")
        .annotate(total=Sum("count"))
        .order_by("-total", "page__title")[:TOP_LIMIT]
    )
    by_root = {centre.root_path: centre for centre in centres}
    for row in rows:
        row["centre"] = centre_for_path(row["page__path"], by_root)
    return rows


def _misses(centres, network, period) -> list[dict]:
    from search.misses import misses_between

    sites = None if network else [centre.site_id for centre in centres]
    return misses_between(period.start, period.end, sites=sites, limit=MISSES_LIMIT)


def table_header() -> list[str]:
    return ["STT", _("Đơn vị")] + [str(metric.label) for metric in METRICS]


def table_row(number, name: str, values: dict) -> list:
    return [number, name] + [values.get(metric.slug, 0) for metric in METRICS]


def xlsx(report: Report, committee: str) -> bytes:
    """Sheets: the figures per centre (title, committee, period, date; a group header row, the
    metrics, one row per centre, a total row), the chart's figures, the most used items and the
    searches that found nothing."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _("Tổng hợp")
    columns = table_header()
    last = get_column_letter(len(columns))
    bold = Font(bold=True)
    sheet.append([neutralise(committee.upper())])
    sheet.append([neutralise(report.title.upper())])
    sheet.append(
        [
            _("Từ ngày %(start)s đến ngày %(end)s; lập ngày %(made)s")
            % {
                "start": report.period.start.strftime("%d/%m/%Y"),
                "end": report.period.end.strftime("%d/%m/%Y"),
                "made": report.made_on.strftime("%d/%m/%Y"),
            }
        ]
    )
    for line in (1, 2, 3):
        sheet.merge_cells(f"A{line}:{last}{line}")
        sheet[f"A{line}"].alignment = Alignment(horizontal="center")
    sheet["A2"].font = Font(bold=True, size=13)
    group_row: list = [None, None]
    column = 3
    for label, span in report.groups:
        group_row.append(label)
        group_row.extend([None] * (span - 1))
    sheet.append(group_row)
    for _label, span in report.groups:
        sheet.merge_cells(start_row=4, start_column=column, end_row=4, end_column=column + span - 1)
        column += span
    sheet.append(columns)
    for line in (4, 5):
        for cell in sheet[line]:
            cell.font = bold
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, row in enumerate(report.rows, start=1):
        sheet.append([neutralise(v) for v in table_row(number, row.name, row.values)])
    sheet.append(table_row(None, _("Tổng cộng"), report.total))
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.append(
        table_row(
            None,
            _("Kỳ trước (%(period)s)") % {"period": report.period.previous().label},
            report.previous,
        )
    )
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 42
    for index in range(3, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 12
    sheet.freeze_panes = "C6"

    chart = book.create_sheet(_("Theo thời gian"))
    chart.append([_("Thời điểm")] + [s.label for s in report.series])
    for index, point in enumerate(report.series[0].points if report.series else []):
        chart.append([point[0]] + [s.points[index][1] for s in report.series])
    for cell in chart[1]:
        cell.font = bold
    chart.column_dimensions["A"].width = 12

    top = book.create_sheet(_("Xem nhiều nhất"))
    top.append(["STT", _("Tiêu đề"), _("Trung tâm"), _("Lượt xem, đọc, tải")])
    for number, row in enumerate(report.top, start=1):
        centre = row["centre"].title if row["centre"] else _("Trang liên thông")
        top.append([number, neutralise(row["page__title"]), neutralise(centre), row["total"]])
    for cell in top[1]:
        cell.font = bold
    top.column_dimensions["B"].width = 60
    top.column_dimensions["C"].width = 32

    misses = book.create_sheet(_("Tìm không thấy"))
    misses.append(["STT", _("Từ khoá người học đã tìm"), _("Số lần")])
    for number, row in enumerate(report.misses, start=1):
        misses.append([number, neutralise(row["query"]), row["total"]])
    for cell in misses[1]:
        cell.font = bold
    misses.column_dimensions["B"].width = 50

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
