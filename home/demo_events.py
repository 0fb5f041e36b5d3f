"""The demo's events: this year's Lifelong Learning Week (October) in every centre and on the hub,
an opening ceremony next month and a weekly class at each centre, registrations of the demo
learners, and attendance at the Week (so the learning record and the reports have some)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from events.models import Attendance, EventIndexPage, EventPage, Registration
from hub.models import Centre
from learners.models import Learner

from .models import HubHomePage

WEEK_TITLE = "Tuần lễ hưởng ứng học tập suốt đời 2026"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _add(index: EventIndexPage, **fields) -> EventPage:
    event = EventPage(**fields)
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def _index(home) -> EventIndexPage | None:
    return EventIndexPage.objects.child_of(home).first()


def load_events_demo(centres: list, log: Callable[[str], None] = print) -> None:
    hub = HubHomePage.objects.first()
    hub_index = _index(hub) if hub else None
    if hub_index is None or EventPage.objects.filter(title=WEEK_TITLE).exists():
        return
    today = timezone.localdate()
    week_start = datetime.date(2026, 10, 1)
    _add(
        hub_index,
        title=WEEK_TITLE,
        slug="tuan-le-hoc-tap-suot-doi-2026",
        kind=EventPage.Kind.WEEK,
        place="Các trung tâm học tập cộng đồng toàn thành phố",
        starts_at=_at(week_start, 7, 30),
        ends_at=_at(week_start + datetime.timedelta(days=6), 17),
        audience="Mọi người dân",
        summary="Khai mạc tại Nhà văn hoá trung tâm; mỗi trung tâm có hoạt động đọc sách, "
        "chuyên đề và giao lưu trong tuần.",
        registration_open=False,
    )
    first_monday = today + datetime.timedelta(days=(7 - today.weekday()) % 7 or 7)
    made = 1
    learners = {centre_id: list(rows) for centre_id, rows in _learners_by_centre().items()}
    registrations, attendance = [], []
    for name, _slug, *_rest in centres:
        centre = Centre.objects.with_site().filter(name=name).first()
        index = _index(centre.site.root_page) if centre else None
        if index is None:
            continue
        week = _add(
            index,
            title=f"Tuần lễ học tập suốt đời tại {name}",
            slug="tuan-le-2026",
            kind=EventPage.Kind.WEEK,
            place=f"Trung tâm học tập cộng đồng {name}",
            starts_at=_at(week_start + datetime.timedelta(days=1), 8),
            ends_at=_at(week_start + datetime.timedelta(days=1), 11),
            capacity=80,
            summary="Đọc sách cùng con cháu, nói chuyện chuyên đề về sức khoẻ người cao tuổi.",
        )
        opening = _add(
            index,
            title="Khai giảng lớp tin học cho người cao tuổi",
            slug="khai-giang-tin-hoc",
            kind=EventPage.Kind.OPENING,
            place=f"Phòng máy, trung tâm {name}",
            starts_at=_at(today + datetime.timedelta(days=12), 8),
            ends_at=_at(today + datetime.timedelta(days=12), 10),
            capacity=25,
            audience="Người từ 55 tuổi",
            summary="Dùng điện thoại thông minh, VNeID và học trực tuyến trên hệ thống.",
        )
        _add(
            index,
            title="Lớp tiếng Anh giao tiếp buổi tối",
            slug="lop-tieng-anh-giao-tiep",
            kind=EventPage.Kind.CLASS,
            place=f"Phòng học 2, trung tâm {name}",
            starts_at=_at(first_monday, 19),
            ends_at=_at(first_monday, 20, 30),
            capacity=30,
            repeat_days="0,2",
            repeat_until=first_monday + datetime.timedelta(weeks=12),
            exceptions=(first_monday + datetime.timedelta(weeks=4)).strftime("%d/%m/%Y"),
            audience="Thanh niên, người lao động",
        )
        made += 3
        for learner in learners.get(centre.pk, [])[:6]:
            registrations.append(
                Registration(
                    event=opening,
                    learner=learner,
                    name=learner.name,
                    phone=learner.phone,
                    status=Registration.Status.REGISTERED,
                )
            )
            attendance.append(
                Attendance(
                    event=week,
                    day=timezone.localdate(week.starts_at),
                    learner=learner,
                    name=learner.name,
                    phone=learner.phone,
                    how=Attendance.How.QR,
                    checked_in_at=week.starts_at + datetime.timedelta(minutes=10),
                )
            )
    Registration.objects.bulk_create(registrations)
    Attendance.objects.bulk_create(attendance)
    log(
        f"  + Lịch hoạt động: {made} hoạt động, {len(registrations)} đăng ký, "
        f"{len(attendance)} lượt điểm danh"
    )


def _learners_by_centre() -> dict[int, list[Learner]]:
    grouped: dict[int, list[Learner]] = {}
    for learner in Learner.objects.filter(user__username__startswith="demo-").order_by("pk")[:400]:
        grouped.setdefault(learner.home_centre_id, []).append(learner)
    for learner in Learner.objects.exclude(user__username__startswith="demo-").order_by("pk"):
        grouped.setdefault(learner.home_centre_id, []).insert(0, learner)
    return grouped
