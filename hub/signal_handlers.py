"""What hub does when content changes: every writer of content the caches depend on ends in
hub.caching.invalidation.content_changed(); the video pipeline's handlers live in
hub/video/signal_handlers.py."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .caching.invalidation import content_changed
from .models import Centre, Field, NetworkSettings, SiteBranding


def setting_saved(created: bool, **kwargs) -> None:
    # settings rows are created with their defaults the first time a page asks for them: that
    # changes nothing on any page
    if not created:
        content_changed()


def register_signal_handlers() -> None:
    from .video.signal_handlers import register_signal_handlers as register_video_handlers

    register_video_handlers()
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"hub-content-changed-{id(signal)}")
    post_delete.connect(content_changed, sender=Page, dispatch_uid="hub-content-changed-page")
    # a centre renamed, a site moved to another hostname, a renamed lĩnh vực or new footer links
    # show in every page; a new view restriction must stop cached copies at once
    for model in (Site, Centre, PageViewRestriction, Field, NetworkSettings, SiteBranding):
        handler = setting_saved if model in (NetworkSettings, SiteBranding) else content_changed
        uid = f"hub-content-changed-{model.__name__}"
        post_save.connect(handler, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
