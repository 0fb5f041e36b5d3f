from functools import cached_property

from .federation import centre_for_request, centres_by_root_path, hub_url


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

    @property
    def is_hub(self):
        return self.centre is None


def federation(request):
    return {"federation": Federation(request)}
