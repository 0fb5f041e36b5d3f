"""Per-centre isolation in the admin: staff see only their own centre's pages and media."""

from django.db.models import Q
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .federation import staff_centres
from .models import Field
from .video import views as video_views


def _subtree_filter(centres) -> Q:
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
    return pages.filter(_subtree_filter(centres))


@hooks.register("construct_page_chooser_queryset")
def page_chooser_only_own_centre(pages, request):
    centres = staff_centres(request.user)
    if centres is None:
        return pages
    return pages.filter(_subtree_filter(centres))


@hooks.register("construct_image_chooser_queryset")
@hooks.register("construct_document_chooser_queryset")
@hooks.register("construct_media_chooser_queryset")
def chooser_only_own_collections(items, request):
    """Images, documents and videos of the staff member's own centre collections only."""
    centres = staff_centres(request.user)
    if centres is None:
        return items
    return items.filter(collection__in=[c.collection_id for c in centres])


@hooks.register("register_admin_urls")
def register_video_admin_urls():
    return [
        path("video-status/", video_views.status_index, name="hub_video_status"),
        path("video-status/<int:video_id>/retry/", video_views.retry_video, name="hub_video_retry"),
    ]


@hooks.register("register_admin_menu_item")
def register_video_status_menu_item():
    return VideoStatusMenuItem(
        _("Xử lý video"), reverse_lazy("hub_video_status"), icon_name="media", order=310
    )


class VideoStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return video_views.can_see_videos(request.user)


class FieldViewSet(SnippetViewSet):
    model = Field
    icon = "tag"
    menu_label = _("Lĩnh vực")
    add_to_settings_menu = True
    list_display = ["name", "slug", "sort_order"]


register_snippet(FieldViewSet)
