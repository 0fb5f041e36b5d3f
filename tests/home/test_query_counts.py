"""Listings keep a constant number of queries as centres and news grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.factories import CentreFactory, news_index_of, publish_news
from home.models import HubHomePage
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def _grow(hub, centres: int, news_each: int):
    for _ in range(centres):
        centre = CentreFactory()
        publish_news(news_index_of(centre.site.root_page), news_each)
    publish_news(news_index_of(hub), news_each)


def _queries(client, url, **extra) -> int:
    client.get(url, **extra)  # warm per-process caches (site root paths)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **extra).status_code == 200
    return len(ctx)


HUB_URLS = ["/", "/tin-tuc/", "/tin-tuc/?page=2", "/cac-trung-tam/"]


@pytest.fixture
def hub(hub_home):
    from home.provisioning import ensure_hub_sections

    assert ensure_hub_sections(hub_home) == []  # the demo has every section
    return HubHomePage.objects.get()


def test_hub_pages_do_not_grow_with_centres_or_news(client, hub):
    """The demo's 8 centres and 43 news already fill more than a page; growing by 3 centres and
    18 news (a second and third page of news) must not add a query to any hub listing."""
    _grow(hub, centres=1, news_each=2)
    small = {url: _queries(client, url) for url in HUB_URLS}
    _grow(hub, centres=2, news_each=5)
    large = {url: _queries(client, url) for url in HUB_URLS}
    assert small == large, f"queries with 9 centres: {small}; with 11: {large}"
    assert max(large.values()) <= 12


def test_centre_pages_do_not_grow_with_news(client, hub):
    centre = CentreFactory()
    index = news_index_of(centre.site.root_page)
    publish_news(index, 2)
    small = {url: _queries(client, url, **host_of(centre)) for url in ("/", "/tin-tuc/")}
    publish_news(index, 25)
    CentreFactory()
    large = {url: _queries(client, url, **host_of(centre)) for url in ("/", "/tin-tuc/")}
    assert small == large
    assert max(large.values()) <= 12
