"""The shared cache (Redis) every process uses, part of ``base``."""

from .env import env_int, env_str

REDIS_URL = env_str("REDIS_URL")
# A stalled Redis costs a request at most this long; after a failure a process leaves
# Redis alone this many seconds and serves pages without it (tenants/cache.py).
REDIS_TIMEOUT_MS = env_int("REDIS_TIMEOUT_MS", 300)
REDIS_RETRY_SECONDS = env_int("REDIS_RETRY_SECONDS", 5)


def borough_cache(location_suffix: str, redis_url: str | None = REDIS_URL) -> dict:
    """Every alias is keyed by schema, so one borough never reads another's entries."""
    base = {
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "TIMEOUT": 300,
    }
    if redis_url:
        return base | {
            # Django's, with short timeouts and a degraded mode (tenants/cache.py).
            "BACKEND": "tenants.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": location_suffix,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_MS / 1000,
                "socket_timeout": REDIS_TIMEOUT_MS / 1000,
                "retry_after": REDIS_RETRY_SECONDS,
            },
        }
    return base | {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": location_suffix,
    }


CACHES = {
    "default": borough_cache("default"),
    "renditions": borough_cache("renditions"),
}
