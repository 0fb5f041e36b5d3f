"""The video admin screens: the "Xử lý video" menu item and its routes under /admin/video-status/.

Wagtail only discovers `<app>/wagtail_hooks.py`, so hub/wagtail_hooks.py imports this module for
its side effect of registering the hooks; nothing else imports it.
"""

from django.templatetags.static import static
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_video_admin_urls():
    return [
        path("video-status/", views.status_index, name="hub_video_status"),
        path("video-status/<int:video_id>/retry/", views.retry_video, name="hub_video_retry"),
        path("video-status/states/", views.video_states, name="hub_video_states"),
    ]


@hooks.register("insert_global_admin_js")
def video_chooser_follows_processing():
    """The video chooser opens in a modal on any admin page: one small script on every admin
    page keeps the states it lists current (it does nothing while no chooser lists a waiting
    video)."""
    return format_html(
        '<script src="{}" data-states-url="{}" defer></script>',
        static("hub/js/video_chooser_status.js"),
        reverse("hub_video_states"),
    )


class VideoStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_see_videos(request.user)


@hooks.register("register_admin_menu_item")
def register_video_status_menu_item():
    return VideoStatusMenuItem(
        _("Xử lý video"), reverse_lazy("hub_video_status"), icon_name="media", order=310
    )


@hooks.register("construct_media_chooser_queryset")
def no_failed_videos_in_the_chooser(media, request):
    """A video that failed processing cannot be put on a page (it would never play); those still
    processing stay choosable and show their state in the chooser."""
    from .models import Video

    return media.exclude(status=Video.Status.FAILED)
