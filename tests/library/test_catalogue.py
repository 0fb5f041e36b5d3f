"""Browsing: the hub's federated catalogue and each centre's own library, facets, sort, queries."""

import re

import lxml.html
import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from hub.models import Field
from library.factories import publish_item
from library.models import LibraryItemPage, LibraryItemStats
from tests.conftest import host_of
from tests.library.conftest import library_of

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [item.title for item in response.context["page_obj"].object_list]


def test_hub_catalogue_lists_every_centre_with_links_to_their_subsites(client, centre_a, centre_b):
    response = client.get("/thu-vien/")
    html = response.content.decode()
    total = LibraryItemPage.objects.live().count()
    assert response.context["total"] == total == 24
    items = response.context["page_obj"].object_list
    assert len({item.centre.pk for item in items}) > 1
    for item in items:
        assert item.centre.title in html
        assert f'href="http://{item.centre.site.hostname}/thu-vien/{item.slug}/"' in html


def test_centre_library_lists_only_its_own_items(client, centre_a, centre_b):
    mine = set(
        LibraryItemPage.objects.descendant_of(centre_a.site.root_page).values_list(
            "title", flat=True
        )
    )
    response = client.get("/thu-vien/", **host_of(centre_a))
    assert response.context["total"] == 3
    assert set(_titles(response)) == mine
    assert "phu-van.localhost/thu-vien" not in response.content.decode()


def test_filters_by_field_kind_and_centre_with_facet_counts(client, centre_a):
    law = Field.objects.get(slug="phap-luat")
    response = client.get(f"/thu-vien/?linh-vuc={law.slug}")
    assert response.context["total"] == LibraryItemPage.objects.filter(field=law).count()
    assert all(item.field_id == law.pk for item in response.context["page_obj"].object_list)
    response = client.get(f"/thu-vien/?trung-tam={centre_a.pk}&loai=sach")
    assert response.context["total"] == 3
    facets = {c.pk: n for c, n in response.context["centre_facets"]}
    assert facets[centre_a.pk] == 3 and sum(facets.values()) == 3


def test_most_read_first(client, centre_a):
    item = LibraryItemPage.objects.descendant_of(centre_a.site.root_page).last()
    LibraryItemStats.objects.create(page=item, reads=50)
    assert _titles(client.get("/thu-vien/?sap-xep=doc-nhieu"))[0] == item.title


@pytest.mark.parametrize(
    "query",
    [
        "?page=x",
        "?page=999",
        "?linh-vuc=khong-co",
        "?loai=<b>",
        "?trung-tam=abc",
        "?sap-xep=drop table",
        "?trung-tam=99999",
    ],
)
def test_odd_parameters_never_fail(client, query):
    response = client.get("/thu-vien/" + query)
    assert response.status_code == 200
    assert response.context["total"] == 24


def test_unpublished_and_private_items_stay_out(client, centre_a):
    item = LibraryItemPage.objects.descendant_of(centre_a.site.root_page).first()
    item.unpublish()
    response = client.get("/thu-vien/", **host_of(centre_a))
    assert item.title not in _titles(response)
    public = LibraryItemPage.objects.live().descendant_of(centre_a.site.root_page)
    assert response.context["total"] == 2 and set(_titles(response)) == {p.title for p in public}
    from wagtail.models import PageViewRestriction

    other = LibraryItemPage.objects.live().descendant_of(centre_a.site.root_page).first()
    PageViewRestriction.objects.create(page=other, restriction_type="login")
    response = client.get("/thu-vien/", **host_of(centre_a))
    assert other.title not in _titles(response)
    assert response.context["total"] == 1 and _titles(response) == [
        p.title for p in public.exclude(pk=other.pk)
    ]


def _queries(client, url, **extra) -> int:
    client.get(url, **extra)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **extra).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url", ["/thu-vien/", "/thu-vien/?sap-xep=doc-nhieu&linh-vuc=phap-luat", "/thu-vien/?page=2"]
)
def test_catalogue_queries_do_not_grow_with_items(client, centre_a, centre_b, url):
    small = _queries(client, url)
    for centre in (centre_a, centre_b):
        for _ in range(15):
            publish_item(library_of(centre), collection=centre.collection)
    LibraryItemStats.objects.bulk_create(
        LibraryItemStats(page=p, reads=p.pk % 7)
        for p in LibraryItemPage.objects.filter(stats__isnull=True)
    )
    LibraryItemStats.objects.update(reads=F("reads") + 1)
    large = _queries(client, url)
    assert small == large and large <= 12, (small, large)
    centre_small = _queries(client, "/thu-vien/", **host_of(centre_a))
    assert centre_small <= 12


def test_item_detail_queries_are_bounded(client, lam_ha_item, centre_a):
    url = lam_ha_item.relative_url(centre_a.site)
    assert _queries(client, url, **host_of(centre_a)) <= 13


def test_filter_groups_are_named_by_visible_legends(client, centre_a):
    hub = lxml.html.fromstring(client.get("/thu-vien/").content.decode())
    legends = [" ".join(t.split()) for t in hub.xpath("//details//fieldset/legend/text()")]
    assert legends == ["Lĩnh vực", "Loại tài liệu", "Trung tâm", "Sắp xếp"]
    centre = lxml.html.fromstring(client.get("/thu-vien/", **host_of(centre_a)).content.decode())
    legends = [" ".join(t.split()) for t in centre.xpath("//details//fieldset/legend/text()")]
    assert legends == ["Lĩnh vực", "Loại tài liệu", "Sắp xếp"]  # no centre filter on a centre
    for fieldset in hub.xpath("//details//fieldset"):
        assert fieldset.xpath(".//a")  # every group holds its filter links


@pytest.mark.parametrize("url", ["/thu-vien/", "/thu-vien/?loai=sach&linh-vuc=phap-luat"])
def test_no_aria_label_reads_out_a_slug(client, url):
    doc = lxml.html.fromstring(client.get(url).content.decode())
    labels = doc.xpath("//@aria-label")
    assert "Lọc và sắp xếp" in labels
    slug_like = [label for label in labels if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", label)]
    assert slug_like == []
    assert not [label for label in labels if re.search(r"[a-z]+-[a-z]+-[a-z]+", label)]
