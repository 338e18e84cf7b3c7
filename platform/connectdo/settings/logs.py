"""Logging, part of ``base``: every line names the borough schema it was written in."""

import copy

from django.utils.log import DEFAULT_LOGGING

from .env import env_str

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
# "json" (production: one object per line, with request id and timing, and one line per
# request) or "text" (development: readable, no per-request lines).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "borough": {"()": "django_tenants.log.TenantContextFilter"},
        "request_id": {"()": "connectdo.observability.RequestIdFilter"},
        "secret_paths": {"()": "connectdo.observability.RoutesForSecretPaths"},
    },
    "formatters": {
        "django.server": copy.deepcopy(DEFAULT_LOGGING["formatters"]["django.server"]),
        "borough": {
            "format": "%(asctime)s %(levelname)s [%(schema_name)s] %(name)s: %(message)s",
        },
        "json": {"()": "connectdo.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["borough", "request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "borough",
        },
        # runserver's request log, as Django has it, but a path with a link token is
        # written as its route, as in production's request log (connectdo/observability.py).
        "django.server": {
            **copy.deepcopy(DEFAULT_LOGGING["handlers"]["django.server"]),
            "filters": ["secret_paths"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        "opensearch": {"level": "WARNING"},
        # Each failed sign-in is a warning (with the account and address masked).
        "axes": {"level": "WARNING"},
        "connectdo.request": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
        "django.server": copy.deepcopy(DEFAULT_LOGGING["loggers"]["django.server"]),
    },
}
