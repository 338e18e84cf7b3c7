"""Production: every secret and host comes from the environment, or start-up stops."""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str
from .guards import named_hosts, notes_keys, shared_cache, strong_secret_key

DEBUG = False
SECRET_KEY = strong_secret_key(env_str("SECRET_KEY", required=True))
env_str("DATABASE_URL", required=True)
ALLOWED_HOSTS = named_hosts(env_list("ALLOWED_HOSTS"))
NOTES_ENCRYPTION_KEYS = notes_keys(env_list("NOTES_ENCRYPTION_KEYS"))
shared_cache(REDIS_URL, single_process=env_bool("ALLOW_SINGLE_PROCESS"))  # noqa: F405
# "http" only on a machine without TLS in front (infrastructure/production.sh).
PLATFORM_SCHEME = env_str("PLATFORM_SCHEME", "https")
# The port visitors use: every emailed link and each borough's Wagtail Site name it.
PLATFORM_PORT = env_int("PLATFORM_PORT", 443 if PLATFORM_SCHEME == "https" else 80)
# Demo content and its accounts with a published password: never here (seed_demo refuses).
DEMO_CONTENT_ALLOWED = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Off only where no TLS is in front (infrastructure/production.sh on one machine).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Wagtail's live preview shows the page in a same-origin iframe, so frames stay
# SAMEORIGIN rather than DENY; every other framing is still refused.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W019"]  # noqa: F405
