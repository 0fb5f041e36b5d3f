from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from hub.models import Centre

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
