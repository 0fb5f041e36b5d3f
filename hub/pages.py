"""Page behaviour shared by every content app."""

from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


class OnePerParentMixin:
    """Allow at most one page of this type under each parent (one library per centre, etc.)."""

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and not parent.get_children().type(cls).exists()


def paginate(request, queryset, per_page: int = 12):
    """Paginate, falling back to the first or last page on bad or out-of-range ?page= values."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


RESTRICTED_PATHS_KEY = "hub:restricted-paths"


def restricted_paths() -> list[str]:
    """Paths of pages behind a view restriction (cached; restrictions change rarely)."""
    from wagtail.models import PageViewRestriction

    paths = cache.get(RESTRICTED_PATHS_KEY)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(RESTRICTED_PATHS_KEY, paths, 3600)
    return paths


def forget_restricted_paths(**kwargs) -> None:
    cache.delete(RESTRICTED_PATHS_KEY)


def public_only(queryset):
    """Like PageQuerySet.public() but without a query per listing (restricted paths are cached)."""
    for path in restricted_paths():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def paginate_counted(request, queryset, total: int, per_page: int = 12):
    """Paginate when the total is already known (e.g. from a facet aggregate): one query less."""
    paginator = Paginator(queryset, per_page)
    paginator.__dict__["count"] = total  # Paginator.count is a cached_property
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


CONTENT_VERSION_KEY = "hub:content-version"


def content_version() -> int:
    """A number that changes whenever any page is published, unpublished, moved or deleted
    (hub/pagecache.py connects the signals): part of the keys of cached listing aggregates."""
    from django.core.cache import cache

    return cache.get_or_set(CONTENT_VERSION_KEY, 1, None)


def bump_content_version() -> None:
    from django.core.cache import cache

    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates the old keys
        cache.set(CONTENT_VERSION_KEY, content_version() + 1, None)
