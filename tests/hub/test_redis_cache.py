"""hub.caching.redis.RedisCache against a real Redis server (Debian's redis-server, started here)."""

import pytest
from django.core.cache import caches

from hub.caching.redis import RedisCache
from lessons.models import LessonPage, LessonStats

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (Linux; Android 10; Redmi 8A) Chrome/120.0 Mobile Safari/537.36"


@pytest.fixture
def redis_caches(settings, redis_url):
    from hub.settings.base import with_page_cache

    settings.CACHES = {
        "default": {"BACKEND": "hub.caching.redis.RedisCache", "LOCATION": f"{redis_url}/0"},
        "pages": {"BACKEND": "hub.caching.redis.RedisCache", "LOCATION": f"{redis_url}/1"},
    }
    settings.CACHE_MIDDLEWARE_ALIAS = "pages"
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    settings.CACHE_MIDDLEWARE_KEY_PREFIX = "page"
    settings.MIDDLEWARE = with_page_cache(settings.MIDDLEWARE)
    caches["default"].clear()
    caches["pages"].clear()
    yield caches["default"]
    caches["default"].clear()
    caches["pages"].clear()


def test_one_client_per_pool_and_every_operation_works(redis_caches):
    cache = redis_caches
    assert isinstance(cache, RedisCache)
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.set("a", {"x": [1, 2]}, 30)
    assert cache.get("a") == {"x": [1, 2]}
    assert cache.add("b", 1, 30) and not cache.add("b", 2, 30)
    assert cache.incr("b") == 2
    assert cache.get_or_set("c", lambda: "tính một lần", 30) == "tính một lần"
    cache.delete("a")
    assert cache.get("a") is None and cache.get_many(["b", "c"]) == {"b": 2, "c": "tính một lần"}


def test_page_cache_hits_count_views_through_redis(redis_caches, client):
    lesson = LessonPage.objects.live().first()
    site = lesson.get_site()
    path = lesson.relative_url(site)
    before = LessonStats.objects.filter(page=lesson).values_list("views", flat=True).first() or 0
    first = client.get(path, HTTP_HOST=site.hostname, HTTP_USER_AGENT=f"{PHONE} 1")
    for n in range(2, 5):  # cache hits, new visitors: each counts
        again = client.get(path, HTTP_HOST=site.hostname, HTTP_USER_AGENT=f"{PHONE} {n}")
        assert again.content == first.content
    client.get(path, HTTP_HOST=site.hostname, HTTP_USER_AGENT=f"{PHONE} 2")  # seen today
    assert LessonStats.objects.get(page=lesson).views == before + 4
    assert caches["pages"]._cache.get_client().dbsize() >= 1  # stored in Redis database 1
