"""Settings for bench/platform_bench.py: production's, served on local hosts over plain HTTP.

Everything comes from connectdo.settings.production (DEBUG off, manifest static files,
Redis cache, persistent database connections, no full-page cache) except what a
benchmark on a developer's machine cannot have: a real secret key, real host names and
HTTPS. Never deploy with these settings: the secret key below is public.
"""

import base64
import os
from pathlib import Path

_BENCH_SECRET_KEY = "bench-only-not-secret-" + "x" * 40  # noqa: S105

# production.py refuses to load without these; the benchmark supplies throwaway values.
os.environ["SECRET_KEY"] = _BENCH_SECRET_KEY
os.environ["ALLOWED_HOSTS"] = ".localhost,localhost,127.0.0.1"
# Community Connecting notes: a public, fixed key (the same in every process a bench starts).
os.environ.setdefault(
    "NOTES_ENCRYPTION_KEYS", base64.urlsafe_b64encode(b"bench-only-public-notes-key-0000").decode()
)
# Launch logs every page it creates; the bench's output is its table.
os.environ.setdefault("LOG_LEVEL", "WARNING")

from connectdo.settings.env import env_bool  # noqa: E402
from connectdo.settings.production import *  # noqa: E402, F403

SECRET_KEY = _BENCH_SECRET_KEY
ALLOWED_HOSTS = [".localhost", "localhost", "127.0.0.1"]
# Plain HTTP on loopback: no redirect to https (a proxy would terminate TLS in production).
SECURE_SSL_REDIRECT = False
# Launch sends an invitation email; keep it in memory.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The bench collects static files (with the production manifest) into its own folder.
STATIC_ROOT = str(Path(__file__).resolve().parent.parent / ".run" / "bench" / "static")
# The per-request tenancy cost: one SET search_path per request (True) or per cursor.
TENANT_LIMIT_SET_CALLS = env_bool("BENCH_TENANT_LIMIT_SET_CALLS", True)

# "Uncached" is part of the target: make sure Django caches no whole pages (the page cache
# middleware only marks what a proxy in front may keep; there is no proxy here).
assert not any(name.startswith("django.middleware.cache") for name in MIDDLEWARE), MIDDLEWARE  # noqa: F405

# A busy shared machine can take more than the usual 5 s to refresh a freshly rebuilt
# index of 10,000 documents; the bench measures rather than fails.
if "TIMEOUT" in WAGTAILSEARCH_BACKENDS["default"]:  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["TIMEOUT"] = 60  # noqa: F405
