"""The digital library (thư viện số) of a centre, and the hub's federated catalogue."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from hub.pages import OnePerParentMixin


class LibraryIndexPage(OnePerParentMixin, Page):
    """A centre's digital library; on the hub, the federated catalogue of every centre."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HubHomePage", "home.CentreHomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("thư viện số")
        verbose_name_plural = _("thư viện số")
