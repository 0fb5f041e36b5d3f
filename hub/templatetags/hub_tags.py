from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def site_sections(context):
    """Menu sections of the current site's home page (one query, cached on the request)."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_hub_site_sections", None)
    if cached is None:
        site = Site.find_for_request(request)
        cached = list(site.root_page.get_children().live().in_menu()) if site else []
        request._hub_site_sections = cached
    return cached


@register.filter
def is_within(page, section) -> bool:
    """True when `page` is `section` or one of its descendants."""
    return bool(page and section and page.path.startswith(section.path))
