"""Which responses the page cache in front (Varnish, infrastructure/production/) may keep,
and telling it when a borough's pages changed.

The proxy stores only what this middleware marks ``Cache-Control: public``: a GET or HEAD
from a visitor without a session, answered 200, that used no CSRF token and sets no
cookie, for which no view said otherwise (``never_cache``, ``private``). A page with a
form, anything shown to a signed-in member and every error or redirect is never stored.
Stored pages stay PAGE_CACHE_SECONDS at most; Editors' changes remove them at once
(``ban_borough``, called by sites/core/signals.py through ``pages_changed``).
"""

import logging
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import connection, transaction
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

PURGE_TIMEOUT_SECONDS = 2


class PageCacheMiddleware:
    """Between BoroughMiddleware and SessionMiddleware: it sees every cookie set below."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds and is_shareable(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            # The page is the same for every anonymous visitor, whatever cookies they send.
            vary = [v for v in response.get("Vary", "").split(",") if v.strip()]
            kept = [v.strip() for v in vary if v.strip().lower() != "cookie"]
            if kept:
                response["Vary"] = ", ".join(kept)
            elif "Vary" in response:
                del response["Vary"]
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response


def is_shareable(request, response) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and getattr(request, "borough", None) is not None
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not getattr(response, "streaming", False)
    )


def pages_changed() -> None:
    """Something this borough's pages show changed: after commit, drop its cached pages."""
    schema = connection.schema_name
    if not settings.FRONTEND_CACHE_URLS or schema == settings.PUBLIC_SCHEMA_NAME:
        return
    transaction.on_commit(lambda: ban_borough(schema))


def ban_borough(schema_name: str) -> None:
    """Every proxy forgets every page of one borough's hosts (and nothing of another's).

    Menus, home page cards, the footer and the branding are on every page, so a publish,
    unpublish, move or branding change can change any of them. A proxy that does not
    answer is logged, never raised: its pages then expire within PAGE_CACHE_SECONDS.
    """
    from .models import Domain

    hosts = list(
        Domain.objects.filter(tenant__schema_name=schema_name).values_list("domain", flat=True)
    )
    for location in settings.FRONTEND_CACHE_URLS:
        for host in hosts:
            send_ban(location, host)


def send_ban(location: str, host: str) -> None:
    parts = urlsplit(location)
    request = Request(  # noqa: S310 - the scheme is our own setting
        f"{parts.scheme}://{parts.netloc}/", method="BAN", headers={"Host": host}
    )
    try:
        urlopen(request, timeout=PURGE_TIMEOUT_SECONDS).close()  # noqa: S310 - our own setting
    except (URLError, OSError) as error:
        logger.error("Could not empty the page cache at %s for %s: %s", location, host, error)
