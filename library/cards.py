"""The covers on the library's item cards (library/includes/item_card.html), made for a whole page
of items at once (issue #24).

Each card shows its item's picture (the uploaded cover, else the first page of its PDF) as a
`fill-320x440` rendition, or the cover drawn from its title and field (library/covers.py). Through
`{% image %}` each picture cost a read *and* a write of Wagtail's rendition cache, plus building
the Rendition and asking the storage for its address; each drawn cover, a template render. Here
the finished HTML of every cover of a page comes from one cache read (`get_many`) and nothing is
written when all are there. What is missing is made the way the template made it — renditions
found in one query (`prefetch_renditions`, Wagtail's own), created if need be, their `img_tag`;
drawn covers through their template — and stored for the next request.

The keys say everything the HTML depends on, so nothing needs to be forgotten when content
changes: a picture's id, file hash and focal point (as Wagtail's rendition cache keys do); a
drawn cover's title, field name and field id; and, per process, what a deploy can change (the
Wagtail version, the rendition storage, the drawn cover's template). A rendition deleted without
its picture changing (a purge) drops its entry (library/signal_handlers.py). Pictures served
through signed, expiring addresses are never kept.

Who calls it: `LibraryIndexPage.get_context` for a page of the catalogue; the card's
`{% card_cover item %}` (library/templatetags/library_cards.py) for items nobody prepared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache

from django.apps import apps
from django.core.cache import cache as default_cache
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe

COVER_SPEC = "fill-320x440"
# what a picture's cache key reads (`image_key`): listings may load these columns only
PICTURE_FIELDS = (
    "file_hash",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
)
# what item_card.html gave `{% image cover fill-320x440 loading="lazy" alt="" class="card__cover" %}`
COVER_ATTRS = {"loading": "lazy", "alt": "", "class": "card__cover"}
CLASS_NAME = "card__cover"  # the drawn cover's class on a card
GENERATED_TEMPLATE = "library/includes/generated_cover.html"
TIMEOUT = 24 * 3600
KEY_PREFIX = "library:card-cover:"


def _digest(*parts) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()  # noqa: S324 (a key)


@cache
def _deploy_salt() -> str:
    """What this process's code and settings put into a cover's HTML besides the content."""
    import wagtail
    from wagtail.images.models import get_rendition_storage

    storage = get_rendition_storage()
    path, args, kwargs = storage.deconstruct()
    return _digest(
        wagtail.__version__,
        COVER_SPEC,
        sorted(COVER_ATTRS.items()),
        CLASS_NAME,
        path,
        args,
        sorted((key, repr(value)) for key, value in kwargs.items()),
        get_template(GENERATED_TEMPLATE).template.source,
    )


def _signed_addresses() -> bool:
    from wagtail.images.models import get_rendition_storage

    return bool(getattr(get_rendition_storage(), "querystring_auth", False))


@cache
def _filter():
    from wagtail.images.models import Filter

    return Filter(spec=COVER_SPEC)  # stateless once its operations are parsed: shared


def image_key(image) -> str:
    return KEY_PREFIX + _digest(
        "image", image.pk, image.file_hash, _filter().get_cache_key(image), _deploy_salt()
    )


def generated_key(item) -> str:
    return KEY_PREFIX + _digest(
        "generated", item.title, item.field.name, item.field_id, _deploy_salt()
    )


def _image_tags(images: list) -> dict[int, tuple[SafeString, bool]]:
    """{image pk: (its card's <img> tag, whether it may be kept)} for pictures missing from the
    cache: their existing renditions in one query (and the pictures whole in another if a
    listing loaded only a few of their columns), missing renditions created as `{% image %}`
    would."""
    from wagtail.images import get_image_model
    from wagtail.images.shortcuts import get_rendition_or_not_found

    Image = get_image_model()
    distinct = {image.pk: image for image in images}
    whole = [image for image in distinct.values() if not image.get_deferred_fields()]
    partial = [pk for pk, image in distinct.items() if image.get_deferred_fields()]
    if partial:
        whole += Image.objects.filter(pk__in=partial)
    prefetch_related_objects(
        whole,
        Prefetch(
            "renditions",
            queryset=Image.get_rendition_model().objects.filter(filter_spec=COVER_SPEC),
            to_attr="prefetched_renditions",
        ),
    )
    keep = not _signed_addresses()
    tags = {}
    for image in whole:
        rendition = get_rendition_or_not_found(image, COVER_SPEC)
        found = bool(rendition.pk)  # not the stand-in for a missing original
        tags[image.pk] = (rendition.img_tag(COVER_ATTRS), keep and found)
    return tags


def _generated_tag(item) -> SafeString:
    context = {"cover": item.generated_cover, "class_name": CLASS_NAME}
    return mark_safe(render_to_string(GENERATED_TEMPLATE, context))  # noqa: S308 (a template's output)


def pictures_of(items: Iterable) -> dict:
    """{item pk: its picture or None}: its uploaded cover (loaded with the item, PICTURE_FIELDS
    at least), else the first page of its PDF — one query for all the items that need one."""
    DocumentAnalysis = apps.get_model("library", "DocumentAnalysis")  # noqa: N806 (models import cards)

    items = list(items)
    documents = {item.document_id for item in items if not item.cover_id and item.document_id}
    thumbnails = {}
    if documents:
        analyses = (
            DocumentAnalysis.objects.filter(document_id__in=documents, thumbnail__isnull=False)
            .select_related("thumbnail")
            .only("document_id", *(f"thumbnail__{name}" for name in PICTURE_FIELDS))
        )
        thumbnails = {analysis.document_id: analysis.thumbnail for analysis in analyses}
    return {
        item.pk: item.cover if item.cover_id else thumbnails.get(item.document_id) for item in items
    }


def prepare_covers(items: Iterable, pictures: dict | None = None) -> list:
    """Set `card_cover` (the cover's HTML, as item_card.html shows it) on each item; one cache
    read for them all. `pictures` is `pictures_of(items)`, else each item's `cover_image` is
    read; a drawn cover needs the item's `title`, `field` and `field_id`."""
    items = list(items)
    keys = {}
    for item in items:
        image = pictures[item.pk] if pictures is not None else item.cover_image
        item._card_image = image
        keys[id(item)] = image_key(image) if image else generated_key(item)
    found = default_cache.get_many(set(keys.values())) if keys else {}
    missing = [item for item in items if keys[id(item)] not in found]
    if missing:
        new = {}
        images = [item._card_image for item in missing if item._card_image]
        tags = _image_tags(images) if images else {}
        for item in missing:
            key = keys[id(item)]
            if item._card_image and item._card_image.pk in tags:
                html, keep = tags[item._card_image.pk]
            elif item._card_image:  # the picture was deleted meanwhile: drawn, this once
                html, keep = _generated_tag(item), False
            else:
                html, keep = _generated_tag(item), True
            found[key] = html
            if keep:
                new[key] = str(html)
        if new:
            default_cache.set_many(new, TIMEOUT)
    for item in items:
        item.card_cover = mark_safe(found[keys[id(item)]])  # noqa: S308 (made above from templates)
        del item._card_image
    return items


def forget_rendition(instance, **kwargs) -> None:
    """post_delete of a rendition: a card cover made from it must not outlive it."""
    if instance.filter_spec != COVER_SPEC:
        return
    try:
        image = instance.image
    except instance._meta.get_field("image").related_model.DoesNotExist:
        return  # deleted with its picture: no card shows it any more
    default_cache.delete(image_key(image))
