"""Page behaviour shared by the content apps' page models (migrations name
hub.pagekit.mixins.OnePerParentMixin among the pages' bases: keep it here)."""

from __future__ import annotations

from django.apps import apps
from wagtail.models import PageViewRestriction

from hub.federation import network


class OnePerParentMixin:
    """Allow at most one page of this type under each parent (one library per centre, etc.)."""

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and not parent.get_children().type(cls).exists()


class CachedRestrictionsMixin:
    """Wagtail checks a page's view restrictions (its own and its ancestors') on every page it
    serves, two queries each time; this answers "none" from the network's copy of the
    restricted paths when no restriction can apply, and asks Wagtail otherwise."""

    def get_view_restrictions(self):
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
