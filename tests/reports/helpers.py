"""Figures made on days no demo data touches (January 2025: the demo's year of counts starts in
December 2025), so every figure a test asserts is the test's own."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import Attendance, EventPage, Registration
from home.factories import news_index_of, publish_news
from hub.models import PageDayCount
from learners.models import Learner
from lessons.factories import publish_lesson
from lessons.models import LessonIndexPage
from search.models import SearchMiss
from tests.events.helpers import calendar_of

DAY = datetime.date(2025, 1, 14)  # a Tuesday
NEXT = DAY + datetime.timedelta(days=1)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def backdate(page, day: datetime.date) -> None:
    type(page).objects.filter(pk=page.pk).update(first_published_at=at(day))


def make_figures(centre, phone: str = "+84913000101") -> dict:
    """On DAY: one news item, one lesson (5 views, 2 on NEXT), one learner, one event meeting
    with a registration and an attendance, a search without results; returns the objects."""
    home = centre.site.root_page
    news = publish_news(news_index_of(home), 1)[0]
    backdate(news, DAY)
    lesson = publish_lesson(LessonIndexPage.objects.child_of(home).get())
    backdate(lesson, DAY)
    PageDayCount.objects.create(page=lesson, day=DAY, event="views", count=5)
    PageDayCount.objects.create(page=lesson, day=NEXT, event="views", count=2)
    user = get_user_model().objects.create_user(f"hv{phone[-6:]}")
    learner = Learner.objects.create(
        user=user,
        phone=phone,
        name="Nguyễn Thị Thử",
        home_centre=centre,
        created_at=at(DAY),
        consent_at=at(DAY),
    )
    event = EventPage(
        title="Nói chuyện thống kê",
        slug=f"noi-chuyen-thong-ke-{phone[-4:]}",
        kind=EventPage.Kind.TALK,
        place="Hội trường",
        starts_at=at(DAY, 8),
        ends_at=at(DAY, 10),
    )
    calendar_of(home).add_child(instance=event)
    event.save_revision().publish()
    registration = Registration.objects.create(
        event=event,
        learner=learner,
        name=learner.name,
        phone=phone,
        status=Registration.Status.REGISTERED,
        created_at=at(DAY, 7),
    )
    Attendance.objects.create(
        event=event,
        day=DAY,
        learner=learner,
        registration=registration,
        name=learner.name,
        how=Attendance.How.QR,
        checked_in_at=at(DAY, 8),
    )
    SearchMiss.objects.create(query="nuôi ong lấy mật", site=centre.site, day=DAY, count=3)
    return {"news": news, "lesson": lesson, "learner": learner, "event": event}


EXPECTED_DAY = {
    "news": 1,
    "lessons": 1,
    "views": 5,
    "learners": 1,
    "events_held": 1,
    "registrations": 1,
    "attendance": 1,
    "search_misses": 3,
}
