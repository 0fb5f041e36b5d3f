"""The report "Tìm kiếm không có kết quả" (Reports menu): what learners searched for and did not
find, most frequent first, for the last 30 days; centre staff see their own sites' only."""

from django.template.response import TemplateResponse
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem

from hub.federation import staff_centres

from .misses import top_misses

DAYS = 30


def _sites(user):
    """None: every site (hub staff); a list: the user's centres' sites; [] for nobody."""
    centres = staff_centres(user)
    return None if centres is None else [c.site for c in centres]


def misses_report(request):
    sites = _sites(request.user)
    if sites == []:
        return permission_denied(request)
    return TemplateResponse(
        request,
        "search/admin/misses.html",
        {"rows": top_misses(DAYS, sites), "days": DAYS, "network": sites is None},
    )


class MissesMenuItem(MenuItem):
    def is_shown(self, request):
        return _sites(request.user) != []


@hooks.register("register_admin_urls")
def register_misses_url():
    return [path("reports/search-misses/", misses_report, name="search_misses")]


@hooks.register("register_reports_menu_item")
def register_misses_menu_item():
    return MissesMenuItem(
        _("Tìm kiếm không có kết quả"), reverse_lazy("search_misses"), icon_name="search", order=900
    )
