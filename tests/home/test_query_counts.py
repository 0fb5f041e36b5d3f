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


@pytest.fixture
def hub(hub_home):
    from home.demo import _hub_sections

    _hub_sections(hub_home)
    return HubHomePage.objects.get()


@pytest.mark.parametrize("url", ["/", "/tin-tuc/", "/tin-tuc/?page=2", "/cac-trung-tam/"])
def test_hub_pages_do_not_grow_with_centres_or_news(client, hub, url):
    _grow(hub, centres=2, news_each=3)
    small = _queries(client, url)
    _grow(hub, centres=6, news_each=12)
    large = _queries(client, url)
    assert small == large, f"{url}: {small} queries with 2 centres, {large} with 8"
    assert large <= 12


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
