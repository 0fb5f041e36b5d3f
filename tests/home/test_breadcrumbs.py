"""Every content page shows where it sits: a breadcrumb trail from its site's home page to itself,
the last crumb marked as the current page; pages in a section cost no query for it."""

import datetime

import lxml.html
import pytest
from django.test import RequestFactory
from django.utils import timezone

from contests.models import ContestPage, EntryPage
from home.factories import news_index_of, publish_news
from home.models import NewsPage
from hub.federation import network, site_for_request
from hub.templatetags.breadcrumbs import ancestor_paths, trail
from library.models import LibraryItemPage
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

JUDGED = "Thiết kế video giới thiệu Tủ sách cộng đồng 2025"


def _crumbs(client, url, **extra) -> list[tuple[str, str | None, str | None]]:
    """(text, href, aria-current) of each crumb, in order."""
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    doc = lxml.html.fromstring(response.content.decode())
    [nav] = doc.xpath("//main//nav[@class='breadcrumbs']")
    assert nav.get("aria-label") == "Bạn đang ở"
    return [
        (
            " ".join(item.text_content().split()),
            (item.xpath("./a/@href") or [None])[0],
            (item.xpath("./*/@aria-current") or [None])[0],
        )
        for item in nav.xpath("./ol/li")
    ]


def test_news_page_trail(client, centre_a):
    news = NewsPage.objects.live().descendant_of(centre_a.site.root_page).first()
    assert _crumbs(client, news.relative_url(centre_a.site), **host_of(centre_a)) == [
        ("Trang chủ", "/", None),
        ("Tin tức – Thông báo", "/tin-tuc/", None),
        (news.title, None, "page"),
    ]


def test_library_item_trail(client, centre_a):
    item = LibraryItemPage.objects.live().descendant_of(centre_a.site.root_page).first()
    url = item.relative_url(centre_a.site)
    assert _crumbs(client, url, **host_of(centre_a)) == [
        ("Trang chủ", "/", None),
        ("Thư viện số", "/thu-vien/", None),
        (item.title, None, "page"),
    ]
    assert _crumbs(client, url + "doc/", **host_of(centre_a)) == [  # the online reader
        ("Trang chủ", "/", None),
        ("Thư viện số", "/thu-vien/", None),
        (item.title, url, None),
        ("Đọc trực tuyến", None, "page"),
    ]


def test_lesson_index_trail(client, centre_a):
    assert _crumbs(client, "/bai-giang/") == [
        ("Trang chủ", "/", None),
        ("Kho bài giảng liên thông", None, "page"),
    ]
    assert _crumbs(client, "/bai-giang/", **host_of(centre_a)) == [
        ("Trang chủ", "/", None),
        ("Kho bài giảng", None, "page"),
    ]


def test_contest_entry_and_results_trails(client):
    contest = ContestPage.objects.get(title=JUDGED)
    url = contest.relative_url(contest.get_site())
    assert url == f"/hoi-thi/{contest.slug}/"
    assert _crumbs(client, url) == [
        ("Trang chủ", "/", None),
        ("Hội thi", "/hoi-thi/", None),
        (JUDGED, None, "page"),
    ]
    entry = EntryPage.objects.child_of(contest).order_by("title").first()
    assert _crumbs(client, f"{url}{entry.slug}/") == [
        ("Trang chủ", "/", None),
        ("Hội thi", "/hoi-thi/", None),
        (JUDGED, url, None),
        (entry.title, None, "page"),
    ]
    ContestPage.objects.filter(pk=contest.pk).update(
        results_published=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert _crumbs(client, f"{url}ket-qua/") == [
        ("Trang chủ", "/", None),
        ("Hội thi", "/hoi-thi/", None),
        (JUDGED, url, None),
        ("Kết quả", None, "page"),
    ]


@pytest.mark.parametrize(
    "url", ["/tin-tuc/", "/thu-vien/", "/bai-giang/", "/cac-trung-tam/", "/hoi-thi/"]
)
def test_every_hub_section_ends_its_trail_with_its_own_title(client, url):
    doc = lxml.html.fromstring(client.get(url).content.decode())
    crumbs = doc.xpath("//nav[@class='breadcrumbs']/ol/li")
    assert [c.text_content().strip() for c in crumbs][0] == "Trang chủ"
    assert crumbs[-1].xpath("./span[@aria-current='page']/text()") == [
        doc.xpath("string(//main//h1)").strip()
    ]


def test_centre_standard_page_has_a_trail(client, centre_a):
    assert _crumbs(client, "/gioi-thieu/", **host_of(centre_a)) == [
        ("Trang chủ", "/", None),
        ("Giới thiệu – Liên hệ", None, "page"),
    ]


def test_home_pages_have_no_trail(client, centre_a):
    for extra in ({}, host_of(centre_a)):
        doc = lxml.html.fromstring(client.get("/", **extra).content.decode())
        assert doc.xpath("//nav[@class='breadcrumbs']") == []


def test_ancestor_paths():
    assert ancestor_paths("000100020003", "00010002") == ["00010002"]
    assert ancestor_paths("0001000200030004", "00010002") == ["00010002", "000100020003"]
    assert ancestor_paths("00010002", "00010002") == []
    assert ancestor_paths("00010003", "00010002") == []  # another site's page


def test_trail_costs_no_query_in_a_section_and_one_deeper(centre_a, django_assert_num_queries):
    news = publish_news(news_index_of(centre_a.site.root_page), 1)[0]
    entry = EntryPage.objects.live().first()
    for page, hostname, queries in ((news, centre_a.site.hostname, 0), (entry, "localhost", 1)):
        request = RequestFactory().get("/", HTTP_HOST=hostname)
        request._wagtail_site = site = site_for_request(request)
        network(request).children(site.root_page)  # what routing the request already did
        trail(page, site, request)  # the site root paths, once per request
        with django_assert_num_queries(queries):
            assert trail(page, site, request)[-1].title == page.title
