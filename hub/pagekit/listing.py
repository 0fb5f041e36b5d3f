"""Pagination and public filtering for listings, with no query of their own."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from hub.federation import network


def paginate(request, queryset, per_page: int = 12):
    """Paginate, falling back to the first or last page on bad or out-of-range ?page= values."""
    return _page(request, Paginator(queryset, per_page))


def paginate_counted(request, queryset, total: int, per_page: int = 12):
    """Paginate when the total is already known (e.g. from a facet aggregate): one query less."""
    paginator = Paginator(queryset, per_page)
    paginator.__dict__["count"] = total  # Paginator.count is a cached_property
    return _page(request, paginator)


def _page(request, paginator: Paginator):
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def public_only(queryset):
    """Like PageQuerySet.public() but without a query per listing (restricted paths come from the
    process's copy of the network)."""
    for path in network().restricted_paths:
        queryset = queryset.exclude(path__startswith=path)
    return queryset
