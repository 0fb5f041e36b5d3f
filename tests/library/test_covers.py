"""An item without a picture gets a generated cover (its title and field on the field's colour,
the size of a real cover); an item with a cover shows its image."""

import lxml.html
import pytest
import wagtail_factories

from hub.models import Field
from library.covers import HEIGHT, PALETTE, WIDTH, colour_for, cover_for, wrap
from library.factories import publish_item
from tests.conftest import host_of
from tests.library.conftest import library_of

# --- the plain functions ----------------------------------------------------------------------


def test_wrap_breaks_between_words_within_the_width():
    assert wrap("Kỹ thuật trồng rau sạch trong thùng xốp", 16, 6) == [
        "Kỹ thuật trồng",
        "rau sạch trong",
        "thùng xốp",
    ]
    assert wrap("Pháp luật", 16, 6) == ["Pháp luật"]


def test_wrap_cuts_a_word_longer_than_a_line():
    assert wrap("https://example.vn/tai-lieu", 10, 6) == ["https://ex", "ample.vn/t", "ai-lieu"]


def test_wrap_ends_a_title_too_long_for_the_cover_with_an_ellipsis():
    lines = wrap("một " * 40, 16, 6)
    assert len(lines) == 6
    assert all(len(line) <= 16 for line in lines)
    assert lines[-1].endswith("…")


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_every_colour_keeps_white_text_readable():
    for colour in PALETTE:
        assert 1.05 / (_luminance(colour) + 0.05) >= 4.5, colour


def test_colour_is_fixed_per_field_and_twelve_consecutive_fields_differ():
    assert colour_for(3) == colour_for(3)
    assert len({colour_for(n) for n in range(1, 13)}) == 12


def test_cover_keeps_title_above_the_field_band_and_the_field_inside_it():
    cover = cover_for("Sử dụng điện thoại thông minh " * 5, "Giáo dục – Khuyến học", 7)
    assert (cover.width, cover.height) == (WIDTH, HEIGHT) == (320, 440)
    assert cover.background == colour_for(7)
    assert 1 <= len(cover.title) <= 6
    assert max(line.y for line in cover.title) < 330  # the field's band starts at 330
    assert all(330 < line.y < HEIGHT for line in cover.field)
    assert " ".join(line.text for line in cover.field) == "Giáo dục – Khuyến học"


# --- rendering ----------------------------------------------------------------------------------


def _card(html: str, title: str):
    doc = lxml.html.fromstring(html)
    cards = doc.xpath(f"//li[contains(@class, 'card')][.//h3/a[normalize-space()='{title}']]")
    assert len(cards) == 1, title
    return cards[0]


@pytest.mark.django_db
def test_item_without_a_cover_shows_a_generated_cover_with_title_and_field(client, centre_a):
    law = Field.objects.get(slug="phap-luat")
    item = publish_item(
        library_of(centre_a),
        title="Hỏi đáp về hợp đồng lao động",
        field=law,
        document=None,
        collection=centre_a.collection,
    )
    assert item.cover_image is None

    html = client.get("/thu-vien/?sap-xep=ten", **host_of(centre_a)).content.decode()
    card = _card(html, item.title)
    assert card.xpath(".//img") == []
    [svg] = card.xpath(".//svg[@data-testid='generated-cover']")
    assert (svg.get("width"), svg.get("height")) == ("320", "440")
    assert svg.get("aria-hidden") == "true"
    assert " ".join(svg.xpath(".//text[@data-cover='title']/tspan/text()")) == item.title
    assert " ".join(svg.xpath(".//text[@data-cover='field']/tspan/text()")) == "Pháp luật"
    assert svg.xpath(".//rect/@fill")[0] == colour_for(law.pk)

    page = lxml.html.fromstring(
        client.get(item.relative_url(centre_a.site), **host_of(centre_a)).content.decode()
    )
    [svg] = page.xpath("//article//svg[@data-testid='generated-cover']")
    assert "library-item__cover" in svg.get("class")
    assert " ".join(svg.xpath(".//text[@data-cover='title']/tspan/text()")) == item.title


@pytest.mark.django_db
def test_item_with_a_cover_shows_its_image_not_a_generated_one(client, centre_a):
    image = wagtail_factories.ImageFactory(
        title="Bìa sách", collection=centre_a.collection, file__width=640, file__height=880
    )
    item = publish_item(
        library_of(centre_a),
        title="Sổ tay nuôi ong lấy mật",
        cover=image,
        document=None,
        collection=centre_a.collection,
    )
    html = client.get("/thu-vien/?sap-xep=ten", **host_of(centre_a)).content.decode()
    card = _card(html, item.title)
    assert card.xpath(".//svg") == []
    [img] = card.xpath(".//img[contains(@class, 'card__cover')]")
    assert (img.get("width"), img.get("height")) == ("320", "440")
    assert "/images/" in img.get("src")
