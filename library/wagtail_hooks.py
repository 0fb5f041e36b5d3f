from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("library/import/", admin_views.import_view, name="library_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(admin_views.libraries_for(request.user))


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Nhập danh mục thư viện"),
        reverse_lazy("library_import"),
        icon_name="doc-full-inverse",
        order=320,
    )
