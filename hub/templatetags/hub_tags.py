"""Template tags of the site frame: the menu sections and the footer fragments, from the network
copy (no query on most requests)."""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language
from wagtail.models import Page, Site

from hub.federation import network, origin_of

register = template.Library()


@register.simple_tag(takes_context=True)
def site_sections(context) -> list[dict]:
    """Menu sections of the current site's home page, from the process's copy of the network
    (no query or cache read on most requests)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return network(request).sections(site)


@register.simple_tag(takes_context=True)
def network_fragment(context, template_name: str) -> str:
    """A part of the site frame that depends on the network alone (the centre list in every
    footer, the hub's centre list), rendered once per process, site, language and content version.

    The template sees only `centres` (by name) and `hub_url`, never the page or the visitor.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = network(request)
    return current.keep(
        ("fragment", template_name, get_language(), site.pk if site else None),
        lambda: render_to_string(
            template_name, {"centres": current.centres_by_name, "hub_url": current.hub_url}
        ),
    )


@register.filter
def is_within(page, section) -> bool:
    """True when `page` is the section's page or one of its descendants."""
    return bool(page and section and page.path.startswith(section["path"]))


@register.simple_tag
def page_origin(page):
    """The centre a page came from when its own was merged (hub.PageOrigin), or None: one
    cached lookup per page, no query once cached (none at all in a network without merges)."""
    if not isinstance(page, Page):
        return None
    return origin_of(page)
