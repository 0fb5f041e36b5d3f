from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .federation import forget_hub_url
from .templatetags.hub_tags import forget_site_sections


def register_signal_handlers() -> None:
    post_save.connect(forget_hub_url, sender=Site, dispatch_uid="hub-forget-hub-url-save")
    post_delete.connect(forget_hub_url, sender=Site, dispatch_uid="hub-forget-hub-url-delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_site_sections, dispatch_uid=f"hub-nav-{id(signal)}")
    post_delete.connect(forget_site_sections, sender=Page, dispatch_uid="hub-nav-delete")
    post_save.connect(forget_site_sections, sender=Site, dispatch_uid="hub-nav-site")
