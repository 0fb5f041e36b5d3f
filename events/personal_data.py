"""The learner's registrations and attendance in their data download (learners.record's export
registry); both go with the account (CASCADE from the learner)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import Attendance, Registration


def registrations(learner) -> list[dict]:
    return [
        {
            "hoat_dong": row.event.title,
            "bat_dau": row.event.starts_at.isoformat(),
            "trang_thai": row.get_status_display(),
            "dang_ky_luc": row.created_at.isoformat(),
        }
        for row in Registration.objects.filter(learner=learner).select_related("event")
    ]


def attendance(learner) -> list[dict]:
    return [
        {
            "hoat_dong": row.event.title,
            "buoi": row.day.isoformat(),
            "diem_danh_luc": row.checked_in_at.isoformat(),
            "cach": row.get_how_display(),
        }
        for row in Attendance.objects.filter(learner=learner)
        .select_related("event")
        .order_by("day")
    ]


def connect() -> None:
    from learners.record import register_export

    register_export("dang_ky_hoat_dong", _("Đăng ký hoạt động, lớp học"), registrations)
    register_export("diem_danh", _("Điểm danh"), attendance)
