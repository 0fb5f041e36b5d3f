"""The lesson repository (kho bài giảng) of a centre, and the hub's federated listing."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from hub.pages import OnePerParentMixin


class LessonIndexPage(OnePerParentMixin, Page):
    """A centre's lesson repository; on the hub, the lessons of every centre."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HubHomePage", "home.CentreHomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("kho bài giảng")
        verbose_name_plural = _("kho bài giảng")
