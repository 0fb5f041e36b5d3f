"""The learning record: what the learner's page shows and what their data download holds.

Each function runs a fixed number of queries however long the record is.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.models import Site

from hub.federation import attach_centres
from hub.pagekit import public_only
from lessons.models import CourseLesson, LessonPage

from .models import Certificate, Enrolment, Learner, LessonProgress, QuizAttempt, SavedLesson
from .phones import display

CONTINUE_LIMIT = 6


def best_scores(learner: Learner, lesson_ids=None) -> dict[int, dict]:
    """{lesson id: {"correct", "total", "passed"}} of the learner's best attempt per lesson."""
    attempts = QuizAttempt.objects.filter(learner=learner)
    if lesson_ids is not None:
        attempts = attempts.filter(lesson_id__in=lesson_ids)
    best: dict[int, dict] = {}
    for lesson_id, correct, total, passed in attempts.values_list(
        "lesson_id", "correct", "total", "passed"
    ):
        held = best.get(lesson_id)
        if held is None or correct * held["total"] > held["correct"] * total:
            best[lesson_id] = {"correct": correct, "total": total, "passed": passed}
        elif passed:
            held["passed"] = True
    return best


def overview(learner: Learner) -> dict:
    progress = list(
        LessonProgress.objects.filter(learner=learner, lesson__live=True)
        .select_related("lesson")
        .order_by("-last_opened_at")
    )
    going = [row for row in progress if row.completed_at is None][:CONTINUE_LIMIT]
    attach_centres([row.lesson for row in going])
    enrolments = list(
        Enrolment.objects.filter(learner=learner)
        .select_related("course", "certificate")
        .order_by("completed_at", "-enrolled_at")
    )
    done = {row.lesson_id for row in progress if row.completed_at}
    if enrolments:
        per_course: dict[int, list[int]] = {}
        for course_id, lesson_id in CourseLesson.objects.filter(
            course_id__in=[e.course_id for e in enrolments], lesson__live=True
        ).values_list("course_id", "lesson_id"):
            per_course.setdefault(course_id, []).append(lesson_id)
        for enrolment in enrolments:
            lessons = per_course.get(enrolment.course_id, [])
            enrolment.lessons_total = len(lessons)
            enrolment.lessons_done = sum(1 for pk in lessons if pk in done)
    saved = list(
        SavedLesson.objects.filter(learner=learner, lesson__live=True).select_related("lesson")
    )
    attach_centres([row.lesson for row in saved])
    return {
        "continue_learning": going,
        "lessons_done": len(done),
        "minutes": sum(row.seconds for row in progress) // 60,
        "enrolments": enrolments,
        "saved": saved,
    }


# Other apps that keep data about a learner (recognition: self-assessments) add a section to the
# download: (key in the JSON, title in the readable copy, function(learner) -> list of flat dicts).
EXPORT_SECTIONS: list[tuple[str, str, object]] = []


def register_export(key: str, title, rows) -> None:
    if all(existing[0] != key for existing in EXPORT_SECTIONS):
        EXPORT_SECTIONS.append((key, title, rows))


def extra_sections(data: dict) -> list[tuple[str, list[dict]]]:
    """The registered sections of an export, as (title, rows) for the readable copy."""
    return [(str(title), data.get(key, [])) for key, title, _rows in EXPORT_SECTIONS]


def export(learner: Learner) -> dict:
    """Everything kept about the learner, in their language, for the download."""
    progress = LessonProgress.objects.filter(learner=learner).select_related("lesson")
    attempts = QuizAttempt.objects.filter(learner=learner).select_related("lesson")
    enrolments = Enrolment.objects.filter(learner=learner).select_related("course")
    certificates = Certificate.objects.filter(enrolment__learner=learner)
    saved = SavedLesson.objects.filter(learner=learner).select_related("lesson")
    last_login = learner.user.last_login
    return {
        "tai_khoan": {
            "ho_ten": learner.name,
            "so_dien_thoai": display(learner.phone),
            "nam_sinh": learner.birth_year,
            "trung_tam": learner.home_centre.title,
            "ngay_dang_ky": learner.created_at.isoformat(),
            "da_xac_nhan_so": learner.phone_verified_at.isoformat()
            if learner.phone_verified_at
            else None,
            "dong_y_dieu_khoan_luc": learner.consent_at.isoformat(),
            "dang_nhap_gan_nhat": last_login.isoformat() if last_login else None,
        },
        "bai_hoc": [
            {
                "bai": row.lesson.title,
                "mo_lan_dau": row.first_opened_at.isoformat(),
                "mo_gan_nhat": row.last_opened_at.isoformat(),
                "thoi_gian_hoc_giay": row.seconds,
                "hoc_xong_luc": row.completed_at.isoformat() if row.completed_at else None,
            }
            for row in progress
        ],
        "bai_kiem_tra": [
            {
                "bai": row.lesson.title,
                "luc": row.created_at.isoformat(),
                "dung": row.correct,
                "tong_so_cau": row.total,
                "dat": row.passed,
                "cau_tra_loi": row.answers,
            }
            for row in attempts
        ],
        "khoa_hoc": [
            {
                "khoa": row.course.title,
                "dang_ky_luc": row.enrolled_at.isoformat(),
                "hoan_thanh_luc": row.completed_at.isoformat() if row.completed_at else None,
            }
            for row in enrolments
        ],
        "chung_nhan": [
            {
                "so_hieu": row.serial,
                "khoa": row.course_title,
                "don_vi": row.centre_name,
                "ngay_cap": row.issued_on.isoformat(),
            }
            for row in certificates
        ],
        "bai_da_luu": [
            {"bai": row.lesson.title, "luu_luc": row.saved_at.isoformat()} for row in saved
        ],
        **{key: rows(learner) for key, _title, rows in EXPORT_SECTIONS},
    }


def lessons_by_url(request, urls: list[str]) -> list[LessonPage]:
    """The live public lessons of this request's site at these addresses (paths or full URLs
    of this host; one query)."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    root = site.root_page.url_path
    paths = set()
    for url in urls:
        parts = urlsplit(url)
        if parts.netloc and parts.hostname != site.hostname:
            continue
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        paths.add(root + path.lstrip("/"))
    if not paths:
        return []
    return list(public_only(LessonPage.objects.live()).filter(url_path__in=paths))


def saved_on_site(request, learner: Learner) -> list[dict]:
    """The learner's saved lessons that live on this request's site: [{url, title}]."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    rows = SavedLesson.objects.filter(
        learner=learner, lesson__live=True, lesson__path__startswith=site.root_page.path
    ).select_related("lesson")
    return [{"url": row.lesson.relative_url(site), "title": row.lesson.title} for row in rows]
