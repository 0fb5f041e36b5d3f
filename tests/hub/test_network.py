"""Each process's copy of the network (hub.federation.network): what it saves and that it never
serves anything stale or private."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from home.factories import CentreFactory
from hub import federation
from hub.models import NetworkSettings, SiteBranding
from lessons.models import LessonPage
from library.models import LibraryItemPage
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def test_loaded_once_then_no_query_until_something_changes(django_assert_num_queries):
    first = federation.network()
    with django_assert_num_queries(0):
        assert federation.network() is first
    CentreFactory()
    assert federation.network() is not first  # a new centre: a new version, a new copy


def test_an_emptied_cache_never_brings_back_an_old_copy():
    first = federation.network()
    cache.clear()  # e.g. Redis restarted; a counter would start again at a number used before
    assert federation.network() is not first


@pytest.mark.parametrize(
    "which, port",
    [
        ("hub", 80),  # the default site
        ("centre", 80),
        ("centre", 8080),  # a centre on another port: still its hostname
        ("unknown", 80),  # nobody's hostname: the default site
        ("hub", 9999),
    ],
)
def test_finds_the_site_wagtail_would_find(hub_site, centre_a, which, port):
    host = {"hub": hub_site.hostname, "centre": centre_a.site.hostname}.get(which, "khac.example")
    expected = get_site_for_hostname(host, port)
    assert federation.network().site_for(host, port).pk == expected.pk


def test_two_sites_on_one_hostname_are_told_apart_by_port(hub_site):
    other = Page.objects.get(pk=hub_site.root_page_id).get_children().first()
    Site.objects.create(hostname="cung-ten.localhost", port=8001, root_page=other)
    again = Site.objects.create(
        hostname="cung-ten.localhost", port=8002, root_page=hub_site.root_page
    )
    for port in (8001, 8002, 8003):
        expected = get_site_for_hostname("cung-ten.localhost", port)
        assert federation.network().site_for("cung-ten.localhost", port).pk == expected.pk
    assert federation.network().site_for("cung-ten.localhost", 8002).pk == again.pk


def test_each_request_gets_its_own_site_and_home_page(hub_site):
    host = hub_site.hostname
    one = federation.site_for_request(RequestFactory().get("/", HTTP_HOST=host))
    two = federation.site_for_request(RequestFactory().get("/", HTTP_HOST=host))
    assert one is not two and one.root_page is not two.root_page
    one.root_page.centre = "set by a view"
    assert not hasattr(two.root_page, "centre")
    assert one.root_page.specific is one.root_page  # already specific: no query to route


def test_renaming_a_centre_shows_in_every_footer_at_once(client, centre_a, centre_b):
    assert centre_b.title in client.get("/", **host_of(centre_a)).content.decode()
    centre_b.name = "Xã Phù Vân Mới"
    centre_b.save()
    html = client.get("/", **host_of(centre_a)).content.decode()
    assert "TTHTCĐ xã Phù Vân Mới" in html


def test_changing_network_settings_shows_at_once(client, centre_a):
    client.get("/", **host_of(centre_a))
    settings = NetworkSettings.load()
    settings.committee_name = "Ban Chỉ đạo thử nghiệm"
    settings.save()
    assert "Ban Chỉ đạo thử nghiệm" in client.get("/", **host_of(centre_a)).content.decode()
    branding = SiteBranding.for_site(centre_a.site)
    branding.tagline = "Học suốt đời"
    branding.save()
    assert "Học suốt đời" in client.get("/", **host_of(centre_a)).content.decode()


def test_a_new_restriction_applies_at_once_on_pages_and_below(client, centre_a):
    lesson = LessonPage.objects.live().descendant_of(centre_a.site.root_page).first()
    index = lesson.get_parent()
    url = lesson.relative_url(centre_a.site)
    assert client.get(url, **host_of(centre_a)).status_code == 200
    PageViewRestriction.objects.create(page=index, restriction_type="login")
    for path in (url, index.relative_url(centre_a.site)):  # to the login page, and back after
        response = client.get(path, **host_of(centre_a))
        assert (response.status_code, response["Location"]) == (302, f"/_util/login/?next={path}")
    PageViewRestriction.objects.all().delete()
    assert client.get(url, **host_of(centre_a)).status_code == 200


def test_password_restriction_still_asks_for_the_password(client, centre_a):
    item = LibraryItemPage.objects.live().descendant_of(centre_a.site.root_page).first()
    PageViewRestriction.objects.create(page=item, restriction_type="password", password="bimat")
    response = client.get(item.relative_url(centre_a.site), **host_of(centre_a))
    assert response.status_code == 200 and 'name="password"' in response.content.decode()
    assert item.title not in response.content.decode().split("<main", 1)[-1].split("</main>")[0]


def test_routes_to_sections_and_items_like_wagtail(client, centre_a):
    site = centre_a.site
    lesson = LessonPage.objects.live().descendant_of(site.root_page).first()
    item = LibraryItemPage.objects.live().descendant_of(site.root_page).first()
    for page in (lesson, lesson.get_parent(), item, item.get_parent()):
        response = client.get(page.relative_url(site), **host_of(centre_a))
        assert response.status_code == 200 and page.title in response.content.decode()
    assert client.get("/khong-co-muc-nay/", **host_of(centre_a)).status_code == 404
    assert client.get("/bai-giang/khong-co-bai-nay/", **host_of(centre_a)).status_code == 404
    lesson.unpublish()
    assert client.get(lesson.relative_url(site), **host_of(centre_a)).status_code == 404


def test_a_new_section_is_routed_once_published(client, centre_a):
    from home.models import StandardPage

    home = centre_a.site.root_page
    client.get("/", **host_of(centre_a))  # the copy now knows the home page's children
    page = StandardPage(title="Lịch học tháng này", slug="lich-hoc", live=False)
    home.add_child(instance=page)
    assert client.get("/lich-hoc/", **host_of(centre_a)).status_code == 404  # a draft
    page.save_revision().publish()
    assert client.get("/lich-hoc/", **host_of(centre_a)).status_code == 200
    # a page added live without the publish signal (a script, an import) is found all the same
    home.add_child(instance=StandardPage(title="Liên hệ thêm", slug="lien-he-them"))
    assert client.get("/lien-he-them/", **host_of(centre_a)).status_code == 200


def test_the_page_login_form_goes_home_when_it_has_no_next(client, centre_a):
    from home.factories import UserFactory

    UserFactory(username="hocvien", password="mat-khau-hoc-vien")
    response = client.post(
        "/_util/login/",
        {"username": "hocvien", "password": "mat-khau-hoc-vien"},
        **host_of(centre_a),
    )
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/", **host_of(centre_a)).status_code == 200
