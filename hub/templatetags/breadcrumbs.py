"""The breadcrumb trail of a content page (components/breadcrumbs.html): the site's home page, the
page's ancestors below it, the page itself.

The home page and its sections come from the network copy (hub.federation), so the trail of a
section or of a page in a section (a news item, a library item, a contest) costs no query; deeper
ancestors (the contest above an entry) cost one query, whatever the depth.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from wagtail.models import Page, Site

from hub.federation import network

register = template.Library()


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str | None  # None for the last crumb: the page being shown
    is_home: bool = False


def ancestor_paths(path: str, root_path: str) -> list[str]:
    """Tree paths of the pages from the site's root page (included) down to the parent of the
    page at `path` (excluded); [] when the page is not below the root."""
    if not path.startswith(root_path) or len(path) <= len(root_path):
        return []
    return [path[:end] for end in range(len(root_path), len(path), Page.steplen)]


def trail(page: Page, site: Site, request, current: str = "") -> list[Crumb]:
    """The crumbs of `page` on `site`; with `current` (a sub-page such as a contest's results),
    the page is a link and `current` is the last crumb. [] for the site's home page itself."""
    root = site.root_page
    paths = ancestor_paths(page.path, root.path)
    if not paths and not (current and page.path == root.path):
        return []
    known = {root.path: root}
    known.update({child.path: child for child in network(request).children(root).values()})
    missing = [path for path in paths if path not in known]
    if missing:
        known.update({p.path: p for p in Page.objects.filter(path__in=missing)})
    pages = [known[path] for path in paths if path in known] + [page]
    crumbs = [
        Crumb(title=p.title, url=p.relative_url(site, request), is_home=p.path == root.path)
        for p in pages
    ]
    if current:
        return [*crumbs, Crumb(title=current, url=None)]
    return [*crumbs[:-1], Crumb(title=page.title, url=None)]


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page=None, current: str = "") -> list[Crumb]:
    """`{% breadcrumb_trail page current as crumbs %}`: the trail of the page being shown on the
    request's site ([] outside a page, or for a page not yet placed in the tree)."""
    request = context.get("request")
    if request is None or not isinstance(page, Page) or not page.path:
        return []
    site = Site.find_for_request(request)
    if site is None:
        return []
    return trail(page, site, request, current=current or "")
