"""hub.counters: once per visitor per day, exactly, even when the database write fails."""

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import RequestFactory

from hub import counters
from lessons.models import LessonPage, LessonStats

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (Linux; Android 10; Redmi 8A) Chrome/120.0 Mobile Safari/537.36"


def _request(agent=PHONE):
    return RequestFactory().get("/", HTTP_USER_AGENT=agent, REMOTE_ADDR="10.0.0.7")


def _views(lesson) -> int:
    return LessonStats.objects.filter(page=lesson).values_list("views", flat=True).first() or 0


def _count(request, lesson) -> bool:
    return counters.count_once(
        request, f"lesson:{lesson.pk}:view", LessonStats, "page_id", lesson.pk, "views"
    )


def test_a_repeat_visit_costs_no_cache_round_trip(monkeypatch):
    lesson = LessonPage.objects.live().first()
    before = _views(lesson)
    assert _count(_request(), lesson)

    def no_cache(*args, **kwargs):
        raise AssertionError("the cache was asked again")

    monkeypatch.setattr(cache, "add", no_cache)
    assert not _count(_request(), lesson)  # known in this process
    assert _views(lesson) == before + 1


def test_seen_in_another_process_is_remembered_here(monkeypatch):
    lesson = LessonPage.objects.live().first()
    assert _count(_request(f"{PHONE} khac"), lesson)
    counters.forget_seen_here()  # as if another worker had counted it
    assert not _count(_request(f"{PHONE} khac"), lesson)  # the cache says seen ...
    monkeypatch.setattr(cache, "add", lambda *a, **k: pytest.fail("asked again"))
    assert not _count(_request(f"{PHONE} khac"), lesson)  # ... and now this process knows


def test_a_failed_write_is_neither_counted_nor_remembered(monkeypatch):
    lesson = LessonPage.objects.live().first()
    before = _views(lesson)

    def down(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    with monkeypatch.context() as patched:
        patched.setattr(counters, "bump", down)
        with pytest.raises(OperationalError):
            _count(_request(f"{PHONE} loi"), lesson)
    assert _count(_request(f"{PHONE} loi"), lesson)  # the next visit counts
    assert _views(lesson) == before + 1


def test_the_list_stays_bounded(monkeypatch):
    monkeypatch.setattr(counters, "SEEN_HERE_MAX", 3)
    for n in range(5):
        counters._remember_seen(f"seen:x:{n}:day")
    assert list(counters._seen_here) == ["seen:x:2:day", "seen:x:3:day", "seen:x:4:day"]
