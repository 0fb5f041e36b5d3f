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


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no trusted proxy: the header is the client's word only
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # the left entry is spoofable
        (2, "198.51.100.66, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (1, "", "10.0.0.2"),  # header missing
        (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies
        (1, "không-phải-ip", "10.0.0.2"),  # malformed
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_comes_from_trusted_proxies_only(settings, proxies, forwarded, expected):
    from django.test import RequestFactory

    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert counters.client_ip(request) == expected


def test_behind_a_proxy_each_visitor_has_their_own_limit(settings):
    from django.test import RequestFactory

    settings.TRUSTED_PROXY_COUNT = 1
    settings.COUNTER_PER_IP_PER_HOUR = 2

    def request_from(address):
        return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=address)

    assert [counters.rate_limited(request_from("203.0.113.9")) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    assert counters.rate_limited(request_from("203.0.113.10")) is False  # another visitor


def test_a_view_refused_by_the_rate_limit_is_not_marked_as_seen(settings):
    """Refused because the address was over its limit, the view may count later the same day."""
    settings.COUNTER_PER_IP_PER_HOUR = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_USER_AGENT=PHONE)
    assert counters.should_count(request, "lesson:1:view") is True
    assert counters.should_count(request, "lesson:2:view") is False  # over the limit
    settings.COUNTER_PER_IP_PER_HOUR = 10
    assert counters.should_count(request, "lesson:2:view") is True
    assert counters.should_count(request, "lesson:2:view") is False  # now seen: once a day
