"""The page cache for anonymous visitors (hub/caching/pagecache.py) and the error pages (hub/views.py)."""

import pytest
from django.test import Client

from contests.models import EntryPage, SiteCounter
from home.factories import news_index_of, publish_news
from home.models import HubHomePage
from lessons.models import LessonPage, LessonStats
from tests.conftest import host_of

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (Linux; Android 10; Redmi 8A) Chrome/120.0 Mobile Safari/537.36"


def get(client, page, ua=PHONE, **extra):
    host, path = where(page)
    return client.get(path, HTTP_HOST=host, HTTP_USER_AGENT=ua, **extra)


def where(page):
    site = page.get_site()
    return site.hostname, page.url_path[len(site.root_page.url_path) - 1 :]


def test_second_visit_is_served_from_the_cache_and_still_counted(
    page_cache, client, django_assert_num_queries
):
    lesson = LessonPage.objects.live().first()
    before = LessonStats.objects.filter(page=lesson).values_list("views", flat=True).first() or 0
    first = get(client, lesson, ua=f"{PHONE} a")
    assert first.status_code == 200 and "X-Hoctap-Count" not in first
    host, path = where(lesson)
    with django_assert_num_queries(0):  # a repeat visitor: from the cache, already counted today
        again = client.get(path, HTTP_HOST=host, HTTP_USER_AGENT=f"{PHONE} a")
    assert again.content == first.content and "X-Hoctap-Count" not in again
    for n in "bcd":  # three new visitors served from the cache: each one counts
        assert get(client, lesson, ua=f"{PHONE} {n}").status_code == 200
    assert LessonStats.objects.get(page=lesson).views == before + 4
    assert "max-age=60" in again["Cache-Control"]


def test_staff_and_other_languages_bypass_the_cache(page_cache, client, hub_home):
    get(client, hub_home)
    client.cookies["sessionid"] = "not-a-session"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert get(client, hub_home).status_code == 200
    assert len(queries) > 0  # rendered, not taken from the cache
    client.cookies.clear()
    client.cookies["django_language"] = "en"
    assert b'lang="en"' in get(client, hub_home).content


def test_publishing_empties_the_cache(
    page_cache, client, centre_a, django_capture_on_commit_callbacks
):
    index = news_index_of(centre_a.site.root_page)
    assert "Khai giảng lớp tin học" not in get(client, index).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publish_news(index, 1, title="Khai giảng lớp tin học cho người cao tuổi")
    assert "Khai giảng lớp tin học" in get(client, index).content.decode()


def test_entry_pages_are_one_public_page_and_each_visitor_counts(page_cache, client):
    # issue #24: the like state comes from .../trang-thai/, so the page itself is shared
    entry = EntryPage.objects.live().first()
    before = SiteCounter.objects.filter(entry=entry).values_list("views", flat=True).first() or 0
    first = get(client, entry, ua=PHONE)
    second = get(Client(), entry, ua=f"{PHONE} b")  # another browser on another phone
    assert second.content == first.content
    assert "private" not in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]
    assert "csrftoken" not in second.cookies
    assert SiteCounter.objects.get(entry=entry).views == before + 2  # both counted


def test_unexpected_error_gives_a_vietnamese_500(client, monkeypatch, centre_a):
    def broken(*args, **kwargs):
        raise ValueError("bug")

    monkeypatch.setattr(HubHomePage, "serve", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500 and "Đã có lỗi xảy ra" in response.content.decode()
    assert client.get("/", **host_of(centre_a)).status_code == 200  # other sites unaffected


def test_forms_with_a_csrf_token_are_never_shared(page_cache, client, centre_a):
    share = "/bai-giang/chia-se/"
    client.cookies["csrftoken"] = "a" * 32  # the visitor already has a CSRF cookie
    first = client.get(share, **host_of(centre_a))
    assert first.status_code == 200 and b"csrfmiddlewaretoken" in first.content
    assert page_cache.get(_key(client, share, centre_a)) is None


def test_gzip_and_plain_copies_are_kept_apart(page_cache, client, hub_home):
    plain = client.get("/", HTTP_USER_AGENT=PHONE)
    zipped = client.get("/", HTTP_USER_AGENT=PHONE, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    again_plain = client.get("/", HTTP_USER_AGENT=PHONE)
    again_zipped = client.get("/", HTTP_USER_AGENT=PHONE, HTTP_ACCEPT_ENCODING="gzip")
    assert again_plain.content == plain.content and "Content-Encoding" not in again_plain
    assert again_zipped.content == zipped.content and again_zipped["Content-Encoding"] == "gzip"


def _key(client, path, centre):
    from django.test import RequestFactory

    from hub.caching.pagecache import page_key

    return page_key(RequestFactory().get(path, HTTP_HOST=centre.site.hostname))
