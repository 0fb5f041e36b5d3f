"""Events' dates: checks on save, weekly classes expanded with dateutil, attendance as evidence
for the learning-models self-assessment."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Attendance, EventIndexPage, EventPage, parse_exception_dates

pytestmark = pytest.mark.django_db


def at(day, hour=8, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def index(centre_a):
    return EventIndexPage.objects.child_of(centre_a.site.root_page).get()


def make(index, **fields):
    base = {
        "title": "Lớp thử",
        "kind": "lop_hoc",
        "place": "Phòng 1",
        "starts_at": at(datetime.date(2026, 10, 5), 19),
        "ends_at": at(datetime.date(2026, 10, 5), 20, 30),
    }
    event = EventPage(**{**base, **fields})
    index.add_child(instance=event)
    return event


def test_bad_dates_are_refused_with_vietnamese_messages(index):
    start = at(datetime.date(2026, 10, 5), 19)
    cases = [
        ({"ends_at": start - datetime.timedelta(hours=1)}, "ends_at", "Giờ kết thúc phải sau"),
        ({"ends_at": start + datetime.timedelta(days=40)}, "ends_at", "dài quá 31 ngày"),
        ({"repeat_days": "0,2"}, "repeat_until", "cần ngày kết thúc"),
        (
            {"repeat_days": "0,9", "repeat_until": datetime.date(2026, 12, 1)},
            "repeat_days",
            "Thứ Hai",
        ),
        ({"repeat_until": datetime.date(2026, 12, 1)}, "repeat_days", "Hãy chọn ngày học"),
        (
            {"repeat_days": "0", "repeat_until": datetime.date(2026, 9, 1)},
            "repeat_until",
            "phải sau buổi đầu",
        ),
        (
            {
                "repeat_days": "0",
                "repeat_until": datetime.date(2026, 12, 1),
                "exceptions": "12/10/2026\n31/02/2026\nthứ hai",
            },
            "exceptions",
            "31/02/2026, thứ hai",
        ),
    ]
    for fields, field, message in cases:
        base = {
            "title": "X",
            "kind": "lop_hoc",
            "place": "P",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
        }
        event = EventPage(**{**base, **fields})
        with pytest.raises(ValidationError) as caught:
            event.clean()
        assert field in caught.value.message_dict
        assert message in " ".join(caught.value.message_dict[field])
    assert EventPage.objects.filter(title="X").count() == 0


def test_a_weekly_class_meets_on_its_days_until_its_end_except_days_off(index):
    event = make(
        index,
        repeat_days="2,0",
        repeat_until=datetime.date(2026, 10, 21),
        exceptions="14/10/2026",
    )
    days = [timezone.localdate(s) for s, _e in event.occurrences()]
    assert days == [
        datetime.date(2026, 10, 5),
        datetime.date(2026, 10, 7),
        datetime.date(2026, 10, 12),
        datetime.date(2026, 10, 19),
        datetime.date(2026, 10, 21),
    ]
    assert event.repeat_days == "0,2"
    window = event.occurrences(
        start=at(datetime.date(2026, 10, 8)), end=at(datetime.date(2026, 10, 20))
    )
    assert [timezone.localdate(s) for s, _e in window] == [
        datetime.date(2026, 10, 12),
        datetime.date(2026, 10, 19),
    ]
    assert event.last_ends_at == at(datetime.date(2026, 10, 21), 20, 30)
    single = make(index, title="Khai giảng", kind="khai_giang", slug="khai-giang-thu")
    assert single.occurrences() == [(single.starts_at, single.ends_at)]


def test_exception_dates_accept_common_shapes():
    found, bad = parse_exception_dates("02/09/2026, 2026-09-03\n04-09-2026\n\n 05/09/26 \nabc")
    assert found == {datetime.date(2026, 9, d) for d in (2, 3, 4, 5)}
    assert bad == ["abc"]


def test_attendance_is_offered_as_evidence_in_the_self_assessment(index, centre_a):
    from recognition.evidence import offered
    from tests.recognition.conftest import make_learner

    learner = make_learner(centre_a, phone="+84912000111")
    event = make(index, title="Nói chuyện chuyên đề sức khoẻ", kind="noi_chuyen", slug="noi-chuyen")
    Attendance.objects.create(
        event=event,
        day=datetime.date(2026, 10, 5),
        learner=learner,
        name=learner.name,
        phone=learner.phone,
        how="qr",
    )
    items = [i for i in offered(learner) if i["source"].startswith("event:")]
    assert items == [
        {
            "source": f"event:{event.pk}",
            "label": "Tham dự “Nói chuyện chuyên đề sức khoẻ”",
            "date": datetime.date(2026, 10, 5),
        }
    ]


def test_registrations_and_attendance_are_in_the_learners_download(client, index, centre_a):
    import json

    from django.urls import reverse

    from events.models import Registration
    from tests.recognition.conftest import make_learner

    learner = make_learner(centre_a, phone="+84912000222")
    event = make(index, title="Khai giảng lớp vẽ", kind="khai_giang", slug="khai-giang-ve")
    Registration.objects.create(
        event=event, learner=learner, name=learner.name, phone=learner.phone, status="da_dang_ky"
    )
    Attendance.objects.create(
        event=event,
        day=datetime.date(2026, 10, 5),
        learner=learner,
        name=learner.name,
        phone=learner.phone,
        how="can_bo",
    )
    client.force_login(learner.user)
    data = json.loads(client.get(reverse("learners:export_json")).content)
    assert [r["hoat_dong"] for r in data["dang_ky_hoat_dong"]] == ["Khai giảng lớp vẽ"]
    assert data["diem_danh"] == [
        {
            "hoat_dong": "Khai giảng lớp vẽ",
            "buoi": "2026-10-05",
            "diem_danh_luc": data["diem_danh"][0]["diem_danh_luc"],
            "cach": "Cán bộ điểm danh",
        }
    ]
    learner.user.delete()
    assert not Registration.objects.filter(event=event).exists()
    assert not Attendance.objects.filter(event=event).exists()
