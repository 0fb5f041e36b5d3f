"""The demo's events: the Week on the hub and at every centre, an opening and a weekly class per
centre, registrations and attendance."""

import datetime

import pytest
from django.utils import timezone

from events.models import Attendance, EventIndexPage, EventPage, Registration
from hub.models import Centre

pytestmark = pytest.mark.django_db


def test_every_centre_has_a_calendar_with_the_week_an_opening_and_a_class():
    centres = list(Centre.objects.with_site())
    assert len(centres) == 8
    for centre in centres:
        index = EventIndexPage.objects.child_of(centre.site.root_page).get()
        kinds = sorted(EventPage.objects.child_of(index).live().values_list("kind", flat=True))
        assert kinds == ["khai_giang", "lop_hoc", "tuan_le"]
    week = EventPage.objects.get(title="Tuần lễ hưởng ứng học tập suốt đời 2026")
    assert timezone.localdate(week.starts_at) == datetime.date(2026, 10, 1)
    assert week.get_parent().get_parent().specific_class.__name__ == "HubHomePage"


def test_the_weekly_class_meets_mondays_and_wednesdays_but_not_on_its_day_off():
    event = EventPage.objects.filter(kind="lop_hoc").first()
    meetings = event.occurrences()
    assert {timezone.localtime(start).weekday() for start, _end in meetings} == {0, 2}
    day_off = next(iter(event.exception_dates))
    assert day_off not in {timezone.localdate(start) for start, _end in meetings}
    assert len(meetings) == 24  # 12 weeks x 2, plus the last Monday, less the day off
    assert all(end - start == datetime.timedelta(minutes=90) for start, end in meetings)


def test_registrations_and_attendance_belong_to_learners_of_the_centre():
    registrations = Registration.objects.select_related("learner", "event")
    assert registrations.count() > 0
    assert all(r.status == "da_dang_ky" and r.phone == r.learner.phone for r in registrations)
    attendance = Attendance.objects.select_related("event")
    assert attendance.count() == registrations.count()
    assert {a.event.kind for a in attendance} == {"tuan_le"}
