"""The network of centres as the code sees it: which Site and Centre serve a request, which centre
a page belongs to, and each process's copy of the network that answers both without queries.

Who may import it: every app. It depends on hub.models and hub.caching only.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Iterable
from contextvars import ContextVar
from functools import cached_property

from django.db.models import Q
from django.db.models.functions import Substr
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site

from .caching.invalidation import content_version
from .models import Centre, FormerHostname, NetworkSettings, PageOrigin, SiteBranding
from .text import fold_vietnamese

MAX_KEPT = 2000  # entries of Network.keep: a few hundred sites' menus, homes and fragments


class Network:
    """Every Site and Centre of the install, as one process last loaded them.

    Each process keeps one copy and reloads it when the content version changes (any page
    published, moved or deleted, any centre, site or setting saved), so a request costs one cache read
    instead of the queries and ~150 model instances it took to load them. The objects are shared
    between requests: read them, never change them.
    """

    def __init__(self, version: int):
        self.version = version
        self.sites = list(Site.objects.select_related("root_page"))
        sites_by_id = {site.pk: site for site in self.sites}
        self.former_hosts = {
            hostname: sites_by_id[site_id]
            for hostname, site_id in FormerHostname.objects.values_list("hostname", "site_id")
            if site_id in sites_by_id
        }
        self.centres = {c.site.root_page.path: c for c in Centre.objects.with_site()}
        self.centres_by_name = sorted(self.centres.values(), key=lambda c: c.name)
        self.centre_by_site_id = {c.site_id: c for c in self.centres.values()}
        self.restricted_paths = list(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )
        self.has_aliases = Page.objects.filter(alias_of__isnull=False).exists()
        # pages moved in by a merge of centres: without any, no listing or page looks for one
        self.has_merged_pages = PageOrigin.objects.exists()
        default = next((site for site in self.sites if site.is_default_site), None)
        self.hub_url = default.root_url + "/" if default else "/"
        self._kept: OrderedDict[tuple, object] = OrderedDict()

    def keep(self, key: tuple, load):
        """`load()` once per copy of the network (a menu, a home page, a rendered fragment...).
        The most recently used MAX_KEPT are kept: a process that serves every site of a national
        network (3,300 centres, four things each) stays bounded in memory."""
        kept = self._kept
        try:
            kept.move_to_end(key)
            return kept[key]
        except KeyError:
            pass
        value = kept[key] = load()
        while len(kept) > MAX_KEPT:
            try:
                kept.popitem(last=False)
            except KeyError:  # another thread emptied it meanwhile
                break
        return value

    @cached_property
    def settings(self) -> NetworkSettings:
        """The network's settings (footer links, committee name)."""
        return NetworkSettings.load()

    def children(self, page: Page) -> dict[str, Page]:
        """A home page's children by slug, specific, in tree order (shared: never hand one out)."""
        return self.keep(
            ("children", page.pk), lambda: {c.slug: c for c in page.get_children().specific()}
        )

    def child(self, page: Page, slug: str) -> Page | None:
        """A child of a home page by slug, specific (a private copy), or None if it has none."""
        found = self.children(page).get(slug)
        return private_copy(found) if found is not None else None

    def sections(self, site: Site) -> list[dict]:
        """The menu: live children of the site's home page shown in menus."""
        return self.keep(
            ("sections", site.pk),
            lambda: [
                {"title": page.title, "url": page.relative_url(site), "path": page.path}
                for page in self.children(site.root_page).values()
                if page.live and page.show_in_menus
            ],
        )

    def home_page(self, site: Site) -> Page:
        """The site's root page, specific (a private copy for the caller)."""
        return private_copy(self.keep(("home", site.pk), lambda: site.root_page.specific))

    def branding(self, site: Site) -> SiteBranding:
        """A site's logo, colour and tagline."""
        return self.keep(("branding", site.pk), lambda: SiteBranding.for_site(site))

    def site_for(self, hostname: str, port: int) -> Site | None:
        """Wagtail's choice of site for a host and port (wagtail.models.sites.get_site_for_hostname),
        made without a query."""
        ranked = []
        for site in self.sites:
            if site.hostname == hostname:
                rank = 0 if site.port == port else 1 if site.is_default_site else 3
            elif site.is_default_site:
                rank = 2
            else:
                continue
            ranked.append((rank, site))
        if not ranked:
            return None
        ranked.sort(key=lambda pair: pair[0])
        if len(ranked) == 1 or ranked[0][0] in (0, 1):
            return ranked[0][1]
        if ranked[0][0] == 2:  # the default site, unless exactly one site has this hostname
            return ranked[len(ranked) == 2][1]
        return None


_network: Network | None = None
_REQUEST_CACHE = "_hub_network"


# the request being served (NetworkSiteMiddleware), for callers that have no request at hand
current_request: ContextVar[HttpRequest | None] = ContextVar("hub_current_request", default=None)


def network(request: HttpRequest | None = None) -> Network:
    """This process's copy of the network, reloaded when the content version has moved on
    (checked once per request)."""
    global _network
    if request is None:
        request = current_request.get()
    if request is not None and hasattr(request, _REQUEST_CACHE):
        return getattr(request, _REQUEST_CACHE)
    version = content_version()  # read before loading: a reload can only be newer than it
    current = _network
    if current is None or current.version != version:
        current = _network = Network(version)
    if request is not None:
        setattr(request, _REQUEST_CACHE, current)
    return current


def private_copy(page: Page) -> Page:
    """A shallow copy of a shared page for one request: what the request sets or caches on it
    (`specific`, a parent, attributes views add) stays with the copy."""
    mine = copy.copy(page)
    for name in ("specific", "specific_deferred", "_cached_parent_obj"):
        mine.__dict__.pop(name, None)
    return mine


def site_for_request(request: HttpRequest) -> Site | None:
    """The Site serving this request, as Site.find_for_request would find it, from the network
    copy, with its root page already specific (Wagtail routes from `site.root_page.specific`).
    Each request gets its own Site and page objects."""
    hostname = split_domain_port(request._get_raw_host())[0]
    current = network(request)
    shared = current.site_for(hostname, request.get_port())
    if shared is None:
        return None
    site = copy.copy(shared)
    site.root_page = current.home_page(shared)
    return site


class NetworkRouteMixin:
    """For home pages: route to their children (the library, lessons, news... sections) from the
    network copy instead of two queries per request."""

    def route(self, request, path_components):
        if path_components:
            child = network(request).child(self, path_components[0])
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


def centres_by_root_path(request: HttpRequest | None = None) -> dict[str, Centre]:
    """Every centre keyed by the path of its site's root page (no query on most requests)."""
    return network(request).centres


def home_path_of(path: str) -> str:
    """The path of the home page (the hub's or a centre's, at depth 2) whose subtree holds the page
    at `path`: the one rule for "which site does this page belong to"."""
    return path[: Page.steplen * 2]


def centre_for_path(path: str, centres: dict[str, Centre]) -> Centre | None:
    """The centre whose subtree holds `path` (the longest root-path prefix wins)."""
    centre = centres.get(home_path_of(path))  # centres' homes sit at depth 2: one dict lookup
    if centre is not None:
        return centre
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
    return network(request).centre_by_site_id.get(site.pk)


def staff_centres(user) -> list[Centre] | None:
    """Centres a staff member is confined to; None for hub staff, who see every centre."""
    return Centre.objects.confining(user)


def _prefix_groups(centres: Iterable[Centre]) -> dict[int, dict[str, Centre]]:
    """Centres grouped by the length of their root path (one group when all sit at one depth)."""
    groups: dict[int, dict[str, Centre]] = {}
    for centre in centres:
        groups.setdefault(len(centre.root_path), {})[centre.root_path] = centre
    return groups


# Up to this many centres, aggregate_by_centre reads their subtrees by path ranges; above, one
# pass over every page is cheaper than hundreds of ranges.
FEW_SUBTREES = 100


def _after_subtree(path: str) -> str:
    """The first tree path after every descendant of `path`: its last step plus one in
    treebeard's alphabet (carrying), so `path <= p < _after_subtree(path)` is the subtree."""
    alphabet = Page.alphabet
    chars = list(path)
    for i in range(len(chars) - 1, -1, -1):
        position = alphabet.index(chars[i])
        if position + 1 < len(alphabet):
            chars[i] = alphabet[position + 1]
            return "".join(chars[: i + 1])
    return path + alphabet[-1] * (255 - len(path))  # the last subtree there can be


def aggregate_by_centre(
    queryset, centres: Iterable[Centre], *, by_ranges: bool | None = None, **aggregates
) -> dict[int, dict]:
    """Aggregate a page queryset per centre subtree: {centre.pk: {name: value}}.

    One query per distinct depth of centre roots (in practice one), whatever the number of pages
    or centres, grouping on the root-path prefix of each page's materialised path (prefixes of
    no listed centre are dropped here). With `by_ranges` (by default: for at most FEW_SUBTREES
    centres) the query reads only the centres' subtrees, each as a range of the path index.
    """
    results: dict[int, dict] = {}
    for length, by_path in _prefix_groups(centres).items():
        subtrees = queryset
        if by_ranges or (by_ranges is None and len(by_path) <= FEW_SUBTREES):
            # a page of the directory: not a scan of every page of a national network (a
            # million of them) for its prefix
            ranges = Q()
            for root in by_path:
                ranges |= Q(path__gte=root, path__lt=_after_subtree(root))
            subtrees = queryset.filter(ranges)
        rows = (
            subtrees.annotate(centre_root=Substr("path", 1, length))
            .values("centre_root")
            .annotate(**aggregates)
            .order_by()
        )
        for row in rows:
            centre = by_path.get(row.pop("centre_root"))
            if centre is not None:
                results[centre.pk] = row
    return results


def centres_matching(centres, query: str) -> list:
    """The centres whose name or hostname contains `query`, diacritics, case and repeated spaces
    ignored (`hub.text.fold_vietnamese`), in the order given; all of them for an empty query."""
    wanted = fold_vietnamese(" ".join(query.split())[:100])
    if not wanted:
        return list(centres)
    return [
        centre
        for centre in centres
        if wanted in fold_vietnamese(centre.name) or wanted in centre.site.hostname.lower()
    ]


def origin_of(page):
    """The hub.PageOrigin of a page moved in by a merge of centres, else None. A network that never
    merged a centre (most) never looks: its copy says so, no query and no cache read."""
    return PageOrigin.objects.for_page(page) if network().has_merged_pages else None


def attach_origins(pages):
    """Set `merged_origin` on each page of a listing (one query, none without merges)."""
    if network().has_merged_pages:
        return PageOrigin.objects.attach(pages)
    pages = list(pages)
    for page in pages:
        page.merged_origin = None
    return pages
