"""Per-centre isolation in the admin: staff see only their own centre's pages and media; the
lĩnh vực snippet; the centre chooser (hub/choosers.py). The video screens register from
hub/video/wagtail_hooks.py."""

from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .choosers import centre_chooser_viewset, setting_for_centre
from .federation import origin_of, staff_centres
from .models import Field
from .video import wagtail_hooks as _video_hooks  # noqa: F401  (registers the video admin screens)


def pages_visible_to(centres) -> Q:
    """A centre's staff see their centre's subtree, plus what apps share with them through the
    `hub_shared_pages` hook (e.g. contests: the contest pages and their own centre's entries)."""
    condition = Q(pk__in=[])
    for centre in centres:
        condition |= Q(path__startswith=centre.root_path)
    for hook in hooks.get_hooks("hub_shared_pages"):
        condition |= hook(centres)
    return condition


@hooks.register("construct_explorer_page_queryset")
def explorer_only_own_centre(parent_page, pages, request):
    centres = staff_centres(request.user)
    if centres is None:
        return pages
    return pages.filter(pages_visible_to(centres))


@hooks.register("construct_page_chooser_queryset")
def page_chooser_only_own_centre(pages, request):
    centres = staff_centres(request.user)
    if centres is None:
        return pages
    return pages.filter(pages_visible_to(centres))


@hooks.register("construct_image_chooser_queryset")
@hooks.register("construct_document_chooser_queryset")
@hooks.register("construct_media_chooser_queryset")
def chooser_only_own_collections(items, request):
    """Images, documents and videos of the staff member's own centre collections only."""
    centres = staff_centres(request.user)
    if centres is None:
        return items
    return items.filter(collection__in=[c.collection_id for c in centres])


class FieldViewSet(SnippetViewSet):
    model = Field
    icon = "tag"
    menu_label = _("Lĩnh vực")
    add_to_settings_menu = True
    list_display = ["name", "slug", "sort_order"]


register_snippet(FieldViewSet)


@hooks.register("register_admin_viewset")
def register_centre_chooser():
    return centre_chooser_viewset


@hooks.register("register_admin_urls")
def register_setting_for_centre_url():
    return [
        path(
            "trung-tam/cai-dat/<str:app_name>/<str:model_name>/",
            setting_for_centre,
            name="hub_setting_for_centre",
        )
    ]


@hooks.register("before_edit_page")
def tell_editors_where_a_page_came_from(request, page):
    """A page moved in by a merge of centres says so to its editor too (hub.PageOrigin)."""
    from django.contrib import messages

    if request.method == "GET" and (origin := origin_of(page)):
        messages.info(request, origin.note)
