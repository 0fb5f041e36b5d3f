"""Request -> centre and page -> centre lookups, with a fixed number of queries per request."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db.models.functions import Substr
from django.http import HttpRequest
from wagtail.models import Page, Site

from .models import Centre

_REQUEST_CACHE = "_hub_centres_by_path"


def centres_by_root_path(request: HttpRequest | None = None) -> dict[str, Centre]:
    """Every centre keyed by the path of its site's root page (one query, cached on the request)."""
    if request is not None and hasattr(request, _REQUEST_CACHE):
        return getattr(request, _REQUEST_CACHE)
    centres = {c.site.root_page.path: c for c in Centre.objects.with_site()}
    if request is not None:
        setattr(request, _REQUEST_CACHE, centres)
    return centres


def centre_for_path(path: str, centres: dict[str, Centre]) -> Centre | None:
    """The centre whose subtree holds `path` (the longest root-path prefix wins)."""
    matches = [root_path for root_path in centres if path.startswith(root_path)]
    return centres[max(matches, key=len)] if matches else None


def attach_centres(pages: Iterable[Page], request: HttpRequest | None = None) -> list[Page]:
    """Set `page.centre` on each page (None for hub pages) without one query per page."""
    centres = centres_by_root_path(request)
    pages = list(pages)
    for page in pages:
        page.centre = centre_for_path(page.path, centres)
    return pages


def centre_for_request(request: HttpRequest) -> Centre | None:
    """The centre whose site serves this request, or None on the hub."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    for centre in centres_by_root_path(request).values():
        if centre.site_id == site.pk:
            return centre
    return None


HUB_URL_CACHE_KEY = "hub:hub-root-url"


def hub_url() -> str:
    """Root URL of the hub (the default site), cached until a Site changes."""
    url = cache.get(HUB_URL_CACHE_KEY)
    if url is None:
        site = Site.objects.filter(is_default_site=True).first()
        url = site.root_url + "/" if site else "/"
        cache.set(HUB_URL_CACHE_KEY, url, 3600)
    return url


def forget_hub_url(**kwargs) -> None:
    cache.delete(HUB_URL_CACHE_KEY)


def staff_centres(user) -> list[Centre] | None:
    """Centres a staff member is confined to; None for hub staff, who see every centre."""
    if user.is_superuser or user.has_perm("hub.view_all_centres"):
        return None
    return list(Centre.objects.for_user(user).with_site())


def _prefix_groups(centres: Iterable[Centre]) -> dict[int, dict[str, Centre]]:
    """Centres grouped by the length of their root path (one group when all sit at one depth)."""
    groups: dict[int, dict[str, Centre]] = {}
    for centre in centres:
        groups.setdefault(len(centre.root_path), {})[centre.root_path] = centre
    return groups


def aggregate_by_centre(queryset, centres: Iterable[Centre], **aggregates) -> dict[int, dict]:
    """Aggregate a page queryset per centre subtree: {centre.pk: {name: value}}.

    One query per distinct depth of centre roots (in practice one), whatever the number of pages
    or centres, grouping on the root-path prefix of each page's materialised path.
    """
    results: dict[int, dict] = {}
    for length, by_path in _prefix_groups(centres).items():
        rows = (
            queryset.annotate(centre_root=Substr("path", 1, length))
            .filter(centre_root__in=list(by_path))
            .values("centre_root")
            .annotate(**aggregates)
            .order_by()
        )
        for row in rows:
            results[by_path[row.pop("centre_root")].pk] = row
    return results
