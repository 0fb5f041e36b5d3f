from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from hub.models import Centre

from .dashboard import centre_work_panel
from .views import CentreCreateView, CentreEditView, CentreIndexView


class CentreViewSet(ModelViewSet):
    """Hub staff list centres, create them in one step and keep contact details current."""

    model = Centre
    icon = "site"
    menu_label = _("Trung tâm")
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = CentreIndexView
    add_view_class = CentreCreateView
    edit_view_class = CentreEditView
    form_fields = ["kind", "address", "phone", "email", "director"]
    list_display = ["name", "kind", "site", "status", "phone", "created_at"]
    search_fields = ["name", "address", "site__hostname"]
    list_filter = ["kind", "status"]
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


@hooks.register("register_admin_urls")
def register_lifecycle_urls():
    from .admin_lifecycle import urlpatterns

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


@hooks.register("register_log_actions")
def register_lifecycle_log_actions(actions):
    """The centre's lifecycle in its admin history (home/lifecycle.py)."""

    @actions.register_action("hoctap.centre.rename")
    class Rename(LogFormatter):
        label = _("Đổi tên trung tâm")

        def format_message(self, log_entry):
            data = log_entry.data
            parts = []
            if "new_name" in data:
                parts.append(f"{data['old_name']} → {data['new_name']}")
            if "new_hostname" in data:
                parts.append(f"{data['old_hostname']} → {data['new_hostname']}")
            return _("Đổi tên: %(change)s") % {"change": "; ".join(parts)}

    actions.register_action("hoctap.centre.retire", _("Ngừng hoạt động"), _("Ngừng hoạt động"))
    actions.register_action("hoctap.centre.reopen", _("Hoạt động trở lại"), _("Hoạt động trở lại"))
    actions.register_action("hoctap.centre.merge", _("Sáp nhập"), _("Sáp nhập trung tâm"))
    actions.register_action(
        "hoctap.network.move", _("Chuyển trang liên thông"), _("Chuyển trang liên thông")
    )


class HubStaffMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return Centre.objects.confining(user) is None and user.has_perm("hub.change_centre")


@hooks.register("register_settings_menu_item")
def register_move_hub_menu_item():
    return HubStaffMenuItem(
        _("Chuyển trang liên thông"), reverse_lazy("network_move"), icon_name="site", order=900
    )


@hooks.register("register_admin_urls")
def register_syndication_urls():
    from .admin_syndication import urlpatterns

    return urlpatterns


class CentreStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(Centre.objects.confining(request.user))


@hooks.register("register_admin_menu_item")
def register_syndication_menu_item():
    return CentreStaffMenuItem(
        _("Tin từ Ban chỉ đạo"), reverse_lazy("syndicated_news"), icon_name="doc-full", order=160
    )
