from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from hub.federation import staff_centres

from . import admin_views


class StaffReportItem(MenuItem):
    def is_shown(self, request):
        return staff_centres(request.user) != []


class NetworkReportItem(MenuItem):
    def is_shown(self, request):
        return staff_centres(request.user) is None


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("bao-cao/hoat-dong/", admin_views.activity_report, name="reports_activity"),
        path("bao-cao/can-ho-tro/", admin_views.centres_needing_help, name="reports_help"),
    ]


@hooks.register("register_reports_menu_item")
def register_activity_menu_item():
    return StaffReportItem(
        _("Hoạt động của mạng lưới"),
        reverse_lazy("reports_activity"),
        icon_name="doc-full",
        order=900,
    )


@hooks.register("register_reports_menu_item")
def register_help_menu_item():
    return NetworkReportItem(
        _("Trung tâm cần hỗ trợ"), reverse_lazy("reports_help"), icon_name="help", order=905
    )
