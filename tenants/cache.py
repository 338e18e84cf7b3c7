"""Django's Redis cache backend, without a new Redis client object per operation.

Django's ``RedisCacheClient.get_client()`` builds a ``redis.Redis`` for every get or set
(about a tenth of a millisecond each: it fills a table of response callbacks). The
client is thread-safe and only wraps the connection pool, so one per pool is enough.
Keys, serialisation and pools are Django's own.
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
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
