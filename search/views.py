"""The public search page of every site: the hub searches every centre; a centre shows its own
results first, then the rest of the network."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from hub.federation import centre_for_path, centre_for_request, centres_by_root_path
from hub.models import Field

from . import backend
from .registry import kind_labels
from .text import clean_query, tokens

PER_PAGE = 10


@require_GET
def search_view(request):
    query, cut = clean_query(request.GET.get("q", ""))
    kind = request.GET.get("loai") or None
    labels = kind_labels()
    if kind not in labels:
        kind = None
    centre = centre_for_request(request)
    centres = centres_by_root_path(request)
    context = {"query": query, "cut": cut, "kind": kind, "kinds": labels, "centre": centre}
    if query and not tokens(query):
        context["message"] = _("Từ khoá chỉ có ký hiệu; hãy nhập chữ hoặc số.")
    elif query:
        results = backend.search(query, kind=kind)
        hits = results.hits
        if centre is not None:  # this centre's results first, then the network's
            own = [h for h in hits if h.entry.path.startswith(centre.root_path)]
            hits = own + [h for h in hits if not h.entry.path.startswith(centre.root_path)]
            context["own_count"] = len(own)
        page_obj = Paginator(hits, PER_PAGE).get_page(request.GET.get("page"))
        pages = Page.objects.in_bulk([hit.entry.page_id for hit in page_obj.object_list])
        for hit in page_obj.object_list:
            page = pages.get(hit.entry.page_id)
            hit.url = page.get_url(request) if page else ""
            hit.centre = centre_for_path(hit.entry.path, centres)
            hit.label = labels.get(hit.entry.kind, "")
        fields = {f.pk: f.name for f in Field.objects.cached()}
        context.update(
            results=results,
            page_obj=page_obj,
            kind_facets=[
                (k, labels[k], n)
                for k, n in sorted(results.kind_counts.items(), key=lambda kv: -kv[1])
                if k in labels
            ],
            field_facets=[
                (fields.get(f), n) for f, n in results.field_counts.items() if f in fields
            ],
        )
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def autocomplete_view(request):
    query, _cut = clean_query(request.GET.get("q", ""))
    return JsonResponse({"suggestions": backend.suggestions(query)})
