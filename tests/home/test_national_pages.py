"""The hub's public pages in a national network (issue #24, figures in docs/NATIONAL.md): the hub
home links to the directory and searches it instead of listing every centre; the directory
counts each centre of its page by ranges of the path index, exactly, in one query."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from hub.federation import _after_subtree, aggregate_by_centre
from hub.models import Centre
from lessons.models import LessonPage
from library.models import LibraryItemPage
from tests.hub.test_admin_at_scale import add_centres

pytestmark = pytest.mark.django_db


def _home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response, lxml.html.fromstring(response.content)


def test_the_hub_home_links_to_the_directory_above_40_centres(client, centre_a):
    small, doc = _home(client)
    assert doc.xpath('//section[@aria-labelledby="centres-heading"]//a[contains(., "Lam Hạ")]')
    add_centres(centre_a, 41 - Centre.objects.count() + 1)  # 41 + 1 centres: above 40
    total = Centre.objects.count()
    assert total == 42
    large, doc = _home(client)
    (section,) = doc.xpath('//section[@aria-labelledby="centres-heading"]')
    assert not section.xpath('.//a[contains(., "Quốc Gia")]')  # no link per centre
    (link,) = section.xpath(".//a")
    assert (
        link.get("href") == "/cac-trung-tam/"
        and link.text_content() == f"Danh bạ {total} trung tâm"
    )
    (form,) = section.xpath(".//form")
    assert form.get("action") == "/cac-trung-tam/" and form.xpath('.//input[@name="q"]')
    # the search it sends finds a centre typed without diacritics
    found = client.get("/cac-trung-tam/?q=phu+van").context["rows"]
    assert [row["centre"].name for row in found] == ["Xã Phù Vân"]


def test_directory_counts_are_exact_and_one_query_for_a_page_of_centres(client, centre_a, centre_b):
    client.get("/cac-trung-tam/")  # the network copy loaded
    with CaptureQueriesContext(connection) as queries:
        rows = client.get("/cac-trung-tam/").context["rows"]
    counting = [q for q in queries if "wagtailcore_page" in q["sql"] and "COUNT" in q["sql"]]
    assert len(counting) == 1
    for row in rows:
        home = row["centre"].site.root_page
        live = Page.objects.live().descendant_of(home, inclusive=True)
        assert row["library"] == live.type(LibraryItemPage).count()
        assert row["lessons"] == live.exact_type(LessonPage).count()
    assert {r["centre"].pk for r in rows} >= {centre_a.pk, centre_b.pk}


def test_a_few_centres_are_read_by_path_ranges_and_all_by_one_pass(centre_a, centre_b):
    few = [centre_a, centre_b]
    with CaptureQueriesContext(connection) as queries:
        counted = aggregate_by_centre(Page.objects.live(), few, n=Count("pk"))
    (sql,) = [q["sql"] for q in queries]
    assert f"\"path\" >= '{centre_a.root_path}'" in sql
    for centre in few:
        assert (
            counted[centre.pk]["n"]
            == Page.objects.live().descendant_of(centre.site.root_page, inclusive=True).count()
        )


@pytest.mark.parametrize(
    ("path", "after"),
    [("00010002", "00010003"), ("0001000Z", "0001001"), ("000100ZZ", "000101"), ("0001", "0002")],
)
def test_the_path_after_a_subtree(path, after):
    assert _after_subtree(path) == after
    assert path < after and path + "ZZZZ" < after


def test_the_listings_read_their_newest_items_through_the_type_and_date_index(client):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'hoctap_page_type_published'"
        )
        (definition,) = cursor.fetchone()
    assert "(content_type_id, first_published_at DESC, id DESC)" in definition
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/thu-vien/").status_code == 200
    listing = [q["sql"] for q in queries if "LIMIT 12" in q["sql"]]
    assert len(listing) == 1 and '"wagtailcore_page"."content_type_id" =' in listing[0]
