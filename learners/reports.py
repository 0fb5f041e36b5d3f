"""The staff report "Người học và khoá học": per centre and period, learners registered,
enrolments and completions per course, quiz pass rates per lesson, counts per week; an XLSX copy.

Scope: centre staff see their centres (learners whose home centre it is, the courses and lessons
published on its site); hub staff every centre. Every figure is one grouped query, so the report
runs the same number of queries however many learners, lessons or centres there are.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from hub.models import Centre
from hub.spreadsheets import neutralise
from lessons.models import CoursePage

from .models import Enrolment, Learner, LessonProgress, QuizAttempt

PERIODS = {"30": 30, "90": 90, "365": 365}
DEFAULT_PERIOD = "90"


@dataclass
class Scope:
    centres: list[Centre]  # the centres reported on
    network: bool  # hub staff: every centre

    @property
    def roots(self) -> dict[str, Centre]:
        return {centre.root_path: centre for centre in self.centres}


def scope_for(user, centre_id: str | None = None) -> Scope | None:
    """None when the user is no centre's staff; hub staff may narrow to one centre."""
    confined = Centre.objects.confining(user)
    if confined == []:
        return None
    if confined is None:
        centres = list(Centre.objects.with_site().order_by("name"))
        if centre_id and centre_id.isdigit():
            chosen = [c for c in centres if c.pk == int(centre_id)]
            if chosen:
                return Scope(chosen, network=False)
        return Scope(centres, network=True)
    return Scope(sorted(confined, key=lambda c: c.name), network=False)


def _path_filter(field: str, scope: Scope) -> Q:
    """Pages under the scope's centres' roots (every page for the whole network)."""
    if scope.network:
        return Q()
    condition = Q(pk__in=[])
    for root in scope.roots:
        condition |= Q(**{f"{field}__startswith": root})
    return condition


def build(scope: Scope, since: datetime.datetime) -> dict:
    learners = Learner.objects.filter(home_centre__in=scope.centres)
    per_centre = {
        row["home_centre_id"]: row
        for row in learners.values("home_centre_id").annotate(
            total=Count("pk"),
            new=Count("pk", filter=Q(created_at__gte=since)),
            verified=Count("pk", filter=Q(phone_verified_at__isnull=False)),
        )
    }
    centres = [
        {
            "centre": centre,
            "total": per_centre.get(centre.pk, {}).get("total", 0),
            "new": per_centre.get(centre.pk, {}).get("new", 0),
            "verified": per_centre.get(centre.pk, {}).get("verified", 0),
        }
        for centre in scope.centres
    ]

    courses = list(
        CoursePage.objects.filter(_path_filter("path", scope))
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__enrolled_at__gte=since)),
            completed=Count("enrolments", filter=Q(enrolments__completed_at__gte=since)),
            enrolled_all=Count("enrolments"),
        )
        .order_by("-enrolled_all", "title")
        .values("pk", "title", "path", "live", "enrolled", "completed", "enrolled_all")
    )

    lesson_filter = _path_filter("lesson__path", scope)
    quiz_rows = list(
        QuizAttempt.objects.filter(lesson_filter, created_at__gte=since)
        .values("lesson_id", "lesson__title", "lesson__path")
        .annotate(
            attempts=Count("pk"),
            learners=Count("learner", distinct=True),
            passed_learners=Count("learner", filter=Q(passed=True), distinct=True),
        )
        .order_by("-attempts", "lesson__title")[:50]
    )
    for row in quiz_rows:
        row["rate"] = (
            round(100 * row["passed_learners"] / row["learners"]) if row["learners"] else 0
        )
    done_rows = dict(
        LessonProgress.objects.filter(lesson_filter, completed_at__gte=since)
        .values("lesson_id")
        .annotate(n=Count("pk"))
        .values_list("lesson_id", "n")
    )
    for row in quiz_rows:
        row["completed"] = done_rows.get(row["lesson_id"], 0)

    weeks = _weeks(scope, learners, since)
    return {
        "centres": centres,
        "totals": {
            "total": sum(row["total"] for row in centres),
            "new": sum(row["new"] for row in centres),
            "verified": sum(row["verified"] for row in centres),
            "enrolled": sum(row["enrolled"] for row in courses),
            "completed": sum(row["completed"] for row in courses),
            "lessons_done": sum(done_rows.values()),
        },
        "courses": courses,
        "quizzes": quiz_rows,
        "weeks": weeks,
    }


def _weeks(scope: Scope, learners, since) -> list[dict]:
    """Per week of the period: new learners, lessons finished, courses completed."""
    lesson_filter = _path_filter("lesson__path", scope)
    course_filter = _path_filter("course__path", scope)

    def per_week(queryset, field):
        return dict(
            queryset.filter(**{f"{field}__gte": since})
            .annotate(week=TruncWeek(field))
            .values("week")
            .annotate(n=Count("pk"))
            .values_list("week", "n")
        )

    new = per_week(learners, "created_at")
    done = per_week(LessonProgress.objects.filter(lesson_filter), "completed_at")
    completed = per_week(Enrolment.objects.filter(course_filter), "completed_at")
    weeks = []
    tz = timezone.get_current_timezone()
    start = timezone.localtime(since, tz)
    monday = (start - datetime.timedelta(days=start.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    today = timezone.localtime(timezone.now(), tz)
    keyed = {}
    for table, name in ((new, "new"), (done, "done"), (completed, "completed")):
        for week, n in table.items():
            keyed.setdefault(timezone.localtime(week, tz).date(), {})[name] = n
    while monday <= today:
        values = keyed.get(monday.date(), {})
        weeks.append(
            {
                "week": monday.date(),
                "new": values.get("new", 0),
                "done": values.get("done", 0),
                "completed": values.get("completed", 0),
            }
        )
        monday += datetime.timedelta(days=7)
    peak = max([1] + [max(w["new"], w["done"], w["completed"]) for w in weeks])
    for week in weeks:
        week["new_pct"] = round(100 * week["new"] / peak)
        week["done_pct"] = round(100 * week["done"] / peak)
        week["completed_pct"] = round(100 * week["completed"] / peak)
    return weeks


def xlsx(report: dict, title: str) -> bytes:
    """The report as a workbook: one sheet per table, headers in Vietnamese."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    bold = Font(bold=True)

    def sheet(name, headers, rows, first=False):
        ws = book.active if first else book.create_sheet()
        ws.title = name
        ws.append([title])
        ws["A1"].font = bold
        ws.append(headers)
        for cell in ws[2]:
            cell.font = bold
        for row in rows:
            ws.append([neutralise(value) for value in row])
        for column in ws.columns:
            width = max(len(str(cell.value or "")) for cell in column[1:]) if ws.max_row > 1 else 10
            ws.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))

    sheet(
        "Người học",
        ["Trung tâm", "Tổng số người học", "Đăng ký mới trong kỳ", "Đã xác nhận số"],
        [(r["centre"].title, r["total"], r["new"], r["verified"]) for r in report["centres"]],
        first=True,
    )
    sheet(
        "Khoá học",
        ["Khoá học", "Đăng ký trong kỳ", "Hoàn thành trong kỳ", "Tổng số đăng ký"],
        [(r["title"], r["enrolled"], r["completed"], r["enrolled_all"]) for r in report["courses"]],
    )
    sheet(
        "Câu hỏi ôn tập",
        ["Bài học", "Lượt làm", "Người làm", "Người đạt", "Tỉ lệ đạt (%)", "Lượt học xong"],
        [
            (
                r["lesson__title"],
                r["attempts"],
                r["learners"],
                r["passed_learners"],
                r["rate"],
                r["completed"],
            )
            for r in report["quizzes"]
        ],
    )
    sheet(
        "Theo tuần",
        ["Tuần bắt đầu", "Người học mới", "Bài học xong", "Khoá hoàn thành"],
        [(w["week"], w["new"], w["done"], w["completed"]) for w in report["weeks"]],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
