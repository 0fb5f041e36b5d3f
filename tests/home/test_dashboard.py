"""The editor's dashboard (issue #18): drafts, pages waiting for approval, videos that are not
ready and the week's views of their own centre, and nothing of another centre's; the network's
for hub staff; a fixed number of queries as the centre grows."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.dashboard import centre_work
from home.factories import NewsPageFactory, UserFactory, news_index_of, publish_news
from hub.models import PageDayCount, Video
from lessons.models import LessonPage
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def _draft(centre, title: str):
    page = NewsPageFactory.build(title=title, live=False)
    news_index_of(centre.site.root_page).add_child(instance=page)
    page.save_revision()
    return page


def _submitted(centre, title: str, user):
    page = _draft(centre, title)
    page.get_workflow().start(page, user)
    return page


def _video(centre, title: str, status: str):
    return Video.objects.create(
        title=title,
        file="media/x.mp4",
        collection_id=centre.collection_id,
        status=status,
        error="Không đọc được luồng hình" if status == Video.Status.FAILED else "",
    )


def _dashboard(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_editor_sees_their_centres_work_and_no_other(centre_a, centre_b, editor_a):
    PageDayCount.objects.all().delete()  # the demo's two weeks of counts
    before = centre_work([centre_a])
    today = timezone.localdate()
    mine = _draft(centre_a, "Bản nháp Lam Hạ")
    _draft(centre_b, "Bản nháp Phù Vân")
    waiting = _submitted(centre_a, "Tin chờ duyệt Lam Hạ", editor_a)
    _submitted(centre_b, "Tin chờ duyệt Phù Vân", UserFactory(groups=[centre_b.editors_group]))
    failed = _video(centre_a, "Video hỏng Lam Hạ", Video.Status.FAILED)
    _video(centre_a, "Video đang xử lý Lam Hạ", Video.Status.PROCESSING)
    _video(centre_b, "Video hỏng Phù Vân", Video.Status.FAILED)
    lesson = LessonPage.objects.descendant_of(centre_a.site.root_page).live().first()
    other = LessonPage.objects.descendant_of(centre_b.site.root_page).live().first()
    for page, day, event, count in [
        (lesson, today, "views", 5),
        (lesson, today - datetime.timedelta(days=6), "views", 2),
        (lesson, today - datetime.timedelta(days=7), "views", 3),  # the week before
        (lesson, today, "likes", 40),  # not a reading
        (other, today, "views", 100),  # another centre
    ]:
        PageDayCount.objects.create(page=page, day=day, event=event, count=count)

    work = centre_work([centre_a], today=today)

    assert [page.pk for page, _model in work["drafts"]][0] == mine.pk
    assert work["drafts_total"] == before["drafts_total"] + 1
    assert [item["page"].pk for item in work["waiting"]][0] == waiting.pk
    assert work["waiting_total"] == before["waiting_total"] + 1
    assert waiting.pk not in [page.pk for page, _model in work["drafts"]]
    assert work["videos"][1].pk == failed.pk
    assert (work["videos_total"], work["failed_total"]) == (
        before["videos_total"] + 2,
        before["failed_total"] + 1,
    )
    assert (work["week"], work["week_before"], work["week_change"]) == (7, 3, 4)
    assert work["top"] == [{"page_id": lesson.pk, "page__title": lesson.title, "total": 7}]

    html = _dashboard(editor_a)
    assert "Phường Lam Hạ: việc cần làm và lượt xem" in html
    for text in ["Bản nháp Lam Hạ", "Tin chờ duyệt Lam Hạ", "Video hỏng Lam Hạ", lesson.title]:
        assert text in html
    for text in ["Phù Vân", other.title]:
        assert text not in html
    assert "7 lượt xem, đọc và tải trong 7 ngày qua" in html
    assert "tăng 4 so với 7 ngày trước" in html
    assert "Không đọc được luồng hình" in html


def test_hub_staff_see_the_whole_network(centre_a, centre_b):
    organiser = UserFactory(username="bcd-thu", is_superuser=True, is_staff=True)
    _draft(centre_b, "Bản nháp Phù Vân")
    html = _dashboard(organiser)
    assert "Toàn mạng lưới: việc cần làm và lượt xem" in html
    assert "Bản nháp Phù Vân" in html
    assert centre_work(None)["drafts"][0][0].title == "Bản nháp Phù Vân"


def test_a_judge_of_no_centre_gets_no_centre_panel(db):
    judge = UserFactory(username="gk-khong-trung-tam")
    judge.user_permissions.add(Permission.objects.get(codename="access_admin"))
    html = _dashboard(judge)
    assert "việc cần làm và lượt xem" not in html


def test_a_counted_view_keeps_the_days_count(client, centre_a):
    PageDayCount.objects.all().delete()  # the demo's two weeks of counts
    lesson = LessonPage.objects.descendant_of(centre_a.site.root_page).live().first()
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 10) Chrome/120 Mobile"}
    for _ in range(2):  # the same visitor twice on one day counts once
        assert client.get(lesson.url, **host_of(centre_a), **browser).status_code == 200
    assert list(PageDayCount.objects.filter(page=lesson).values_list("day", "event", "count")) == [
        (timezone.localdate(), "views", 1)
    ]


def _queries(centres) -> int:
    with CaptureQueriesContext(connection) as queries:
        centre_work(centres)
    return len(queries)


def _grow(centre, editor, n: int):
    _draft(centre, f"Bản nháp {n}")
    _submitted(centre, f"Chờ duyệt {n}", editor)
    _video(centre, f"Video {n}", Video.Status.FAILED)


def test_the_panel_does_not_grow_with_the_centre(centre_a, editor_a):
    _grow(centre_a, editor_a, 0)  # one of each (an empty list needs no query at all)
    small = _queries([centre_a]), _queries(None)
    for n in range(1, 9):
        _grow(centre_a, editor_a, n)
    publish_news(news_index_of(centre_a.site.root_page), 3)
    for page in LessonPage.objects.descendant_of(centre_a.site.root_page).live():
        PageDayCount.objects.update_or_create(
            page=page, day=timezone.localdate(), event="views", defaults={"count": 2}
        )
    assert (_queries([centre_a]), _queries(None)) == small
