"""Check-in: the learner's QR scan (signed, short-lived, one row per person per day), the staff's
QR screen, tick list and walk-ins, and staff kept to their own centre's events."""

import datetime
import time
from urllib.parse import quote

import pytest
from django.core import signing
from django.utils import timezone

from events.checkin import make_token
from events.models import Attendance, EventPage, Registration
from events.registration import register
from home.factories import UserFactory
from tests.conftest import host_of
from tests.events.test_registration import index_of
from tests.recognition.conftest import make_learner

pytestmark = pytest.mark.django_db
How = Attendance.How


def make_event_today(centre, **fields):
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    base = {
        "title": "Câu lạc bộ dưỡng sinh",
        "kind": "cau_lac_bo",
        "place": "Nhà văn hoá tổ 5",
        "starts_at": datetime.datetime.combine(today, datetime.time(0, 1), tzinfo=tz),
        "ends_at": datetime.datetime.combine(today, datetime.time(23, 58), tzinfo=tz),
    }
    event = EventPage(**{**base, **fields})
    index_of(centre).add_child(instance=event)
    return event


@pytest.fixture
def event(centre_a):
    return make_event_today(centre_a)


@pytest.fixture
def learner(centre_a):
    return make_learner(centre_a)


def scan_url(event, centre, token):
    return event.relative_url(centre.site) + "diem-danh/?ma=" + quote(token)


def test_a_scan_checks_the_learner_in_once_and_links_the_registration(
    client, event, centre_a, learner
):
    registration = register(event, learner=learner).registration
    client.force_login(learner.user)
    url = scan_url(event, centre_a, make_token(event, timezone.localdate()))

    response = client.get(url, **host_of(centre_a))
    assert response.status_code == 200
    row = Attendance.objects.get(event=event)
    assert (row.day, row.learner, row.registration, row.phone, row.how, row.name) == (
        timezone.localdate(),
        learner,
        registration,
        "+84913579246",
        How.QR,
        "Trần Văn Bình",
    )
    at = timezone.localtime(row.checked_in_at).strftime("%H:%M")
    assert f"Đã điểm danh lúc {at}." in response.content.decode()

    again = client.get(url, **host_of(centre_a))
    assert again.status_code == 200
    assert f"Bạn đã điểm danh lúc {at}." in again.content.decode()
    assert Attendance.objects.filter(event=event).count() == 1


def test_a_walk_in_learner_without_registration_may_check_in(client, event, centre_a, learner):
    client.force_login(learner.user)
    url = scan_url(event, centre_a, make_token(event, timezone.localdate()))
    assert client.get(url, **host_of(centre_a)).status_code == 200
    row = Attendance.objects.get(event=event)
    assert (row.learner, row.registration) == (learner, None)


def test_scanning_without_signing_in_goes_to_sign_in_and_back(client, event, centre_a):
    url = scan_url(event, centre_a, make_token(event, timezone.localdate()))
    response = client.get(url, **host_of(centre_a))
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/dang-nhap/?next=" + quote(url, safe="/")
    assert Attendance.objects.filter(event=event).count() == 0


def test_an_expired_code_asks_to_scan_again(client, event, centre_a, learner, monkeypatch):
    sixteen_minutes_ago = int(time.time()) - 16 * 60
    with monkeypatch.context() as patch:
        patch.setattr(
            signing.TimestampSigner,
            "timestamp",
            lambda self: signing.b62_encode(sixteen_minutes_ago),
        )
        token = make_token(event, timezone.localdate())
    client.force_login(learner.user)
    response = client.get(scan_url(event, centre_a, token), **host_of(centre_a))
    assert response.status_code == 400
    assert "Mã đã hết hạn, hãy quét lại mã trên màn hình." in response.content.decode()
    assert Attendance.objects.filter(event=event).count() == 0


def test_a_code_of_another_event_or_tampered_is_refused(client, event, centre_a, learner):
    other = make_event_today(centre_a, title="Lớp tin học")
    client.force_login(learner.user)

    response = client.get(
        scan_url(event, centre_a, make_token(other, timezone.localdate())), **host_of(centre_a)
    )
    assert response.status_code == 400
    assert "Mã này là của một hoạt động khác." in response.content.decode()

    token = make_token(event, timezone.localdate())
    forged = signing.TimestampSigner(salt="another").sign_object(
        {"e": event.pk, "d": timezone.localdate().isoformat()}
    )
    for bad in (token[:-3] + "abc", forged, ""):
        response = client.get(scan_url(event, centre_a, bad), **host_of(centre_a))
        assert response.status_code == 400
        assert "Mã điểm danh không đúng." in response.content.decode()
    assert Attendance.objects.filter(event=event).count() == 0


# -- staff screens ------------------------------------------------------------------------------


def tick_url(event):
    return f"/admin/su-kien/{event.pk}/diem-danh/"


def test_staff_of_another_centre_cannot_open_the_check_in_screens(client, event, centre_b):
    editor_b = UserFactory(username="bientap.phuvan", groups=[centre_b.editors_group])
    client.force_login(editor_b)
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard
    for response in (
        client.get(tick_url(event)),
        client.get(f"/admin/su-kien/{event.pk}/ma-qr/"),
        client.post(tick_url(event), {"action": "walk_in", "name": "Bà Tư"}),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Attendance.objects.filter(event=event).count() == 0
    # and the list of meetings does not show it
    response = client.get("/admin/su-kien/")
    assert response.status_code == 200
    assert "Câu lạc bộ dưỡng sinh" not in response.content.decode()


def test_the_qr_screen_shows_a_fresh_code_and_reloads(client, event, editor_a, superuser):
    client.force_login(superuser)  # hub staff: every centre's events
    assert client.get(f"/admin/su-kien/{event.pk}/ma-qr/").status_code == 200
    client.force_login(editor_a)
    edit = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert f'href="/admin/su-kien/{event.pk}/diem-danh/"' in edit  # the header button
    response = client.get(f"/admin/su-kien/{event.pk}/ma-qr/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="180">' in html
    assert "<svg" in html
    assert "<?xml" not in html


def test_staff_tick_registered_people(client, event, editor_a, centre_a):
    lan = register(event, name="Nguyễn Thị Lan", phone="0912345678").registration
    binh = register(event, name="Trần Văn Bình", phone="0987654321").registration
    client.force_login(editor_a)
    response = client.get(tick_url(event))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Thị Lan" in html and "Trần Văn Bình" in html
    assert "Câu lạc bộ dưỡng sinh" in client.get("/admin/su-kien/").content.decode()

    response = client.post(tick_url(event), {"action": "tick", "present": [str(lan.pk)]})
    assert response.status_code == 302
    row = Attendance.objects.get(event=event)
    assert (row.registration, row.phone, row.how, row.checked_in_by) == (
        lan,
        "+84912345678",
        How.STAFF,
        editor_a,
    )
    # ticking again (and one more) adds only the new one
    client.post(tick_url(event), {"action": "tick", "present": [str(lan.pk), str(binh.pk)]})
    assert Attendance.objects.filter(event=event).count() == 2
    assert Attendance.objects.filter(event=event, registration=lan).count() == 1


def test_staff_add_walk_ins_by_name_with_an_optional_number(client, event, editor_a):
    client.force_login(editor_a)
    response = client.post(tick_url(event), {"action": "walk_in", "name": "Bà Tư", "phone": ""})
    assert response.status_code == 302
    client.post(tick_url(event), {"action": "walk_in", "name": "Ông Năm", "phone": "0903 111 222"})
    client.post(tick_url(event), {"action": "walk_in", "name": "Ông Năm", "phone": "0903111222"})
    rows = Attendance.objects.filter(event=event).order_by("pk")
    assert [(r.name, r.phone, r.how, r.registration) for r in rows] == [
        ("Bà Tư", "", How.STAFF, None),
        ("Ông Năm", "+84903111222", How.STAFF, None),
    ]

    response = client.post(
        tick_url(event), {"action": "walk_in", "name": "Cô Sáu", "phone": "0123"}
    )
    assert response.status_code == 200
    assert "Số 0123 không đúng" in response.content.decode()
    assert Attendance.objects.filter(event=event).count() == 2
    assert Registration.objects.filter(event=event).count() == 0


def test_a_meeting_past_midnight_is_checked_in_for_the_day_it_started(centre_a):
    from events.checkin import meeting_day, meeting_on

    tz = timezone.get_current_timezone()
    evening = datetime.date(2026, 3, 7)
    late = make_event_today(
        centre_a,
        title="Đêm thơ Nguyên tiêu",
        starts_at=datetime.datetime.combine(evening, datetime.time(23, 30), tzinfo=tz),
        ends_at=datetime.datetime.combine(evening, datetime.time(23, 59), tzinfo=tz)
        + datetime.timedelta(minutes=61),
    )
    after_midnight = datetime.datetime(2026, 3, 8, 0, 20, tzinfo=tz)
    assert meeting_day(late, after_midnight) == evening
    assert meeting_on(late, meeting_day(late, after_midnight)) is not None
    over = datetime.datetime(2026, 3, 8, 2, 0, tzinfo=tz)
    assert meeting_day(late, over) == datetime.date(2026, 3, 8)  # over: today, no meeting
    assert meeting_on(late, meeting_day(late, over)) is None
