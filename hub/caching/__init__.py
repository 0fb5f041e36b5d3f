"""Caching and its invalidation, in one place.

- `invalidation`: the content version, every cache keyed by content, and the one call every
  writer makes when content changes (`content_changed`). Read its docstring for the list of caches.
- `pagecache`: the whole-page cache for anonymous visitors (two middlewares).
- `redis`: Django's Redis cache backend with one client per connection pool (production).

Who may import it: any app (hub, content apps, search). It imports nothing of the project but
hub.caching itself, so it can sit under everything else.
"""
