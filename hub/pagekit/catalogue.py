"""Faceted browsing shared by the library and the lessons: filters, drill-down facet counts,
sort and pagination with a fixed number of queries (one aggregate + one page of items)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Q

from hub.caching.invalidation import cached_for_content
from hub.federation import aggregate_by_centre, centres_matching
from hub.models import Field

from .listing import paginate_counted

# Above this many centres (a provincial or national network) the centre facet lists the centres
# with the most items and a search by name instead of one link per centre (the setting
# CATALOGUE_CENTRE_FACETS changes it).
CENTRE_FACETS_SHOWN = 12
CENTRE_MATCHES_SHOWN = 30
BUSIEST_KEPT = 100  # the busiest centres kept with the cached counts (more than are shown)


def centre_facets_shown() -> int:
    return getattr(settings, "CATALOGUE_CENTRE_FACETS", CENTRE_FACETS_SHOWN)


@dataclass(frozen=True)
class ChoiceFacet:
    """A facet over a model field with fixed choices, e.g. kind or audience."""

    param: str  # query-string parameter, e.g. "loai"
    field: str  # model field name
    choices: list[tuple[str, str]]


def browse(
    request,
    items,
    centres: dict,
    *,
    facets: list[ChoiceFacet],
    sorts: dict,
    default_sort: str,
    select_related=(),
    prefetch_related=(),
    annotate=None,
    only=(),
    per_page: int = 12,
) -> dict:
    """Filter `items` by field (lĩnh vực), each choice facet and centre; count; sort; paginate.
    `only` limits the listed items to the fields their cards show (QuerySet.only())."""
    # the listing's own page type on the page table: its newest items come from the
    # (content type, first published) index, not a walk over every page by date (hub migration 0013)
    items = items.filter(content_type=ContentType.objects.get_for_model(items.model))
    fields = Field.objects.cached()
    field = {f.slug: f for f in fields}.get(request.GET.get("linh-vuc", ""))
    if field:
        items = items.filter(field=field)
    chosen = {}
    for facet in facets:
        values = {value for value, _label in facet.choices}
        value = request.GET.get(facet.param)
        if value in values:
            chosen[facet.param] = value
            items = items.filter(**{facet.field: value})
    centre = None
    many = len(centres) > centre_facets_shown()
    centre_query = request.GET.get("tim-trung-tam", "").strip()[:100] if many else ""
    matches = None
    if centres:
        wanted = request.GET.get("trung-tam", "")
        centre = next((c for c in centres.values() if str(c.pk) == wanted), None)
        if centre_query:
            matches = centres_matching(sorted(centres.values(), key=lambda c: c.name), centre_query)
            if centre is None and len(matches) == 1:
                centre = matches[0]  # one centre answers the name: filter by it
        if centre:
            items = items.filter(path__startswith=centre.root_path)

    def count():
        aggregates = {"total": Count("pk")}
        aggregates.update({f"field_{f.pk}": Count("pk", filter=Q(field_id=f.pk)) for f in fields})
        for n, facet in enumerate(facets):
            aggregates.update(
                {
                    f"f{n}_{i}": Count("pk", filter=Q(**{facet.field: value}))
                    for i, (value, _label) in enumerate(facet.choices)
                }
            )
        counts = items.aggregate(**aggregates)
        counts.update(_centre_counts(items, centres))
        return counts

    # the facet counts of this exact filter, kept until any page changes (one cache read instead
    # of counting tens of thousands of rows on every request; the ~70 aggregates are only built
    # when the cache misses)
    try:
        sql, params = items.query.sql_with_params()
    except EmptyResultSet:
        sql, params = "empty", ()
    counts = cached_for_content("catalogue", f"{sql}{params}", count)

    sort = request.GET.get("sap-xep") if request.GET.get("sap-xep") in sorts else default_sort
    listing = items
    if annotate:
        listing = listing.annotate(**annotate)
    listing = listing.select_related(*select_related).prefetch_related(*prefetch_related)
    if only:
        listing = listing.only(*only)
    page_obj = paginate_counted(
        request, listing.order_by(*sorts[sort][0]), counts["total"], per_page
    )
    return {
        "page_obj": page_obj,
        "total": counts["total"],
        "field": field,
        "centre": centre,
        "chosen": chosen,
        "sort": sort,
        "sorts": {key: label for key, (_order, label) in sorts.items()},
        "field_facets": [(f, counts[f"field_{f.pk}"]) for f in fields],
        "choice_facets": [
            {
                "param": facet.param,
                "value": chosen.get(facet.param),
                "options": [
                    (value, label, counts[f"f{n}_{i}"])
                    for i, (value, label) in enumerate(facet.choices)
                ],
            }
            for n, facet in enumerate(facets)
        ],
        **_centre_facets(request, centres, counts, centre, many, centre_query, matches),
    }


def _centre_counts(items, centres: dict) -> dict:
    """The items under each centre's home, as {"centre_<pk>": n}, with the busiest centres'
    root paths ("centre_top") and how many centres have any ("centre_with_items"), so a page of a
    large network does not walk every centre again. One GROUP BY over the page path's prefix per
    length of the centres' paths (one, when the centre homes are siblings), not one filtered
    count per centre (3,300 of them in a national network)."""
    # the listing's own items, already filtered: grouped as they are, no ranges (one SQL for any
    # number of centres, so its cached counts are found again)
    found = aggregate_by_centre(items, centres.values(), by_ranges=False, n=Count("pk"))
    counted = {
        root_path: found.get(centre.pk, {}).get("n", 0) for root_path, centre in centres.items()
    }
    busiest = sorted(
        (root_path for root_path, n in counted.items() if n),
        key=lambda root_path: (-counted[root_path], centres[root_path].name),
    )
    return {
        **{f"centre_{centres[root_path].pk}": n for root_path, n in counted.items()},
        "centre_top": busiest[:BUSIEST_KEPT],
        "centre_with_items": len(busiest),
    }


def _centre_facets(request, centres: dict, counts, centre, many, centre_query, matches) -> dict:
    """The centre facet's links: every centre with items in a small network; in a large one, the
    centres whose name matches the visitor's search, else those with the most items (and the
    chosen one), with a search form keeping the other filters."""
    if not many:
        ordered = sorted(centres.values(), key=lambda c: c.name)
        return {"centre_facets": [(c, counts[f"centre_{c.pk}"]) for c in ordered]}
    if matches is not None:
        shown = [(c, counts[f"centre_{c.pk}"]) for c in matches[:CENTRE_MATCHES_SHOWN]]
    else:
        top = [centres[root_path] for root_path in counts["centre_top"] if root_path in centres]
        shown = [(c, counts[f"centre_{c.pk}"]) for c in top[: centre_facets_shown()]]
    if centre and all(c.pk != centre.pk for c, _n in shown):
        shown.insert(0, (centre, counts[f"centre_{centre.pk}"]))
    keep = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in ("trung-tam", "tim-trung-tam", "page")
        for value in values
    ]
    return {
        "centre_facets": shown,
        "centre_search": {
            "query": centre_query,
            "matched": None if matches is None else len(matches),
            "hidden": max(counts["centre_with_items"] - len(shown), 0) if matches is None else 0,
            "keep": keep,
        },
    }
