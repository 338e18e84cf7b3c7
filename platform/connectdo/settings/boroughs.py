"""Boroughs' life cycle and what each process keeps of them, part of ``base``."""

from .env import env_int

# Host -> borough lookups are cached in each process for this many seconds before the
# shared "domains changed" counter is checked again (tenants/routing.py).
BOROUGH_HOST_CACHE_SECONDS = env_int("BOROUGH_HOST_CACHE_SECONDS", 2)
# A retire closes the borough's doors (hosts, tasks), then waits this long for requests
# already inside to finish before it exports: their writes go into the archive.
BOROUGH_RETIRE_DRAIN_SECONDS = env_int(
    "BOROUGH_RETIRE_DRAIN_SECONDS", BOROUGH_HOST_CACHE_SECONDS + 10
)
# Processes migrate_boroughs and refresh_borough_defaults use (0: one per CPU).
BOROUGH_DEPLOY_WORKERS = env_int("BOROUGH_DEPLOY_WORKERS", 0)
# How many boroughs each per-schema cache of a process keeps (least recently used go
# first), so a worker that served 1,000 boroughs holds about what one that served 200 does.
TENANT_CACHE_SIZE = env_int("TENANT_CACHE_SIZE", 200)

# What every borough page shows (Site, branding, menus) is cached in each process and
# refreshed when an Editor changes it (sites/core/site_cache.py); changes made without
# Django's signals (bulk updates, SQL) show after at most this many seconds.
SITE_CACHE_SECONDS = env_int("SITE_CACHE_SECONDS", 300)
