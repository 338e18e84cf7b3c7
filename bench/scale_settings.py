"""Settings for bench/scale_bench.py and the processes it starts (deploy commands, gunicorn).

bench/settings.py (production's, on local hosts over plain HTTP), with what keeps one
run apart from everybody else's: ``scale_bench.py`` sets DATABASE_URL (its own throwaway
database), MEDIA_ROOT, SEARCH_URL/SEARCH_INDEX_PREFIX and ``SCALE_BENCH_ID`` (the cache
keys' prefix) in the environment before anything loads these. ``SCALE_BENCH_PROBE``
(``<folder>:<app>``) adds the throwaway app whose migrations are the "one new migration"
of a deploy; only the deploy commands started for that figure have it.
"""

import os
import sys

from bench.settings import *  # noqa: F403

RUN = os.environ.get("SCALE_BENCH_ID", "scalebench")

# The retire's fixed wait for requests inside (none during a bench) is left out of the
# retire figure, whose growth with the number of boroughs is what is measured.
BOROUGH_RETIRE_DRAIN_SECONDS = 0
# Launch and seeding index at once (no task worker runs during a bench).
TASKS = {"default": {"BACKEND": "tenants.task_backends.BoroughImmediateBackend"}}
# No collectstatic for a bench: plain static file URLs.
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Cache keys carry the run's name, so the bench can find and remove every one of them.
CACHES = {alias: borough_cache(f"{RUN}-{alias}") for alias in CACHES}  # noqa: F405

_probe = os.environ.get("SCALE_BENCH_PROBE", "")
if _probe:
    _folder, _app = _probe.rsplit(":", 1)
    sys.path.insert(0, _folder)
    TENANT_APPS = [*TENANT_APPS, _app]  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, _app]  # noqa: F405
