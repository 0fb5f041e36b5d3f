"""The catalogue made fast (issue #24) and still the same: covers made for a whole page at once
(library/cards.py) give the HTML the card made item by item with `{% image %}` and its include,
with one cache read for every cover of a page and no cache write once they are there, and never
a stale cover; the listing loads only the columns the cards show."""

import re

import pytest
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.template import RequestContext, Template
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from hub.models import Field
from library import cards
from library.factories import publish_item
from library.models import DocumentAnalysis, LibraryItemPage
from tests.conftest import host_of
from tests.library.conftest import library_of

pytestmark = pytest.mark.django_db

# library/includes/item_card.html as it was before issue #24: one `{% image %}` (a rendition
# cache read and write) or one template render per cover
CARD_BEFORE = """{% load wagtailcore_tags wagtailimages_tags i18n %}
<li class="card card--item">
    {% with cover=item.cover_image %}{% if cover %}{% image cover fill-320x440 loading="lazy" alt="" class="card__cover" %}{% else %}{% include "library/includes/generated_cover.html" with cover=item.generated_cover class_name="card__cover" %}{% endif %}{% endwith %}
    <div class="card__body">
        <span class="chip">{{ item.get_kind_display }}</span> <span class="chip">{{ item.field.label }}</span>
        <h3 class="card__title"><a href="{% pageurl item %}">{{ item.title }}</a></h3>
        <p class="card__meta">{% if item.authors %}{{ item.authors }}{% endif %}{% if item.year %} · {{ item.year }}{% endif %}{% if show_centre and item.centre %}<br>{{ item.centre.title }}{% endif %}</p>
        {% if item.reads %}<p class="card__meta">{% blocktrans count n=item.reads %}{{ n }} lượt đọc{% plural %}{{ n }} lượt đọc{% endblocktrans %}</p>{% endif %}
    </div>
</li>
"""


@pytest.fixture
def three_kinds(centre_a):
    """Newest items of Lam Hạ: an uploaded cover, a PDF's first page, and neither."""
    library = library_of(centre_a)
    law = Field.objects.get(slug="phap-luat")
    uploaded = publish_item(
        library,
        title="Sổ tay nuôi ong lấy mật",
        cover=wagtail_factories.ImageFactory(
            title="Bìa <ong>", collection=centre_a.collection, file__width=640, file__height=880
        ),
        document=None,
        collection=centre_a.collection,
    )
    pdf = publish_item(library, title="Cẩm nang tiết kiệm điện", collection=centre_a.collection)
    DocumentAnalysis.objects.update_or_create(
        document=pdf.document,
        defaults={
            "file_name": "tiet-kiem-dien.pdf",
            "page_count": 3,
            "thumbnail": wagtail_factories.ImageFactory(
                title="Trang đầu", collection=centre_a.collection, file__width=595, file__height=842
            ),
        },
    )
    drawn = publish_item(
        library,
        title="Hỏi đáp về hợp đồng lao động & bảo hiểm",
        field=law,
        document=None,
        collection=centre_a.collection,
    )
    return uploaded, pdf, drawn


def _cards(html: str) -> str:
    return re.search(r'<ul class="cards" data-testid="catalogue">(.*?)</ul>', html, re.S).group(1)


def _cards_before(response, federated: bool) -> str:
    """The page's cards rendered the way they were before, from the page's own items."""
    template = Template(CARD_BEFORE)
    return "".join(
        template.render(
            RequestContext(response.wsgi_request, {"item": item, "show_centre": federated})
        )
        for item in response.context["page_obj"].object_list
    )


@pytest.mark.parametrize(
    ("url", "centre"), [("/thu-vien/", None), ("/thu-vien/?sap-xep=ten", None), ("/thu-vien/", "a")]
)
def test_cards_are_the_same_html_as_before_cold_and_warm(
    client, centre_a, three_kinds, url, centre
):
    extra = host_of(centre_a) if centre else {}
    cold = client.get(url, **extra)
    warm = client.get(url, **extra)
    assert _cards(cold.content.decode()) == _cards(warm.content.decode())
    assert _cards(warm.content.decode()) == _cards_before(warm, federated=not centre)


def test_each_kind_of_cover_is_the_one_image_or_drawing_as_before(client, centre_a, three_kinds):
    uploaded, pdf, drawn = three_kinds
    response = client.get("/thu-vien/", **host_of(centre_a))
    shown = {item.pk: item for item in response.context["page_obj"].object_list}
    assert {uploaded.pk, pdf.pk, drawn.pk} <= set(shown)
    for item, kind in ((uploaded, "img"), (pdf, "img"), (drawn, "svg")):
        html = shown[item.pk].card_cover
        assert html.lstrip().startswith(f"<{kind}"), (item.title, html[:40])
    assert 'alt=""' in shown[uploaded.pk].card_cover  # decorative, not the image's title
    assert uploaded.cover.get_rendition("fill-320x440").url in shown[uploaded.pk].card_cover
    thumbnail = DocumentAnalysis.objects.get(document=pdf.document).thumbnail
    assert thumbnail.get_rendition("fill-320x440").url in shown[pdf.pk].card_cover
    assert "Hỏi đáp về" in shown[drawn.pk].card_cover
    assert "&amp;" in shown[drawn.pk].card_cover  # escaped as the template escapes it


class _Spy:
    """The default cache's reads and writes during a request (the calls made to it, not those
    it makes to itself: the local-memory cache reads `get_many` with `get`)."""

    def __init__(self, monkeypatch):
        self.reads, self.writes = [], []
        self.depth = 0
        for name, log in (("get", self.reads), ("get_many", self.reads)):
            self._wrap(monkeypatch, name, log)
        for name in ("set", "set_many", "add"):
            self._wrap(monkeypatch, name, self.writes)

    def _wrap(self, monkeypatch, name, log):
        original = getattr(cache, name)

        def spy(key, *args, **kwargs):
            if not self.depth:
                log.append((name, key))
            self.depth += 1
            try:
                return original(key, *args, **kwargs)
            finally:
                self.depth -= 1

        monkeypatch.setattr(cache, name, spy)

    @staticmethod
    def covers(calls) -> list[tuple[str, list[str]]]:
        """The calls that read or wrote covers: (method, the keys about covers)."""
        found = []
        for name, key in calls:
            keys = [key] if isinstance(key, str) else list(key)
            keys = [k for k in keys if k.startswith((cards.KEY_PREFIX, "wagtail-rendition-"))]
            if keys:
                found.append((name, keys))
        return found


def test_a_page_of_covers_is_one_cache_read_and_no_write(
    client, centre_a, three_kinds, monkeypatch
):
    client.get("/thu-vien/")
    spy = _Spy(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/thu-vien/")
    assert response.status_code == 200
    covers = len(response.context["page_obj"].object_list)
    assert covers == 12
    assert [name for name, _key in spy.covers(spy.reads)] == ["get_many"]
    assert spy.covers(spy.writes) == []
    assert not [q for q in queries.captured_queries if "rendition" in q["sql"]]


def test_missing_covers_are_made_with_one_rendition_query(client, centre_a, three_kinds):
    client.get("/thu-vien/")  # the renditions exist now
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get("/thu-vien/")
    assert len([q for q in queries.captured_queries if "rendition" in q["sql"]]) == 1


def test_a_new_picture_or_focal_point_shows_at_once(client, centre_a, three_kinds):
    uploaded, _pdf, _drawn = three_kinds

    def cover() -> str:
        response = client.get("/thu-vien/", **host_of(centre_a))
        return next(
            i.card_cover for i in response.context["page_obj"].object_list if i.pk == uploaded.pk
        )

    before = cover()
    image = get_image_model().objects.get(pk=uploaded.cover_id)
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width = image.focal_point_height = 20
    image.save()
    moved = cover()
    assert moved != before
    assert image.get_rendition("fill-320x440").url in moved

    # a purge of the renditions (`wagtail_update_image_renditions --purge-only`) drops the cover
    key = cards.image_key(image)
    assert cache.get(key) == moved
    image.renditions.all().delete()
    assert cache.get(key) is None
    again = cover()
    assert image.get_rendition("fill-320x440").url in again


def test_signed_addresses_are_never_kept(client, centre_a, three_kinds, monkeypatch):
    monkeypatch.setattr(cards, "_signed_addresses", lambda: True)
    client.get("/thu-vien/", **host_of(centre_a))
    spy = _Spy(monkeypatch)
    client.get("/thu-vien/", **host_of(centre_a))
    written = [key for _name, keys in spy.covers(spy.writes) for key in keys]
    uploaded, pdf, _drawn = three_kinds
    images = [uploaded.cover, DocumentAnalysis.objects.get(document=pdf.document).thumbnail]
    assert not {cards.image_key(image) for image in images} & set(written)


def test_an_item_card_outside_the_catalogue_still_shows_its_cover(centre_a, three_kinds, rf):
    uploaded, _pdf, drawn = three_kinds
    template = Template("{% load library_cards %}{% card_cover item %}")
    for item in (uploaded, drawn):
        item = LibraryItemPage.objects.get(pk=item.pk)
        html = template.render(RequestContext(rf.get("/"), {"item": item}))
        before = Template(CARD_BEFORE).render(RequestContext(rf.get("/"), {"item": item}))
        assert html and html in before


def test_the_listing_loads_what_the_cards_show_and_nothing_per_item(client, centre_a, three_kinds):
    client.get("/thu-vien/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/thu-vien/")
    items = list(response.context["page_obj"].object_list)
    assert len(items) == 12
    for item in items:
        assert {"summary", "licence", "search_description", "latest_revision_id"} <= (
            item.get_deferred_fields()
        )
        assert LibraryItemPage.field.is_cached(item)  # from the cached taxonomy, not a join
    # the page of items, and the first pages of PDFs for the items without an uploaded cover
    assert len(queries) <= 2, [q["sql"][:120] for q in queries.captured_queries]


def test_by_name_is_by_title_and_no_item_shows_on_two_pages(client):
    pages = [
        list(client.get(f"/thu-vien/?sap-xep=ten&page={n}").context["page_obj"].object_list)
        for n in (1, 2)
    ]
    shown = [item.pk for page in pages for item in page]
    assert len(shown) == len(set(shown)) == 24  # the demo repeats titles between centres
    expected = LibraryItemPage.objects.live().order_by("title", "pk").values_list("pk", flat=True)
    assert shown == list(expected)
