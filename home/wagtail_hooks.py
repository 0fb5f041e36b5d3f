from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from hub.models import Centre

from .dashboard import centre_work_panel
from .views import CentreCreateView


class CentreViewSet(ModelViewSet):
    """Hub staff list centres, create them in one step and keep contact details current."""

    model = Centre
    icon = "site"
    menu_label = _("Trung tâm")
    menu_order = 150
    add_to_admin_menu = True
    add_view_class = CentreCreateView
    form_fields = ["kind", "address", "phone", "email", "director"]
    list_display = ["name", "kind", "site", "phone", "created_at"]
    search_fields = ["name", "address"]
    list_filter = ["kind"]
    inspect_view_enabled = True

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(panel=None, **kwargs)


@hooks.register("register_admin_viewset")
def register_centre_viewset():
    return CentreViewSet("centres")


@hooks.register("construct_homepage_panels")
def centre_work_on_the_dashboard(request, panels):
    """Editors land on their centre's work; hub staff on the network's (home/dashboard.py)."""
    panel = centre_work_panel(request.user)
    if panel is not None:
        panels.append(panel)


@hooks.register("register_admin_urls")
def register_event_report_url():
    from .event_report import urlpatterns

    return urlpatterns


@hooks.register("register_page_header_buttons")
@hooks.register("register_page_listing_more_buttons")
def event_report_button(page, user, view_name=None, next_url=None):
    """ "Viết báo cáo thành tin bài" on an event's page in the admin (home/event_report.py)."""
    from wagtail.admin.widgets import Button

    from events.models import EventPage

    if page.specific_class is EventPage and page.permissions_for_user(user).can_edit():
        from .event_report import report_url

        yield Button(
            _("Báo cáo thành tin bài"), report_url(page), icon_name="doc-full", priority=80
        )
