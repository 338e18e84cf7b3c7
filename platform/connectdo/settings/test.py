"""Settings for the test suite: real PostgreSQL, Redis and search engine; fast hashing."""

import os

from cryptography.fernet import Fernet

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .caches import borough_cache
from .env import env_list, env_str

SECRET_KEY = "test-only-not-secret"  # noqa: S105
# A new notes key for every run: nothing a test writes is readable with a known key. Put
# in the environment so the servers a test starts (tests/accessibility) read the same.
NOTES_ENCRYPTION_KEYS = env_list("NOTES_ENCRYPTION_KEYS") or [Fernet.generate_key().decode()]
os.environ["NOTES_ENCRYPTION_KEYS"] = ",".join(NOTES_ENCRYPTION_KEYS)
# Several test runs can share one machine's services: TEST_RUN_ID keeps their database,
# indexes, cache keys and media apart. Lower case: search index names must be.
TEST_RUN_ID = env_str("TEST_RUN_ID", "").lower()
# Under pytest-xdist (make test) each worker (gw0, gw1, ...) is a run of its own too; the
# servers a worker starts (tests/accessibility) inherit the variable and so its run.
TEST_WORKER = env_str("PYTEST_XDIST_WORKER", "").lower()
TEST_RUN = "_".join(filter(None, ["test_connectdo", TEST_RUN_ID, TEST_WORKER]))
DATABASES["default"]["TEST"] = {"NAME": TEST_RUN}  # noqa: F405
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test outbox, behind the same EMAIL_BACKEND as production (tests/conftest.py puts it
# back after pytest-django's test environment swaps it for the outbox alone).
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The browser tests' server (tests/accessibility) serves static files straight from the
# apps and themes, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests run tasks immediately unless a test is about the queue itself.
TASKS = {"default": {"BACKEND": "tenants.task_backends.BoroughImmediateBackend"}}
MEDIA_ROOT = os.path.join(BASE_DIR, ".run", "media", TEST_RUN)  # noqa: F405
ALLOWED_HOSTS = [".localhost", "localhost", "testserver"]
BOROUGH_HOST_CACHE_SECONDS = 0
BOROUGH_RETIRE_DRAIN_SECONDS = 1  # test_retire_search, whose saver races the retire, sets 5
# Tests run tasks at once: a pool would clone again after every launch. The pool's own
# tests (tests/tenants/test_schema_pool.py) turn it on.
BOROUGH_SCHEMA_POOL_SIZE = 0
# The demo boroughs (sites/demo: seed_demo) and their accounts with a published password:
# development and tests only, never production (nor its requirements).
INSTALLED_APPS = [*INSTALLED_APPS, "sites.demo"]  # noqa: F405
DEMO_CONTENT_ALLOWED = True
# Test indexes never mix with a developer's: they carry their own prefix (lower case:
# OpenSearch refuses index names with capitals, and a TEST_RUN_ID may have some).
SEARCH_INDEX_PREFIX = f"{TEST_RUN.lower()}_"
WAGTAILSEARCH_BACKENDS = search_backends(SEARCH_URL, SEARCH_ENGINE, SEARCH_INDEX_PREFIX)  # noqa: F405
# A rebuild would wait up to half a minute to compact what it deleted; the test of
# compaction (tests/search/test_compaction.py) sets it back.
SEARCH_COMPACTION_WAIT_SECONDS = 0

# Same Redis as development, but keys of their own.
CACHES = {  # noqa: F405
    "default": borough_cache(f"{TEST_RUN}-default"),
    "renditions": borough_cache(f"{TEST_RUN}-renditions"),
}

# The suite talks to a real Redis; refuse to silently fall back to local memory.
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured("Tests need REDIS_URL (run them with `make test`).")
