"""The hub catalogue's centre filter in a large network (issue #24): counted with one GROUP BY,
not one count per centre; the centres with the most items shown with a search by name (without
diacritics) instead of one link per centre; other filters kept."""

from types import SimpleNamespace

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.models import Centre, Field
from hub.pagekit import catalogue
from library.models import LibraryItemPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings):
    # the demo's 8 centres stand for a network above the threshold
    settings.CATALOGUE_CENTRE_FACETS = 3


def _items_of(centre, **filters) -> int:
    return (
        LibraryItemPage.objects.live()
        .filter(path__startswith=centre.site.root_page.path, **filters)
        .count()
    )


def _facet_names(response) -> list[str]:
    return [c.name for c, _n in response.context["centre_facets"]]


def test_counts_per_centre_are_exact(client):
    response = client.get("/thu-vien/")
    counted = {c.pk: n for c, n in response.context["centre_facets"]}
    expected = {c.pk: _items_of(c) for c in Centre.objects.all()}
    assert counted == expected and sum(counted.values()) == response.context["total"]


def test_a_large_network_shows_the_busiest_centres_and_a_search(client, large):
    response = client.get("/thu-vien/")
    busiest = sorted(
        ((c.name, _items_of(c)) for c in Centre.objects.all() if _items_of(c)),
        key=lambda pair: (-pair[1], pair[0]),
    )
    assert [(c.name, n) for c, n in response.context["centre_facets"]] == busiest[:3]
    assert response.context["centre_search"]["hidden"] == len(busiest) - 3
    doc = lxml.html.fromstring(response.content)
    (field,) = doc.xpath('//form[@class="facet-search"]//input[@name="tim-trung-tam"]')
    assert field.get("value") == ""
    assert f"Còn {len(busiest) - 3} trung tâm khác" in response.content.decode()


def test_a_name_typed_without_diacritics_filters_by_that_centre(client, large, centre_b):
    response = client.get("/thu-vien/?tim-trung-tam=PHU+ van")
    assert response.status_code == 200
    assert response.context["centre"] == centre_b
    assert response.context["total"] == _items_of(centre_b) > 0
    assert _facet_names(response) == [centre_b.name]
    items = response.context["page_obj"].object_list
    assert items and all(i.path.startswith(centre_b.site.root_page.path) for i in items)


def test_a_name_matching_several_centres_lists_them_and_filters_nothing(client, large):
    response = client.get("/thu-vien/?tim-trung-tam=phuong")
    expected = sorted(c.name for c in Centre.objects.all() if "Phường" in c.name)
    assert len(expected) > 1
    assert _facet_names(response) == expected
    assert response.context["centre"] is None
    assert response.context["total"] == LibraryItemPage.objects.live().count()


def test_an_unknown_name_says_so_and_keeps_the_other_filters(client, large):
    law = Field.objects.get(slug="phap-luat")
    response = client.get(f"/thu-vien/?linh-vuc={law.slug}&tim-trung-tam=khong+co+dau")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không có trung tâm nào có tên như “khong co dau”." in html
    assert response.context["total"] == LibraryItemPage.objects.live().filter(field=law).count()
    doc = lxml.html.fromstring(response.content)
    hidden = {
        i.get("name"): i.get("value")
        for i in doc.xpath('//form[@class="facet-search"]//input[@type="hidden"]')
    }
    assert hidden == {"linh-vuc": law.slug}


def test_one_query_of_the_same_size_counts_8_or_3300_centres():
    items = LibraryItemPage.objects.live()
    real = [
        SimpleNamespace(pk=c.pk, root_path=c.root_path, name=c.name) for c in Centre.objects.all()
    ]

    def counted(centres):
        by_path = {c.root_path: c for c in centres}
        with CaptureQueriesContext(connection) as queries:
            counts = catalogue._centre_counts(items, by_path)
        return counts, [q["sql"] for q in queries]

    few, few_sql = counted(real)
    # 3,300 centres whose homes are siblings of the real ones (same path length, no items)
    length = len(real[0].root_path)
    fake = [
        SimpleNamespace(
            pk=10_000 + n, root_path=real[0].root_path[:-4] + f"{n:04X}"[-4:], name=f"Xã {n}"
        )
        for n in range(3300)
    ]
    fake = [c for c in fake if c.root_path not in {r.root_path for r in real}]
    many, many_sql = counted(real + fake)
    assert len(few_sql) == len(many_sql) == 1 and few_sql == many_sql
    assert {k: v for k, v in many.items() if k in few} == few
    assert all(many[f"centre_{c.pk}"] == 0 for c in fake)
    assert all(len(c.root_path) == length for c in fake)
    busiest = sorted(
        (c for c in real if few[f"centre_{c.pk}"]), key=lambda c: (-few[f"centre_{c.pk}"], c.name)
    )
    assert few["centre_top"] == [c.root_path for c in busiest][: catalogue.BUSIEST_KEPT]
    assert few["centre_with_items"] == many["centre_with_items"] == len(busiest)
