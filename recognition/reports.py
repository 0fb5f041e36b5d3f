"""The learning models' report (issue #22): one cycle, per node of the association's tree with
everything under it rolled up, the previous cycle beside it, and an XLSX copy in the layout
associations send upward.

What each figure counts (a declaration has one status, `Declaration.Status`):

- registered ("Số đăng ký", đã khai): every declaration of the cycle, whatever its status;
- submitted ("Đã nộp"): ever submitted, i.e. every status but draft (`nhap`); a declaration
  returned for changes was submitted and still counts;
- returned ("Trả lại"): status `tra_lai` now;
- unit-approved ("Đơn vị đã duyệt"): `don_vi_duyet`, accepted by the unit and waiting for the
  branch's approval; counted apart from the approved ones;
- approved ("Đã duyệt"): `da_duyet` + `cong_nhan` (a recognised declaration was approved first);
- recognised ("Đã công nhận"): `cong_nhan`; not passed ("Không đạt"): `khong_dat`;
- recognition rate: recognised / registered × 100, rounded half up to one decimal by `percent`
  (the screen and the XLSX file both show that value);
- by grade: the approved ones by `Declaration.grade`; by age band (cycle year − birth year:
  under 25, 25–39, 40–59, 60 and over, unknown) and by sex (blank = unknown): the registered ones.

Queries, however many units: the organisations shown (the rows and the breadcrumb, one query),
the set's grades, the previous cycle, and one grouped count of the declarations of both cycles
under the rows (`values(cycle, path, status, grade, sex, age band).annotate(Count)`). In
treebeard's materialised path a node's ancestors are its path's prefixes of length `steplen × k`,
so the counts are summed up the tree by prefix (`roll_up`, in Python); when the rows are all at
one depth the query already cuts each unit's path to that depth's prefix, which leaves a few rows
per row of the report instead of a few per unit.

Scope (`permissions.scope_paths`): the rows are nodes inside the user's subtrees, so nothing
outside them is shown or counted.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from hub.spreadsheets import neutralise

from .models import Cycle, Declaration, Grade, Organisation
from .permissions import path_q

Status = Declaration.Status
SUBMITTED = frozenset(Status) - {Status.DRAFT}
APPROVED = frozenset({Status.APPROVED, Status.RECOGNISED})

# (key, label) in column order; the keys are what the grouped query returns
# every label in its own context: the same short words elsewhere may be translated otherwise
AGE_BANDS = (
    ("duoi_25", pgettext_lazy("recognition report: age", "Dưới 25")),
    ("25_39", pgettext_lazy("recognition report: age", "25–39")),
    ("40_59", pgettext_lazy("recognition report: age", "40–59")),
    ("tu_60", pgettext_lazy("recognition report: age", "Từ 60")),
    ("khong_ro", pgettext_lazy("recognition report: age", "Không rõ")),
)
SEXES = (
    (Declaration.Sex.MALE.value, pgettext_lazy("recognition report: sex", "Nam")),
    (Declaration.Sex.FEMALE.value, pgettext_lazy("recognition report: sex", "Nữ")),
    (Declaration.Sex.OTHER.value, pgettext_lazy("recognition report: sex", "Khác")),
    ("", pgettext_lazy("recognition report: sex", "Không rõ")),
)
# the figures' names, on the screen (the template's headers) and in the file
LABELS = {
    "number": pgettext_lazy("recognition report", "STT"),
    "node": pgettext_lazy("recognition report", "Đơn vị"),
    "registered": pgettext_lazy("recognition report", "Số đăng ký"),
    "submitted": pgettext_lazy("recognition report", "Đã nộp"),
    "returned": pgettext_lazy("recognition report", "Trả lại"),
    "unit_approved": pgettext_lazy("recognition report", "Đơn vị đã duyệt"),
    "approved": pgettext_lazy("recognition report", "Đã duyệt"),
    "recognised": pgettext_lazy("recognition report", "Đã công nhận"),
    "not_passed": pgettext_lazy("recognition report", "Không đạt"),
    "rate": pgettext_lazy("recognition report", "Tỉ lệ công nhận (%)"),
    "grades": pgettext_lazy("recognition report", "Xếp loại (hồ sơ đã duyệt)"),
    "no_grade": pgettext_lazy("recognition report", "Chưa xếp loại"),
    "bands": pgettext_lazy("recognition report", "Độ tuổi (số đăng ký)"),
    "sexes": pgettext_lazy("recognition report", "Giới tính (số đăng ký)"),
    "previous": pgettext_lazy("recognition report", "So với năm trước"),
    "previous_recognised": pgettext_lazy("recognition report", "Năm trước: đã công nhận"),
    "change": pgettext_lazy("recognition report", "Tăng/giảm"),
    "total": pgettext_lazy("recognition report", "Tổng cộng"),
    "funnel": pgettext_lazy("recognition report", "Tiến độ"),
    "by_node": pgettext_lazy("recognition report", "Đã công nhận theo đơn vị"),
    "sheet": pgettext_lazy("recognition report", "Báo cáo"),
}
FUNNEL = (
    "registered",
    "submitted",
    "returned",
    "unit_approved",
    "approved",
    "recognised",
    "not_passed",
)
NO_GRADE = ""

# one count key: (status, grade, sex, age band); the grade is kept for approved ones only
Key = tuple[str, str, str, str]


def age_band(birth_year: int | None, year: int) -> str:
    """The band of someone born in `birth_year`, in the cycle's `year`."""
    if birth_year is None:
        return "khong_ro"
    age = year - birth_year
    if age < 25:
        return "duoi_25"
    if age < 40:
        return "25_39"
    if age < 60:
        return "40_59"
    return "tu_60"


def percent(part: int, whole: int) -> float | None:
    """part / whole in per cent, one decimal, halves rounded up; None when whole is 0."""
    if not whole:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return float(value)


def signed(number: int) -> str:
    """A difference as it is printed: +3, −2 (a real minus sign), ±0."""
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"−{-number}"
    return "±0"


@dataclass(frozen=True)
class Figures:
    """The numbers of one row (one node and everything under it) for one cycle."""

    registered: int = 0
    submitted: int = 0
    returned: int = 0
    unit_approved: int = 0
    approved: int = 0
    recognised: int = 0
    not_passed: int = 0
    grades: tuple[int, ...] = ()
    bands: tuple[int, ...] = ()
    sexes: tuple[int, ...] = ()

    @property
    def rate(self) -> float | None:
        return percent(self.recognised, self.registered)

    def __sub__(self, other: Figures) -> Figures:
        values = {}
        for field in fields(self):
            mine, theirs = getattr(self, field.name), getattr(other, field.name)
            if isinstance(mine, tuple):
                values[field.name] = tuple(a - b for a, b in zip(mine, theirs, strict=True))
            else:
                values[field.name] = mine - theirs
        return Figures(**values)


def figures(counts: Counter, grades: list[str]) -> Figures:
    """Counts keyed by (status, grade, sex, band) → the report's figures."""
    by_status: Counter = Counter()
    by_grade: Counter = Counter()
    by_band: Counter = Counter()
    by_sex: Counter = Counter()
    for (status, grade, sex, band), n in counts.items():
        by_status[status] += n
        by_band[band] += n
        by_sex[sex] += n
        if status in APPROVED:
            by_grade[grade] += n
    return Figures(
        registered=sum(by_status.values()),
        submitted=sum(n for status, n in by_status.items() if status in SUBMITTED),
        returned=by_status[Status.RETURNED],
        unit_approved=by_status[Status.ACCEPTED],
        approved=by_status[Status.APPROVED] + by_status[Status.RECOGNISED],
        recognised=by_status[Status.RECOGNISED],
        not_passed=by_status[Status.NOT_PASSED],
        grades=tuple(by_grade[name] for name in grades),
        bands=tuple(by_band[key] for key, _label in AGE_BANDS),
        sexes=tuple(by_sex[key] for key, _label in SEXES),
    )


def roll_up(
    counts: Iterable[tuple[str, Key, int]], row_paths: Iterable[str], steplen: int
) -> tuple[dict[str, Counter], Counter]:
    """Each unit's counts summed into the row whose path is a prefix of the unit's path (its
    ancestor or itself), and what falls under no row (declarations at the viewed node itself).
    `counts` are (unit path, key, n); the row paths must not overlap."""
    totals = {path: Counter() for path in row_paths}
    lengths = sorted({len(path) for path in totals})
    rest: Counter = Counter()
    for unit_path, key, n in counts:
        for length in lengths:
            # a prefix of length steplen × k is the unit's ancestor at depth k
            if length % steplen == 0 and length <= len(unit_path):
                row = totals.get(unit_path[:length])
                if row is not None:
                    row[key] += n
                    break
        else:
            rest[key] += n
    return totals, rest


@dataclass(frozen=True)
class Node:
    pk: int
    name: str
    path: str
    numchild: int
    is_unit: bool


@dataclass(frozen=True)
class Row:
    node: Node
    now: Figures
    before: Figures | None  # None when there is no previous cycle
    own: bool = False  # declarations made at the viewed node itself, not under a child

    @property
    def diff(self) -> Figures | None:
        return None if self.before is None else self.now - self.before

    @property
    def changes(self) -> dict[str, str]:
        """The differences with the previous cycle as printed (+3, −2, ±0), by figure name."""
        diff = self.diff
        if diff is None:
            return {}
        return {
            name: signed(getattr(diff, name))
            for name in ("registered", "submitted", "approved", "recognised")
        }

    @property
    def drillable(self) -> bool:
        return not self.own and self.node.numchild > 0


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    before: int | None
    width: str  # per cent of the longest bar, as an SVG attribute ("63.5")
    before_width: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]


def chart(title: str, items: list[tuple[str, int, int | None]]) -> Chart:
    """Horizontal bars (this cycle, the previous one thinner under it) scaled to the largest."""
    largest = max([1] + [max(now, before or 0) for _label, now, before in items])
    return Chart(
        title,
        [
            Bar(
                label,
                now,
                before,
                f"{100 * now / largest:.1f}",
                f"{100 * (before or 0) / largest:.1f}",
            )
            for label, now, before in items
        ],
    )


@dataclass(frozen=True)
class Report:
    cycle: Cycle
    previous: Cycle | None
    node: Node | None  # the node whose children are the rows; None: the user's subtrees
    crumbs: list[Node]  # from the highest node the user may see down to `node`
    grades: list[str]
    rows: list[Row]
    total: Row
    made_on: datetime.date

    @property
    def title(self) -> str:
        return _("Báo cáo kết quả đánh giá, công nhận %(model)s năm %(year)s") % {
            "model": self.cycle.get_model_display(),
            "year": self.cycle.year,
        }

    @property
    def organisation_name(self) -> str:
        if self.node is not None:
            return self.node.name
        return "; ".join(row.node.name for row in self.rows)

    @property
    def grade_labels(self) -> list[str]:
        return [name or str(LABELS["no_grade"]) for name in self.grades]

    @property
    def band_labels(self) -> list[str]:
        return [str(label) for _key, label in AGE_BANDS]

    @property
    def sex_labels(self) -> list[str]:
        return [str(label) for _key, label in SEXES]

    def charts(self) -> list[Chart]:
        now, before = self.total.now, self.total.before
        last = (lambda name: getattr(before, name)) if before else (lambda _name: None)

        def tuple_items(labels, name):
            values = getattr(now, name)
            old = getattr(before, name) if before else (None,) * len(values)
            return list(zip(labels, values, old, strict=True))

        ranked = sorted(self.rows, key=lambda row: (-row.now.recognised, row.node.path))[:15]
        return [
            chart(
                str(LABELS["funnel"]),
                [(str(LABELS[n]), getattr(now, n), last(n)) for n in FUNNEL],
            ),
            chart(str(LABELS["grades"]), tuple_items(self.grade_labels, "grades")),
            chart(str(LABELS["bands"]), tuple_items(self.band_labels, "bands")),
            chart(str(LABELS["sexes"]), tuple_items(self.sex_labels, "sexes")),
            chart(
                str(LABELS["by_node"]),
                [
                    (row.node.name, row.now.recognised, row.before and row.before.recognised)
                    for row in ranked
                ],
            ),
        ]


def cycles_in_scope(paths: list[str] | None) -> list[Cycle]:
    """Cycles opened in or above the user's subtrees, or under them; newest first."""
    cycles = (
        Cycle.objects.select_related("organisation")
        .annotate(has_declarations=Exists(Declaration.objects.filter(cycle=OuterRef("pk"))))
        .order_by("-year", "-created_at", "-pk")
    )
    if paths is None:
        return list(cycles)
    return [
        cycle
        for cycle in cycles
        if any(
            cycle.organisation.path.startswith(p) or p.startswith(cycle.organisation.path)
            for p in paths
        )
    ]


def scope_roots(cycle: Cycle, paths: list[str] | None) -> list[str]:
    """The subtrees of the cycle the user may see: the cycle's own organisation when the user's
    scope covers it, else the user's roots inside it."""
    top = cycle.organisation.path
    if paths is None or any(top.startswith(p) for p in paths):
        return [top]
    return [p for p in paths if p.startswith(top)]


def may_view(cycle: Cycle, paths: list[str] | None, node: Organisation) -> bool:
    return any(node.path.startswith(root) for root in scope_roots(cycle, paths))


def default_node(cycle: Cycle, paths: list[str] | None) -> Organisation | None:
    """The node a report opens on: the one subtree the user sees, or None when there are several
    (the rows are then those subtrees' tops)."""
    roots = scope_roots(cycle, paths)
    if roots == [cycle.organisation.path]:
        return cycle.organisation
    if len(roots) == 1:
        return Organisation.objects.get(path=roots[0])
    return None


def _node(org: dict) -> Node:
    return Node(org["pk"], org["name"], org["path"], org["numchild"], org["is_unit"])


# the same bands as `age_band`, in SQL (the age is counted in each declaration's own cycle year)
AGE_BAND_SQL = Case(
    When(birth_year__isnull=True, then=Value("khong_ro")),
    When(report_age__lt=25, then=Value("duoi_25")),
    When(report_age__lt=40, then=Value("25_39")),
    When(report_age__lt=60, then=Value("40_59")),
    default=Value("tu_60"),
    output_field=CharField(),
)


def grouped_counts(
    cycle_ids: list[int], roots: list[str], depth_length: int | None = None
) -> list[tuple[int, str, Key, int]]:
    """One grouped query: (cycle id, unit path, (status, grade, sex, band), n). With
    `depth_length` the unit paths are cut to that length first, i.e. grouped by their ancestor at
    that depth (a unit above it keeps its own, shorter path): far fewer rows to sum in Python."""
    unit_path = F("unit__path") if depth_length is None else Substr("unit__path", 1, depth_length)
    rows = (
        Declaration.objects.filter(cycle_id__in=cycle_ids)
        .filter(path_q(roots, "unit__path"))
        .annotate(
            report_age=Cast("cycle__year", IntegerField()) - Cast("birth_year", IntegerField())
        )
        .annotate(
            report_path=unit_path,
            report_band=AGE_BAND_SQL,
            report_grade=Case(
                When(status__in=APPROVED, then=F("grade")),
                default=Value(NO_GRADE),
                output_field=CharField(),
            ),
        )
        .values("cycle_id", "report_path", "status", "report_grade", "sex", "report_band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        (
            row["cycle_id"],
            row["report_path"],
            (row["status"], row["report_grade"], row["sex"], row["report_band"]),
            row["n"],
        )
        for row in rows
    ]


def build(
    cycle: Cycle,
    paths: list[str] | None,
    node: Organisation | None,
    today: datetime.date | None = None,
) -> Report:
    """The report of `cycle` on `node`'s children (or on the user's subtrees when node is None).
    The caller checks `may_view(cycle, paths, node)` first."""
    steplen = Organisation.steplen
    if node is not None:
        tops = [r for r in scope_roots(cycle, paths) if node.path.startswith(r)]
        top = max(tops, key=len)
        crumb_paths = [node.path[:k] for k in range(len(top), len(node.path) + 1, steplen)]
        orgs = Organisation.objects.filter(
            Q(path__in=crumb_paths) | Q(path__startswith=node.path, depth=node.depth + 1)
        )
        roots = [node.path]
    else:
        crumb_paths = []
        roots = scope_roots(cycle, paths)
        orgs = Organisation.objects.filter(path__in=roots)
    orgs = [
        _node(org)
        for org in orgs.order_by("path").values("pk", "name", "path", "numchild", "is_unit")
    ]
    crumbs = [org for org in orgs if org.path in crumb_paths]
    row_nodes = [org for org in orgs if org.path not in crumb_paths]
    viewed = crumbs[-1] if crumbs else None

    previous = cycle.previous_cycle()
    lengths = {len(org.path) for org in row_nodes}
    counted = grouped_counts(
        [cycle.pk] + ([previous.pk] if previous else []),
        roots,
        lengths.pop() if len(lengths) == 1 else None,
    )
    grades = list(
        Grade.objects.filter(criteria_set_id=cycle.criteria_set_id).values_list("name", flat=True)
    )
    seen = {key[1] for _cycle, _path, key, _n in counted if key[0] in APPROVED}
    grades += sorted(seen - set(grades))

    def rows_of(cycle_id: int) -> tuple[dict[str, Counter], Counter]:
        return roll_up(
            ((path, key, n) for c, path, key, n in counted if c == cycle_id),
            [org.path for org in row_nodes],
            steplen,
        )

    now, now_own = rows_of(cycle.pk)
    before, before_own = rows_of(previous.pk) if previous else ({}, Counter())

    def row(org: Node, counts: Counter, old: Counter | None, own: bool = False) -> Row:
        return Row(
            org,
            figures(counts, grades),
            None if previous is None else figures(old or Counter(), grades),
            own,
        )

    rows = [row(org, now[org.path], before.get(org.path)) for org in row_nodes]
    if viewed is not None and (now_own or before_own):
        rows.insert(0, row(viewed, now_own, before_own, own=True))
    total_now = sum(now.values(), Counter()) + now_own
    total_before = sum(before.values(), Counter()) + before_own
    total = row(viewed or Node(0, "", "", 0, False), total_now, total_before)
    return Report(
        cycle=cycle,
        previous=previous,
        node=viewed,
        crumbs=crumbs,
        grades=grades,
        rows=rows,
        total=total,
        made_on=today or timezone.localdate(),
    )


def table_header(report: Report) -> tuple[list[tuple[int, int, str]], list[str]]:
    """The XLSX header: groups as (first column, last column, label), 1-based, and one label per
    column."""
    columns = [str(LABELS[name]) for name in ("number", "node", *FUNNEL, "rate")]
    groups = []
    for label, names in (
        (LABELS["grades"], report.grade_labels),
        (LABELS["bands"], report.band_labels),
        (LABELS["sexes"], report.sex_labels),
        (LABELS["previous"], [str(LABELS["previous_recognised"]), str(LABELS["change"])]),
    ):
        if names:
            groups.append((len(columns) + 1, len(columns) + len(names), str(label)))
            columns += names
    return groups, columns


def table_row(number: int | None, name: str, row: Row) -> list:
    now, before = row.now, row.before
    return [
        number,
        name,
        now.registered,
        now.submitted,
        now.returned,
        now.unit_approved,
        now.approved,
        now.recognised,
        now.not_passed,
        now.rate,
        *now.grades,
        *now.bands,
        *now.sexes,
        None if before is None else before.recognised,
        None if before is None else now.recognised - before.recognised,
    ]


def xlsx(report: Report) -> bytes:
    """The report as associations send it upward: a title, the organisation and the date, one
    row per node under it and a total row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    groups, columns = table_header(report)
    book = Workbook()
    sheet = book.active
    sheet.title = str(LABELS["sheet"])
    bold = Font(bold=True)
    last = get_column_letter(len(columns))
    sheet.append([neutralise(report.title.upper())])
    sheet.append([neutralise(report.organisation_name)])
    sheet.append([_("Ngày lập: %(date)s") % {"date": report.made_on.strftime("%d/%m/%Y")}])
    if report.previous is not None:
        sheet.append([neutralise(_("So với: %(cycle)s") % {"cycle": report.previous.title})])
    else:
        sheet.append([_("Không có đợt năm trước để so sánh.")])
    for line in range(1, 5):
        sheet.merge_cells(f"A{line}:{last}{line}")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet["A2"].alignment = Alignment(horizontal="center")
    group_row = [None] * len(columns)
    for first, _last, label in groups:
        group_row[first - 1] = label
    sheet.append(group_row)
    for first, end, _label in groups:
        sheet.merge_cells(start_row=5, start_column=first, end_row=5, end_column=end)
    sheet.append(columns)
    for line in (5, 6):
        for cell in sheet[line]:
            cell.font = bold
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, row in enumerate(report.rows, start=1):
        name = row.node.name
        if row.own:
            name = _("%(name)s (khai trực tiếp)") % {"name": name}
        sheet.append([neutralise(value) for value in table_row(number, name, row)])
    sheet.append(table_row(None, str(LABELS["total"]), report.total))
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    rate_column = columns.index(str(LABELS["rate"])) + 1
    for (cell,) in sheet.iter_rows(min_row=7, min_col=rate_column, max_col=rate_column):
        cell.number_format = "0.0"
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 40
    for index in range(3, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.freeze_panes = "C7"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
