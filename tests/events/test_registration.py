"""Registration: places within capacity, the waiting list and its promotion (with a text), one
registration per number, closed and ended events, the "dang-ky/" page, reminders."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from events.models import EventIndexPage, EventPage, Registration
from events.registration import cancel, register, send_reminders
from learners.sms import outbox
from tests.conftest import host_of
from tests.recognition.conftest import make_learner

pytestmark = pytest.mark.django_db
Status = Registration.Status


def index_of(centre):
    home = centre.site.root_page
    found = EventIndexPage.objects.child_of(home).first()
    if found is None:
        found = home.add_child(
            instance=EventIndexPage(title="Lịch hoạt động", slug="lich-hoat-dong")
        )
        found.save_revision().publish()
    return found


def make_event(centre, starts_in=datetime.timedelta(days=2), **fields):
    starts = timezone.now() + starts_in
    base = {
        "title": "Nói chuyện sức khoẻ người cao tuổi",
        "kind": "noi_chuyen",
        "place": "Hội trường tổ dân phố 5",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
    }
    event = EventPage(**{**base, **fields})
    index_of(centre).add_child(instance=event)
    return event


@pytest.fixture
def event(centre_a):
    return make_event(centre_a, capacity=2)


def register_url(event, centre):
    return event.relative_url(centre.site) + "dang-ky/"


def test_capacity_two_gives_two_places_and_one_waiting(event):
    first = register(event, name="Nguyễn Thị Lan", phone="0912 345 678")
    second = register(event, name="Trần Văn Bình", phone="0987654321")
    third = register(event, name="Lê Thị Hoa", phone="+84 903 111 222")

    assert [first.registration.status, second.registration.status, third.registration.status] == [
        Status.REGISTERED,
        Status.REGISTERED,
        Status.WAITING,
    ]
    assert first.registration.phone == "+84912345678"
    assert third.message == (
        "Hoạt động đã đủ chỗ. Bạn ở danh sách chờ, thứ 1; khi có người huỷ, chúng tôi sẽ nhắn "
        "tin báo bạn."
    )
    assert Registration.objects.filter(event=event).count() == 3


def test_cancelling_frees_the_place_for_the_first_waiting_person_who_is_texted(
    event, django_capture_on_commit_callbacks
):
    first = register(event, name="Nguyễn Thị Lan", phone="0912345678").registration
    register(event, name="Trần Văn Bình", phone="0987654321")
    waiting = register(event, name="Lê Thị Hoa", phone="0903111222").registration
    later = register(event, name="Phạm Văn Minh", phone="0903111333").registration

    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel(first)

    assert [p.pk for p in promoted] == [waiting.pk]
    statuses = dict(Registration.objects.filter(event=event).values_list("phone", "status"))
    assert statuses == {
        "+84912345678": Status.CANCELLED,
        "+84987654321": Status.REGISTERED,
        "+84903111222": Status.REGISTERED,
        "+84903111333": Status.WAITING,
    }
    assert len(outbox) == 1
    to, text = outbox[0]
    assert to == "+84903111222"
    assert text.startswith("HocTap Hub: da co cho cho ban tai Noi chuyen suc khoe nguoi cao tuoi")
    # cancelling twice changes nothing and texts nobody
    with django_capture_on_commit_callbacks(execute=True):
        assert cancel(first) == []
    assert len(outbox) == 1
    assert Registration.objects.get(pk=later.pk).status == Status.WAITING


def test_a_failed_text_is_logged_not_raised(event, django_capture_on_commit_callbacks, monkeypatch):
    from learners import sms

    class Broken:
        def send(self, to, text):
            raise sms.GatewayUnavailable

    monkeypatch.setattr("events.registration.sender", lambda: Broken())
    first = register(event, name="Nguyễn Thị Lan", phone="0912345678").registration
    register(event, name="Trần Văn Bình", phone="0987654321")
    register(event, name="Lê Thị Hoa", phone="0903111222")
    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel(first)
    assert Registration.objects.get(pk=promoted[0].pk).status == Status.REGISTERED


def test_the_same_number_twice_gives_back_the_first_registration(event):
    first = register(event, name="Nguyễn Thị Lan", phone="0912345678")
    again = register(event, name="Lan", phone="+84 912 345 678")

    assert again.created is False
    assert again.registration.pk == first.registration.pk
    assert again.message == (
        "Số điện thoại này đã đăng ký rồi. Bạn đã đăng ký tham gia "
        "„Nói chuyện sức khoẻ người cao tuổi”."
    )
    assert Registration.objects.filter(event=event).count() == 1
    assert Registration.objects.get(event=event).name == "Nguyễn Thị Lan"


def test_after_cancelling_one_registers_again_at_the_back_of_the_queue(event):
    first = register(event, name="Nguyễn Thị Lan", phone="0912345678").registration
    cancel(first)
    register(event, name="Trần Văn Bình", phone="0987654321")
    register(event, name="Lê Thị Hoa", phone="0903111222")
    back = register(event, name="Nguyễn Thị Lan", phone="0912345678")
    assert back.created is True
    assert back.registration.pk == first.pk
    assert back.registration.status == Status.WAITING
    assert Registration.objects.filter(event=event).count() == 3


def test_closed_and_ended_events_take_no_registration(centre_a):
    closed = make_event(centre_a, registration_open=False)
    ended = make_event(centre_a, starts_in=-datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        register(closed, name="Nguyễn Thị Lan", phone="0912345678")
    assert caught.value.messages == ["Hoạt động này hiện không nhận đăng ký."]
    with pytest.raises(ValidationError) as caught:
        register(ended, name="Nguyễn Thị Lan", phone="0912345678")
    assert caught.value.messages == ["Hoạt động này đã kết thúc, không nhận đăng ký nữa."]
    assert Registration.objects.filter(event__in=[closed, ended]).count() == 0


def test_bad_name_and_number_are_refused(event):
    with pytest.raises(ValidationError) as caught:
        register(event, name="  ", phone="0123")
    assert caught.value.message_dict == {
        "name": ["Hãy nhập họ và tên."],
        "phone": ["Số 0123 không đúng: số di động có 10 chữ số, ví dụ 0912 345 678."],
    }
    assert Registration.objects.filter(event=event).count() == 0


# -- the "dang-ky/" page ------------------------------------------------------------------------


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client, event, centre_a):
    url = register_url(event, centre_a)
    response = client.post(url, {"name": "Nguyễn Thị Lan", "phone": "0123"}, **host_of(centre_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Số 0123 không đúng: số di động có 10 chữ số, ví dụ 0912 345 678." in html
    assert 'value="Nguyễn Thị Lan"' in html
    assert 'value="0123"' in html

    response = client.post(url, {"name": "", "phone": "0912345678"}, **host_of(centre_a))
    html = response.content.decode()
    assert "Hãy nhập họ và tên." in html
    assert 'value="0912345678"' in html
    assert Registration.objects.filter(event=event).count() == 0


def test_registering_without_account_shows_the_place_and_lets_one_cancel(client, event, centre_a):
    url = register_url(event, centre_a)
    assert client.get(url, **host_of(centre_a)).status_code == 200

    response = client.post(
        url, {"name": "Nguyễn Thị Lan", "phone": "0912 345 678"}, **host_of(centre_a)
    )
    assert response.status_code == 302
    assert response["Location"] == url
    registration = Registration.objects.get(event=event)
    assert (registration.name, registration.phone, registration.learner) == (
        "Nguyễn Thị Lan",
        "+84912345678",
        None,
    )

    html = client.get(url, **host_of(centre_a)).content.decode()
    assert 'data-status="da_dang_ky"' in html
    assert "Bạn đã đăng ký tham gia „Nói chuyện sức khoẻ người cao tuổi”." in html
    assert 'data-testid="registration-cancel"' in html

    response = client.post(
        url, {"action": "cancel", "registration": registration.pk}, **host_of(centre_a)
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    html = client.get(url, **host_of(centre_a)).content.decode()
    assert "Đã huỷ đăng ký. Cảm ơn bạn đã báo trước." in html
    assert 'data-testid="registration-submit"' in html


def test_someone_else_cannot_cancel_a_registration(client, event, centre_a):
    registration = register(event, name="Nguyễn Thị Lan", phone="0912345678").registration
    url = register_url(event, centre_a)
    response = client.post(
        url, {"action": "cancel", "registration": registration.pk}, **host_of(centre_a)
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED


def test_a_signed_in_learner_registers_with_one_button(client, event, centre_a):
    learner = make_learner(centre_a)
    client.force_login(learner.user)
    url = register_url(event, centre_a)
    html = client.get(url, **host_of(centre_a)).content.decode()
    assert "Trần Văn Bình" in html
    assert "0913 579 246" in html
    assert 'name="phone"' not in html

    response = client.post(url, {}, **host_of(centre_a))
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert (registration.learner, registration.phone, registration.name) == (
        learner,
        "+84913579246",
        "Trần Văn Bình",
    )
    assert 'data-status="da_dang_ky"' in client.get(url, **host_of(centre_a)).content.decode()

    # a second press: the same registration, said so
    client.post(url, {}, **host_of(centre_a))
    html = client.get(url, **host_of(centre_a)).content.decode()
    assert "Số điện thoại này đã đăng ký rồi." in html
    assert Registration.objects.filter(event=event).count() == 1


def test_over_capacity_the_page_says_one_is_on_the_waiting_list(client, event, centre_a):
    register(event, name="Nguyễn Thị Lan", phone="0912345678")
    register(event, name="Trần Văn Bình", phone="0987654321")
    url = register_url(event, centre_a)
    client.post(url, {"name": "Lê Thị Hoa", "phone": "0903111222"}, **host_of(centre_a))
    html = client.get(url, **host_of(centre_a)).content.decode()
    assert 'data-status="cho"' in html
    assert "Bạn ở danh sách chờ, thứ 1" in html
    assert Registration.objects.get(event=event, phone="+84903111222").status == Status.WAITING


def test_a_closed_event_shows_why_and_takes_nothing(client, centre_a):
    closed = make_event(centre_a, registration_open=False)
    url = register_url(closed, centre_a)
    html = client.get(url, **host_of(centre_a)).content.decode()
    assert "Hoạt động này hiện không nhận đăng ký." in html
    assert 'data-testid="registration-submit"' not in html
    response = client.post(url, {"name": "Lê Thị Hoa", "phone": "0903111222"}, **host_of(centre_a))
    assert response.status_code == 200
    assert "Hoạt động này hiện không nhận đăng ký." in response.content.decode()
    assert Registration.objects.filter(event=closed).count() == 0


# -- reminders ----------------------------------------------------------------------------------


def test_reminders_are_sent_once_per_meeting_to_registered_people(centre_a, event):
    soon = make_event(centre_a, starts_in=datetime.timedelta(hours=3), title="Tập huấn Zalo")
    register(soon, name="Nguyễn Thị Lan", phone="0912345678")
    gone = register(soon, name="Trần Văn Bình", phone="0987654321").registration
    cancel(gone)
    register(event, name="Lê Thị Hoa", phone="0903111222")  # in two days: not yet

    call_command("send_event_reminders", verbosity=0)

    ours = [(to, text) for to, text in outbox if "Tap huan Zalo" in text]
    assert [to for to, _text in ours] == ["+84912345678"]
    assert ours[0][1].startswith("HocTap Hub: nhac lich Tap huan Zalo luc ")
    assert ours[0][1].endswith(" tai Hoi truong to dan pho 5. Hen gap ban!")
    reminded = Registration.objects.get(event=soon, phone="+84912345678")
    assert reminded.reminded_for == timezone.localdate(soon.starts_at)

    sent = len(outbox)
    assert send_reminders() == 0
    assert len(outbox) == sent


def test_publishing_more_places_moves_the_waiting_list_up(
    event, django_capture_on_commit_callbacks
):
    from learners import sms

    register(event, name="Nguyễn Thị Lan", phone="0912 345 678")
    register(event, name="Trần Văn Bình", phone="0987654321")
    waiting = register(event, name="Lê Thị Hoa", phone="+84 903 111 222").registration
    last = register(event, name="Phạm Văn Tâm", phone="0913 000 111").registration
    event = EventPage.objects.get(pk=event.pk)
    event.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    waiting.refresh_from_db()
    last.refresh_from_db()
    assert (waiting.status, last.status) == (Status.REGISTERED, Status.WAITING)
    assert [to for to, _text in sms.outbox] == ["+84903111222"]
