"""`federation` in every template: the centre, the network's centres, hub URL, network domain,
settings and the site's branding, each computed only if a template asks for it (from the network
copy).

Who may import it: the TEMPLATES setting only."""

from functools import cached_property

from django.conf import settings
from wagtail.models import Site

from .federation import centre_for_request, network
from .models import SiteBranding


class Federation:
    """What the site frame needs about the network, computed only if a template asks for it."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def centre(self):
        return centre_for_request(self.request)

    @cached_property
    def centres(self):
        return network(self.request).centres_by_name

    @cached_property
    def hub_url(self):
        return network(self.request).hub_url

    @cached_property
    def network(self):
        """Network settings, from the process's copy of the network (saving them reloads it)."""
        return network(self.request).settings

    @cached_property
    def branding(self):
        site = Site.find_for_request(self.request)
        if site is None:
            return SiteBranding()
        return network(self.request).branding(site)

    @property
    def network_domain(self) -> str:
        """The parent domain of the centres' hostnames (`<slug>.<HUB_CENTRE_DOMAIN>`): site.js
        carries the visitor's text size on links to hosts under it."""
        return settings.HUB_CENTRE_DOMAIN

    @property
    def is_hub(self):
        return self.centre is None


def federation(request):
    return {"federation": Federation(request)}
