"""Every page type renders on its own site, links between hub and centres, sitemap and robots."""

import datetime
import re

import pytest

from home.demo import load_demo_network
from home.factories import news_index_of, publish_news
from home.models import (
    HUB_NEWS,
    CentreDirectoryPage,
    HubHomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from hub.models import Centre
from lessons.models import LessonIndexPage
from library.models import LibraryIndexPage
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(hub_home):
    return Centre.objects.with_site()


def test_every_page_type_renders_on_its_own_site(client, demo):
    seen = set()
    for model in (
        HubHomePage,
        NewsIndexPage,
        NewsPage,
        StandardPage,
        CentreDirectoryPage,
        LibraryIndexPage,
        LessonIndexPage,
    ):
        for page in model.objects.live():
            site_id, root_url, path = page.get_url_parts()
            response = client.get(path, HTTP_HOST=root_url.split("://")[1])
            assert response.status_code == 200, (model, page.url_path)
            assert page.title in response.content.decode()
            seen.add(model)
    centre = demo.first()
    response = client.get("/", **host_of(centre))
    assert response.status_code == 200
    assert response.templates[0].name == "home/centre_home_page.html"
    assert len(seen) == 7


def test_hub_home_links_to_every_centre_and_shows_their_news(client, demo):
    content = client.get("/").content.decode()
    for centre in demo:
        assert f'href="http://{centre.site.hostname}/"' in content
    assert "Tin mới từ các trung tâm" in content
    news = content.split('id="news-heading"')[1].split("</section>")[0]
    assert news.count('class="card"') == HUB_NEWS == 6


def test_centre_pages_link_back_to_the_hub_and_to_each_other(client, demo):
    centre = demo.get(name="Phường Lam Hạ")
    content = client.get("/tin-tuc/", **host_of(centre)).content.decode()
    assert 'data-testid="link-to-hub"' in content
    assert 'href="http://localhost/"' in content
    assert 'href="http://phu-van.localhost/"' in content
    assert "TTHTCĐ phường Lam Hạ" in content


def test_centre_news_index_shows_only_its_own_news_and_hub_shows_all(client, demo):
    lam_ha = demo.get(name="Phường Lam Hạ")
    publish_news(
        news_index_of(lam_ha.site.root_page),
        1,
        title="Chỉ có ở Lam Hạ",
        date=datetime.date(2030, 1, 1),
    )
    phu_van = demo.get(name="Xã Phù Vân")
    assert "Chỉ có ở Lam Hạ" not in client.get("/tin-tuc/", **host_of(phu_van)).content.decode()
    assert "Chỉ có ở Lam Hạ" in client.get("/tin-tuc/", **host_of(lam_ha)).content.decode()
    hub_news = client.get("/tin-tuc/").content.decode()
    assert "Chỉ có ở Lam Hạ" in hub_news and "TTHTCĐ phường Lam Hạ" in hub_news


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=9999", "?page=-1", "?loai=<script>", "?loai=thong-bao"]
)
def test_news_index_survives_odd_query_strings(client, demo, query):
    response = client.get("/tin-tuc/" + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_directory_lists_counts_and_contacts(client, demo):
    content = client.get("/cac-trung-tam/").content.decode()
    for centre in demo:
        assert centre.title in content
        assert centre.address in content
    rows = client.get("/cac-trung-tam/").context["rows"]
    assert {row["news"] for row in rows} == {5}
    assert {row["library"] for row in rows} == {row["lessons"] for row in rows} == {3}
    assert all(row["last_update"] is not None for row in rows)


def test_sitemap_and_robots_are_per_site(client, demo):
    centre = demo.get(name="Phường Minh Khai")
    sitemap = client.get("/sitemap.xml", **host_of(centre)).content.decode()
    assert "http://minh-khai.localhost/tin-tuc/" in sitemap
    assert "lam-ha.localhost" not in sitemap
    hub_sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://localhost/cac-trung-tam/" in hub_sitemap
    assert "minh-khai.localhost" not in hub_sitemap
    robots = client.get("/robots.txt", **host_of(centre)).content.decode()
    assert "Sitemap: http://minh-khai.localhost/sitemap.xml" in robots
    assert "Disallow: /admin/" in robots


def test_frame_is_readable_and_vietnamese(client, demo):
    response = client.get("/")
    content = response.content.decode()
    assert '<html lang="vi"' in content
    assert 'data-text-size="1.25"' in content
    assert 'name="viewport"' in content
    assert "Hội Khuyến học Việt Nam" in content


def test_branding_colour_differs_per_centre(client, demo):
    lam_ha = client.get("/", **host_of(demo.get(name="Phường Lam Hạ"))).content.decode()
    phu_van = client.get("/", **host_of(demo.get(name="Xã Phù Vân"))).content.decode()
    assert "--brand: #0b6e4f" in lam_ha
    assert "--brand: #9c1c3b" in phu_van


def test_demo_loader_is_idempotent(demo):
    before = (Centre.objects.count(), NewsPage.objects.count())
    load_demo_network(port=80, log=lambda _msg: None)
    # 3 hub news + 5 per centre + the Lam Hạ editor's draft and the contributor's news in review
    assert (Centre.objects.count(), NewsPage.objects.count()) == before == (8, 3 + 8 * 5 + 2)


def test_menu_follows_publishing(client, demo):
    centre = demo.get(name="Phường Quang Trung")
    library = LibraryIndexPage.objects.descendant_of(centre.site.root_page).get()
    assert 'href="/thu-vien/"' in client.get("/", **host_of(centre)).content.decode()
    library.unpublish()
    assert 'href="/thu-vien/"' not in client.get("/", **host_of(centre)).content.decode()
    library.save_revision().publish()
    assert 'href="/thu-vien/"' in client.get("/", **host_of(centre)).content.decode()


def test_vietnamese_by_default_even_for_english_phones_until_the_visitor_switches(client, demo):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi"' in content
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert '<html lang="en"' in client.get("/").content.decode()


def test_english_is_available_through_django_i18n(client, demo):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = client.get("/").content.decode()
    assert "Latest news from the centres" in content
    assert "Tin mới từ các trung tâm" not in content


def test_language_links_switch_without_a_form_and_stay_on_the_site(client, demo):
    html = client.get("/tin-tuc/").content.decode()
    assert "csrfmiddlewaretoken" not in html  # no form: pages stay cacheable
    link = re.search(r'href="(/ngon-ngu/\?lang=en[^"]*)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/tin-tuc/"
    assert response.cookies["django_language"]["max-age"] == 365 * 24 * 3600
    assert '<html lang="en"' in client.get("/").content.decode()
    evil = client.get("/ngon-ngu/", {"lang": "vi", "next": "https://evil.example/"})
    assert (evil.status_code, evil["Location"]) == (302, "/")  # never off the site
    unknown = client.get("/ngon-ngu/", {"lang": "xx"})
    assert (unknown.status_code, unknown["Location"]) == (302, "/")
    assert "django_language" not in unknown.cookies  # an unknown language is not remembered
    assert '<html lang="vi"' in client.get("/").content.decode()
