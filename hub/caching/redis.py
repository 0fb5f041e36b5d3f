"""Django's Redis cache backend, keeping one redis client per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call; with redis-py 8 that
costs ~150 µs (it fills a dict of ~170 response callbacks each time), about half of a page-cache
hit here. A client only wraps its pool and is safe to share, so one per pool is enough.

Used by the production settings only (CACHES BACKEND "hub.caching.redis.RedisCache").
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
