"""The page kit every content app builds its pages with.

- `mixins`: page behaviour (one index per parent, cached view restrictions, one-query routing to
  children);
- `listing`: pagination that never fails on a bad ?page= and `public_only` without a query;
- `catalogue`: faceted browsing (lĩnh vực, choice facets, centre) with a fixed number of queries;
- `routes`: sub-page views declared on a page model and supplied by the app's views module, so
  that models never import views.

Who may import it: the content apps (library, lessons, contests, home). It depends on
hub.federation (the network copy) and hub.caching only.
"""

from .catalogue import ChoiceFacet, browse
from .listing import paginate, paginate_counted, public_only
from .mixins import CachedRestrictionsMixin, ChildRouteMixin, OnePerParentMixin
from .routes import page_view, serve_page_view

__all__ = [
    "CachedRestrictionsMixin",
    "ChildRouteMixin",
    "ChoiceFacet",
    "OnePerParentMixin",
    "browse",
    "page_view",
    "paginate",
    "paginate_counted",
    "public_only",
    "serve_page_view",
]
