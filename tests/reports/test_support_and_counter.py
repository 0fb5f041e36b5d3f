"""Centres that need help and the footer's visitor counter (issue #23)."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub.models import Centre, NetworkSettings, Video
from lessons.models import LessonIndexPage, LessonPage
from reports import support
from reports.collect import collect
from reports.counter import visitor_counts
from reports.models import DailyStat
from tests.conftest import host_of

pytestmark = pytest.mark.django_db
URL = "/admin/bao-cao/can-ho-tro/"


def needs_by_centre(needs) -> dict:
    return {need.centre.pk: need for need in needs}


def shared_lesson_waiting(centre, user) -> LessonPage:
    index = LessonIndexPage.objects.child_of(centre.site.root_page).get()
    from hub.models import Field

    lesson = LessonPage(
        title="Cách muối dưa cải", shared_by="Bà Tư", live=False, field=Field.objects.first()
    )
    index.add_child(instance=lesson)
    lesson.save_revision(user=user)
    lesson.get_workflow().start(lesson, user)
    return lesson


def test_needs_name_each_problem_of_each_centre(centre_a, centre_b, superuser):
    Centre.objects.filter(pk=centre_b.pk).update(email="", phone="  ")
    centre_b.refresh_from_db()
    shared_lesson_waiting(centre_a, superuser)
    Video.objects.create(
        title="Hỏng", file="media/h.mp4", collection=centre_a.collection, status=Video.Status.FAILED
    )
    centres = list(Centre.objects.with_site().order_by("name"))
    found = needs_by_centre(support.needs(centres, weeks=4))
    failed_before = Video.objects.filter(
        collection=centre_a.collection, status=Video.Status.FAILED
    ).count()
    a = found[centre_a.pk]
    assert (a.quiet, a.waiting, a.failed) == (False, 1, failed_before)
    b = found[centre_b.pk]
    assert (b.quiet, b.waiting, b.failed, b.missing) == (
        False,
        0,
        0,
        ["điện thoại", "thư điện tử"],
    )

    # ten weeks on, with nothing published since: every centre is quiet
    later = timezone.now() + datetime.timedelta(weeks=10)
    quiet = needs_by_centre(support.needs(centres, weeks=4, now=later))
    assert {pk for pk, need in quiet.items() if need.quiet} == {c.pk for c in centres}


def test_needs_cost_the_same_queries_for_one_or_every_centre():
    centres = list(Centre.objects.with_site())
    with CaptureQueriesContext(connection) as one:
        support.needs(centres[:1])
    with CaptureQueriesContext(connection) as every:
        support.needs(centres)
    assert (
        len(one.captured_queries) == len(every.captured_queries) == 3
    )  # last publication, waiting lessons, failed videos


def test_support_page_for_hub_staff_only(client, superuser, editor_a, centre_b):
    Centre.objects.filter(pk=centre_b.pk).update(email="")
    client.force_login(superuser)
    response = client.get(URL, {"tuan": "8"})
    assert response.status_code == 200
    assert response.context["weeks"] == 8
    html = response.content.decode()
    row = html.split(f'data-centre="{centre_b.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Thiếu thông tin liên hệ: thư điện tử" in row

    response = client.get(URL, {"tuan": "tám"})
    assert response.context["weeks"] == support.DEFAULT_WEEKS
    assert [str(m) for m in response.context["messages"]] == [
        "Số tuần phải là số từ 1 đến 52; đang dùng 4 tuần."
    ]
    assert client.get(URL, {"tuan": "99"}).context["weeks"] == support.DEFAULT_WEEKS

    client.force_login(editor_a)
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def switch_counter(on: bool) -> None:
    settings_row = NetworkSettings.load()
    settings_row.show_visitor_counter = on
    settings_row.save()


def test_visitor_counter_figures_for_a_centre_and_the_network(centre_a):
    today = timezone.localdate()
    collect(today)
    rows = DailyStat.objects.filter(metric__in=["views", "reads", "downloads"])
    month_start = today.replace(day=1)

    def sums(query):
        return sum(row.value for row in query)

    mine = rows.filter(centre=centre_a)
    assert visitor_counts(centre_a.pk, today) == {
        "today": sums(mine.filter(day=today)),
        "month": sums(mine.filter(day__gte=month_start, day__lte=today)),
        "total": sums(mine),
    }
    assert visitor_counts(None, today)["total"] == sums(rows) > sums(mine) > 0
    with CaptureQueriesContext(connection) as cached:
        visitor_counts(centre_a.pk, today)
    assert len(cached.captured_queries) == 0


def test_footer_shows_the_counter_only_when_switched_on(client, centre_a):
    switch_counter(False)
    cache.clear()
    response = client.get("/", **host_of(centre_a))
    assert 'class="visitor-counter"' not in response.content.decode()
    switch_counter(True)
    cache.clear()
    response = client.get("/", **host_of(centre_a))
    html = response.content.decode()
    counts = visitor_counts(centre_a.pk)
    assert f'<dd data-count="total">{counts["total"]}</dd>' in html
    assert "của trung tâm" in html
