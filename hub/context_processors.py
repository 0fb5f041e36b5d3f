from functools import cached_property

from django.core.cache import cache
from wagtail.models import Site

from .federation import centre_for_request, centres_by_root_path, hub_url
from .models import NetworkSettings, SiteBranding

NETWORK_KEY = "hub:network-settings"
BRANDING_KEY = "hub:site-branding"


def cached_setting(key, load):
    value = cache.get(key)
    if value is None:
        value = load()
        cache.set(key, value, 3600)
    return value


def forget_settings(sender, instance, **kwargs) -> None:
    if isinstance(instance, NetworkSettings):
        cache.delete(NETWORK_KEY)
    else:
        cache.delete(f"{BRANDING_KEY}:{instance.site_id}")


class Federation:
    """What the site frame needs about the network, computed only if a template asks for it."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def centre(self):
        return centre_for_request(self.request)

    @cached_property
    def centres(self):
        return sorted(centres_by_root_path(self.request).values(), key=lambda c: c.name)

    @cached_property
    def hub_url(self):
        return hub_url()

    @cached_property
    def network(self):
        """Network settings, cached across requests (saving them clears the cache)."""
        return cached_setting(NETWORK_KEY, NetworkSettings.load)

    @cached_property
    def branding(self):
        site = Site.find_for_request(self.request)
        if site is None:
            return SiteBranding()
        return cached_setting(f"{BRANDING_KEY}:{site.pk}", lambda: SiteBranding.for_site(site))

    @property
    def is_hub(self):
        return self.centre is None


def federation(request):
    return {"federation": Federation(request)}
