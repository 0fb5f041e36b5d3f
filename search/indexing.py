"""Keeping the database index (and Elasticsearch, when configured) in step with publishing, called
from tasks after commit; every change ends in hub.caching.invalidation.content_changed()."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page

from .models import SearchEntry, SearchTerm
from .query import exact_words
from .registry import registration_for, registrations
from .text import tokens


def _entry(specific, registration) -> tuple[SearchEntry, set[str]]:
    """The index row of one page and the vocabulary words it adds."""
    doc = registration.to_document(specific)
    text = " ".join([doc.title, doc.summary, doc.body, doc.extra, " ".join(doc.tags)])
    folded = " ".join(tokens(text))  # stored padded with spaces, so matches start at a word
    accented = {w for w in exact_words(text) if not w.isascii()}
    entry = SearchEntry(
        page_id=specific.pk,
        kind=registration.kind,
        title=doc.title[:255],
        title_folded=f" {' '.join(tokens(doc.title))} "[:255],
        title_exact=f" {' '.join(exact_words(doc.title))} "[:500],
        exact_words=f" {' '.join(sorted(accented))} ",
        summary=doc.summary[:2000],
        text_folded=f" {folded} ",
        path=specific.path,
        field_id=doc.field_id,
        year=doc.year,
        published_at=specific.last_published_at,
        thumbnail_url=doc.thumbnail_url[:500],
    )
    return entry, {w for w in folded.split() if 1 < len(w) <= 60}


def _add_words(words: set[str]) -> None:
    known = set(SearchTerm.objects.filter(word__in=words).values_list("word", flat=True))
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w, length=len(w)) for w in words - known],
        ignore_conflicts=True,
        batch_size=2000,
    )


def index_page(page: Page) -> bool:
    """(Re)index one page if its type is registered and it is live and public; else remove it."""
    specific = page.specific
    registration = registration_for(specific)
    if registration is None:
        return False
    if not specific.live or specific.get_view_restrictions().exists():
        remove_page(specific.pk)
        return False
    entry, words = _entry(specific, registration)
    fields = {f.attname: getattr(entry, f.attname) for f in SearchEntry._meta.concrete_fields}
    del fields["id"], fields["page_id"]
    with transaction.atomic():
        SearchEntry.objects.update_or_create(page_id=specific.pk, defaults=fields)
        _add_words(words)
    _engine("index_entry", SearchEntry.objects.get(page_id=specific.pk))
    _changed()
    return True


def _changed() -> None:
    # e.g. a PDF's text indexed by a background task after the publish: results kept in the
    # cache (search.backend) and search pages in the page cache must not hide it
    from hub.caching.invalidation import content_changed

    content_changed(keep_page_cache=True)  # the publish that led here emptied it already


def bulk_index(pages, batch: int = 1000) -> int:
    """Add index rows for many live, public pages not yet indexed (rebuilds, imports, benchmarks):
    one INSERT per batch instead of a few queries per page. Restricted pages are left out."""
    from wagtail.models import PageViewRestriction

    restricted = [r.page.path for r in PageViewRestriction.objects.select_related("page")]
    count, entries, words = 0, [], set()
    for specific in pages:
        registration = registration_for(specific)
        if registration is None or not specific.live:
            continue
        if any(specific.path.startswith(path) for path in restricted):
            continue
        entry, entry_words = _entry(specific, registration)
        entries.append(entry)
        words |= entry_words
        if len(entries) >= batch:
            count += len(SearchEntry.objects.bulk_create(entries))
            entries = []
    count += len(SearchEntry.objects.bulk_create(entries))
    _add_words(words)
    return count


def remove_page(page_id: int) -> None:
    SearchEntry.objects.filter(page_id=page_id).delete()
    _engine("delete_entry", page_id)
    _changed()


def _engine(action: str, *args) -> None:
    """Mirror a change into Elasticsearch when configured; a down engine is fixed by a rebuild."""
    from django.conf import settings

    if not settings.SEARCH_URL:
        return
    from . import elastic

    try:
        getattr(elastic, action)(*args)
    except Exception:  # noqa: BLE001 (the database index stays right; status shows the gap)
        import logging

        logging.getLogger(__name__).warning(
            "search engine update failed (%s)", action, exc_info=True
        )


def reindex_subtree(page: Page) -> int:
    count = 0
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific():
        count += index_page(descendant)
    return count


def rebuild() -> int:
    """Index every live page of every registered type (the database index has no alias swap:
    it is rebuilt inside one transaction, so searches never see it half-built)."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        count = 0
        for registration in registrations():
            count += bulk_index(registration.model.objects.live().specific().iterator(500))
    from django.conf import settings

    _changed()

    if settings.SEARCH_URL:
        from . import elastic

        elastic.rebuild(SearchEntry.objects.all())
    return count
