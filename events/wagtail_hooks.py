"""The staff's check-in screens in the admin: mounted under admin/su-kien/, reached from the
"Điểm danh" menu item and from an event page's header and listing buttons."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from hub.models import Centre

from . import admin_views
from .models import EventPage


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path(
            "su-kien/",
            include((admin_views.urlpatterns, "events_admin"), namespace="events_admin"),
        )
    ]


class CheckInMenuItem(MenuItem):
    def is_shown(self, request):
        return Centre.objects.confining(request.user) != []


@hooks.register("register_admin_menu_item")
def register_menu():
    return CheckInMenuItem(
        _("Điểm danh"),
        reverse_lazy("events_admin:events"),
        icon_name="tick",
        name="diem-danh",
        order=270,
    )


def _check_in_button(page, user, priority):
    if page.specific_class is not EventPage or not admin_views.may_check_in(user, page):
        return
    yield Button(
        _("Điểm danh"),
        reverse("events_admin:tick_list", args=[page.pk]),
        icon_name="tick",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield from _check_in_button(page, user, priority=80)


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    yield from _check_in_button(page, user, priority=80)
