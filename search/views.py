"""The public search page of every site: the hub searches every centre; on a centre's site its own
pages get a small lift (never above a clearly better match elsewhere). Filters by kind, lĩnh vực,
centre and year combine and live in the address; each choice shows how many results it gives."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from hub.federation import centre_for_path, centre_for_request, centres_by_root_path
from hub.models import Field

from . import backend
from .misses import record_miss
from .registry import kind_labels
from .text import clean_query, tokens

PER_PAGE = 10


def _filters(request, labels, fields, centres) -> tuple[dict, dict]:
    """The filters in the address as the engines take them, and as the page shows them; values
    that name nothing (a deleted field, a typed-in year of letters) are ignored."""
    kind = request.GET.get("loai") or ""
    field = next((f for f in fields if f.slug == request.GET.get("linh-vuc")), None)
    centre_pk = request.GET.get("trung-tam", "")
    centre = next((c for c in centres.values() if str(c.pk) == centre_pk), None)
    year = request.GET.get("nam", "")
    year = int(year) if year.isdigit() and 1900 < int(year) < 2200 else None
    shown = {
        "kind": kind if kind in labels else None,
        "field": field,
        "centre": centre,
        "year": year,
    }
    engine = {
        "kind": shown["kind"],
        "field_id": field.pk if field else None,
        "home": centre.root_path if centre else None,
        "year": year,
    }
    return engine, shown


def _facets(results, labels, fields, centres, shown) -> list[dict]:
    counts = results.facets
    by_pk = {f.pk: f for f in fields}
    by_home = {c.root_path: c for c in centres.values()}
    return [
        {
            "param": "loai",
            "label": _("Loại nội dung"),
            "value": shown["kind"],
            "options": [
                (kind, labels[kind], n)
                for kind, n in sorted(counts.get("kind", {}).items(), key=lambda kv: -kv[1])
                if kind in labels
            ],
        },
        {
            "param": "linh-vuc",
            "label": _("Lĩnh vực"),
            "value": shown["field"].slug if shown["field"] else None,
            "options": [
                (by_pk[pk].slug, by_pk[pk].label, n)
                for pk, n in sorted(counts.get("field_id", {}).items(), key=lambda kv: -kv[1])
                if pk in by_pk
            ],
        },
        {
            "param": "trung-tam",
            "label": _("Trung tâm"),
            "value": str(shown["centre"].pk) if shown["centre"] else None,
            "options": [
                (str(by_home[home].pk), by_home[home].name, n)
                for home, n in sorted(counts.get("home", {}).items(), key=lambda kv: -kv[1])
                if home in by_home
            ],
        },
        {
            "param": "nam",
            "label": _("Năm"),
            "value": str(shown["year"]) if shown["year"] else None,
            "options": [
                (str(year), str(year), n)
                for year, n in sorted(counts.get("year", {}).items(), reverse=True)
            ],
        },
    ]


@require_GET
def search_view(request):
    query, cut = clean_query(request.GET.get("q", ""))
    labels = kind_labels()
    centre = centre_for_request(request)
    centres = centres_by_root_path(request)
    fields = list(Field.objects.cached())
    filters, shown = _filters(request, labels, fields, centres)
    context = {"query": query, "cut": cut, "kind": shown["kind"], "centre": centre}
    if query and not tokens(query):
        context["message"] = _("Từ khoá chỉ có ký hiệu; hãy nhập chữ hoặc số.")
    elif query:
        results = backend.search(query, filters, own_home=centre.root_path if centre else "")
        if not results.total and not any(filters.values()):
            record_miss(request, query)
        page_obj = Paginator(results.hits, PER_PAGE).get_page(request.GET.get("page"))
        pages = Page.objects.in_bulk([hit.entry.page_id for hit in page_obj.object_list])
        for hit in page_obj.object_list:
            page = pages.get(hit.entry.page_id)
            hit.url = page.get_url(request) if page else ""
            hit.centre = centre_for_path(hit.entry.path, centres)
            hit.label = labels.get(hit.entry.kind, "")
        context.update(
            results=results,
            page_obj=page_obj,
            facets=_facets(results, labels, fields, centres, shown),
            filtered=any(filters.values()),
        )
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def autocomplete_view(request):
    query, _cut = clean_query(request.GET.get("q", ""))
    return JsonResponse({"suggestions": backend.suggestions(query)})
