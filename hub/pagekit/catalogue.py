"""Faceted browsing shared by the library and the lessons: filters, drill-down facet counts,
sort and pagination with a fixed number of queries (one aggregate + one page of items)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Q

from hub.caching.invalidation import cached_for_content
from hub.models import Field

from .listing import paginate_counted


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
    if centres:
        wanted = request.GET.get("trung-tam", "")
        centre = next((c for c in centres.values() if str(c.pk) == wanted), None)
        if centre:
            items = items.filter(path__startswith=centre.root_path)

    ordered_centres = sorted(centres.values(), key=lambda c: c.name)

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
        aggregates.update(
            {
                f"centre_{c.pk}": Count("pk", filter=Q(path__startswith=c.root_path))
                for c in ordered_centres
            }
        )
        return items.aggregate(**aggregates)

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
        "centre_facets": [(c, counts[f"centre_{c.pk}"]) for c in ordered_centres],
    }
