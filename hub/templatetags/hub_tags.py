from django import template
from django.core.cache import cache
from wagtail.models import Site

register = template.Library()

NAV_VERSION_KEY = "hub:nav-version"


def forget_site_sections(**kwargs) -> None:
    """Invalidate every site's cached menu (called when pages are published, moved or deleted)."""
    try:
        cache.incr(NAV_VERSION_KEY)
    except ValueError:
        cache.set(NAV_VERSION_KEY, 1, None)


@register.simple_tag(takes_context=True)
def site_sections(context) -> list[dict]:
    """Menu sections of the current site's home page: cached, so no query on most requests."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    key = f"hub:nav:{site.pk}:{cache.get_or_set(NAV_VERSION_KEY, 1, None)}"
    sections = cache.get(key)
    if sections is None:
        sections = [
            {"title": page.title, "url": page.relative_url(site), "path": page.path}
            for page in site.root_page.get_children().live().in_menu()
        ]
        cache.set(key, sections, 3600)
    return sections


@register.filter
def is_within(page, section) -> bool:
    """True when `page` is the section's page or one of its descendants."""
    return bool(page and section and page.path.startswith(section["path"]))
