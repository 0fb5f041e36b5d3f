"""The "Xã hội học tập" admin menu: review queue, decisions, reports, cycles, criteria sets, the
tree of organisations. Each screen module under admin_views/ exposes `urlpatterns` and `MENU`
((label, url name, icon, order) rows); this file only mounts them."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .admin_views import criteria, cycles, organisations, reports, review
from .permissions import scope_paths

MODULES = (review, cycles, organisations, criteria, reports)


@hooks.register("register_admin_urls")
def register_urls():
    patterns = []
    for module in MODULES:
        patterns += module.urlpatterns
    return [path("xa-hoi-hoc-tap/", include((patterns, "recognition"), namespace="recognition"))]


class RecognitionMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_paths(request.user) != []


def _menu():
    items = []
    for module in MODULES:
        for label, name, icon, order in module.MENU:
            items.append(
                RecognitionMenuItem(
                    label, reverse_lazy(f"recognition:{name}"), icon_name=icon, order=order
                )
            )
    return items


@hooks.register("register_admin_menu_item")
def register_menu():
    return SubmenuMenuItem(
        _("Xã hội học tập"),
        Menu(items=_menu()),
        icon_name="group",
        name="xa-hoi-hoc-tap",
        order=260,
    )
