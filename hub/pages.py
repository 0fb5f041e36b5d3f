"""Page behaviour shared by every content app."""

import secrets

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


def restricted_paths() -> list[str]:
    """Paths of pages behind a view restriction, from the process's copy of the network."""
    from .federation import network

    return network().restricted_paths


class CachedRestrictionsMixin:
    """Wagtail checks a page's view restrictions (its own and its ancestors') on every page it
    serves, two queries each time; this answers "none" from the network's copy of the
    restricted paths when no restriction can apply, and asks Wagtail otherwise."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        from .federation import network

        current = network()
        if current.has_aliases or any(self.path.startswith(p) for p in current.restricted_paths):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()


class ChildRouteMixin:
    """For index pages whose children are one page type: route to a child with one query that
    also loads `child_select_related`, where Wagtail takes two (the page, then its specific row)
    and the detail view a third for its related rows. Put it after RoutablePageMixin, so the
    index's own sub-routes (e.g. "chia-se/") still win."""

    child_page_model = ""  # "app_label.ModelName"
    child_select_related: tuple[str, ...] = ()
    child_prefetch_related: tuple[str, ...] = ()

    def route(self, request, path_components):
        from django.apps import apps

        if not path_components:
            return super().route(request, path_components)
        model = apps.get_model(self.child_page_model)
        try:
            child = (
                model.objects.child_of(self)
                .select_related(*self.child_select_related)
                .prefetch_related(*self.child_prefetch_related)
                .get(slug=path_components[0])
            )
        except model.DoesNotExist:  # another kind of child, or none: Wagtail's way (or 404)
            return super().route(request, path_components)
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])


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


def _new_version() -> int:
    # random, not a counter: an emptied cache must never hand out a number already used, or a
    # process would keep data it loaded under that number (hub.federation.network)
    return secrets.randbits(62)


def content_version() -> int:
    """A number that changes whenever any page is published, unpublished, moved or deleted, or a
    centre or site changes (hub/pagecache.py connects the signals): part of the keys of cached
    listing aggregates and the version of each process's copy of the network."""
    return cache.get_or_set(CONTENT_VERSION_KEY, _new_version, None)


def bump_content_version() -> None:
    cache.set(CONTENT_VERSION_KEY, _new_version(), None)
