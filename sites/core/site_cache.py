"""Per-borough caches of what every page needs: the Wagtail Site, branding, menus.

Every borough page used to read its Wagtail ``Site`` (and root page), its branding
settings, the main menu and, on the home page, the section pages (one query per page
type) from PostgreSQL on every request. They change only when an Editor edits them.

How it works:

- Each borough schema has a **content version** in Redis (``site-content-version``; the
  key carries the schema through ``django_tenants.cache.make_key``). It is read once per
  request.
- Each worker process keeps, per schema, the version it filled its entries under and the
  entries themselves, pickled: every request unpickles its own copies, so nothing one
  request does to an object reaches another request. When the version in Redis differs,
  or the entries are older than ``SITE_CACHE_SECONDS``, the process drops them and
  rebuilds on demand.
- ``content_changed()`` gives the schema a new random version **after the transaction
  commits** (so no process can cache the old rows under the new version). Signal
  receivers (``sites/core/signals.py``) call it whenever a page, a Site, a locale, an
  image or the branding is saved, deleted, published, unpublished or moved.
- Between such a change and its commit, this connection bypasses the caches entirely
  (it can see rows nobody else can yet, which must never be cached).

While Redis is out (``tenants.cache``), the version cannot be read: the caches are
bypassed and every request builds what it needs from the database; the process drops its
entries, so none filled before the outage outlive a change made during it. A new version
that could not be written is not lost: ``tenants.cache.announce`` deletes the key when
Redis answers again, and a missing version reads as a change in every process.
The key expires after ``VERSION_SECONDS`` (30 days; each change writes it again), so one
left behind by a retire or a failed launch while Redis was out goes by itself.

Isolation: entries are kept per ``connection.schema_name`` and every name includes what
the value depends on (host and port, site id, page id, language); versions are random, so a
schema dropped and launched again under the same name never matches an old version.
"""

import pickle
import secrets
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.http.request import split_domain_port
from django.utils.translation import get_language

from wagtail.models import Site

from tenants.cache import CacheUnavailable, announce, strict
from tenants.lru import LRUMapping

from .languages.urls import localized_with_url
from .models import BrandingSettings

VERSION_KEY = "site-content-version"
# Long, but not for ever: a version left behind by a retire or a failed launch while Redis
# was out goes by itself. When it expires, the next request starts a new one (one refresh).
VERSION_SECONDS = 30 * 24 * 3600

_lock = threading.Lock()


@dataclass
class _SchemaEntries:
    version: str
    filled_at: float
    values: dict[str, bytes] = field(default_factory=dict)


# The most recently served TENANT_CACHE_SIZE schemas' entries (tenants/lru.py).
_entries: LRUMapping = LRUMapping()


def _new_version() -> str:
    return secrets.token_hex(8)


# The versions read while the current request is served, per schema: readers that have no
# request at hand (the search page's interests and everyday words) share the one Redis
# read too. Emptied when a request starts and ends, so a task worker or a shell, which
# serve no request, always read Redis.
_served_versions: ContextVar[dict[str, str | None] | None] = ContextVar(
    "site_content_versions", default=None
)


def _serving_started(**kwargs) -> None:
    _served_versions.set({})


def _serving_finished(**kwargs) -> None:
    _served_versions.set(None)


request_started.connect(_serving_started, dispatch_uid="site-cache-request-started")
request_finished.connect(_serving_finished, dispatch_uid="site-cache-request-finished")


def content_version(request=None) -> str | None:
    """This schema's content version (read from Redis once per request); None while
    Redis is out."""
    schema = connection.schema_name
    remembered = getattr(request, "_site_content_version", None)
    if remembered is not None and remembered[0] == schema:
        return remembered[1]
    served = _served_versions.get()
    if served is not None and schema in served:
        return served[schema]
    try:
        version = strict("get", VERSION_KEY)
        if version is None:
            # First use, or Redis lost it: any new value makes every process start afresh.
            strict("add", VERSION_KEY, _new_version(), timeout=VERSION_SECONDS)
            version = strict("get", VERSION_KEY) or _new_version()
    except CacheUnavailable:
        version = None
    if request is not None:
        request._site_content_version = (schema, version)
    if served is not None:
        served[schema] = version
    return version


def _uncommitted_changes() -> bool:
    if not getattr(connection, "_site_content_dirty", False):
        return False
    if connection.in_atomic_block:
        return True
    connection._site_content_dirty = False  # the transaction that changed things is over
    return False


def cached(request, name: str, build: Callable[[], Any]) -> Any:
    """``build()``'s result for this schema, from this process's cache while current.

    ``name`` must say everything the value depends on besides the schema.
    """
    if _uncommitted_changes():
        return build()
    schema = connection.schema_name
    version = content_version(request)
    if version is None:
        # Redis is out: nobody can tell this process what changed. From the database.
        with _lock:
            _entries.pop(schema, None)
        return build()
    now = time.monotonic()
    entries = _entries.get(schema)
    if (
        entries is None
        or entries.version != version
        or now - entries.filled_at > settings.SITE_CACHE_SECONDS
    ):
        entries = _SchemaEntries(version=version, filled_at=now)
        with _lock:
            _entries[schema] = entries
    data = entries.values.get(name)
    if data is not None:
        return pickle.loads(data)  # noqa: S301 -- bytes this process pickled itself
    value = build()
    entries.values[name] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return value


def content_changed() -> None:
    """Something every page may show changed in this schema: refresh every process."""
    schema = connection.schema_name
    if connection.in_atomic_block:
        connection._site_content_dirty = True

    def new_version():
        from django_tenants.utils import schema_context

        with schema_context(schema):
            announce(VERSION_KEY, _new_version(), timeout=VERSION_SECONDS)
        with _lock:
            _entries.pop(schema, None)
        connection._site_content_dirty = False

    transaction.on_commit(new_version)


def schema_replaced(schema: str) -> None:
    """The schema was dropped, restored or launched again: nothing cached for it holds.

    Restoring an archive writes rows without Django's signals, so it must say so here.
    """
    from django_tenants.utils import schema_context

    with schema_context(schema):
        announce(VERSION_KEY, _new_version(), timeout=VERSION_SECONDS)
    with _lock:
        _entries.pop(schema, None)


def forget_this_process() -> None:
    """Drop every entry this process holds (tests, and after a schema is replaced)."""
    with _lock:
        _entries.clear()
    connection._site_content_dirty = False


# --- What is cached ---------------------------------------------------------------------


def site_for_request(request):
    """Wagtail's ``Site.find_for_request`` answer, with its root page (as a specific page)."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def find():
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None
        site.root_page.specific  # noqa: B018 -- cached on the page, pickled with it
        return site

    return cached(request, f"site:{hostname}:{port}", find)


def branding_for_request(request):
    """The BrandingSettings of the request's site (with its logo), or None without a site."""
    site = Site.find_for_request(request)
    if site is None:
        return None

    def load():
        branding = BrandingSettings.objects.select_related("logo").filter(site=site).first()
        return branding or BrandingSettings.for_site(site)

    return cached(request, f"branding:{site.pk}", load)


def _with_urls(request, pages: list) -> list:
    """Each page in the reader's language where translated, with its address in that
    language worked out once: ``page.menu_url`` (sites/core/languages/urls.py).

    It depends on the request's site and the active language, so both are in the names
    of the entries that use it.
    """
    return localized_with_url(pages, request)


def menu_for_request(request) -> list:
    """The live pages under the site's root page that are shown in menus, with menu_url."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    return cached(
        request,
        f"menu:{site.pk}:{site.root_page_id}:{get_language()}",
        lambda: _with_urls(request, list(site.root_page.get_children().live().in_menu())),
    )


def menu_links_html(request) -> str:
    """The main menu's links as HTML (``includes/site_nav_links.html``: home, the menu
    pages, My list), rendered once per process for the site and the reader's language.
    The header shows them twice on every page (its row and the phone's menu), and they
    depend on nothing else: the menu's pages and their languages (``menu_for_request``),
    and addresses in the reader's language. Nothing about the reader is in them."""
    from django.template.loader import get_template
    from django.utils.safestring import mark_safe

    site = Site.find_for_request(request)
    if site is None:
        return ""

    def render() -> str:
        context = {"request": request, "navigation_items": menu_for_request(request)}
        return str(get_template("includes/site_nav_links.html").render(context))

    name = f"menu-links:{site.pk}:{site.root_page_id}:{get_language()}"
    return mark_safe(cached(request, name, render))  # noqa: S308 -- our own template


def sections_of(request, page) -> list:
    """``page``'s live children shown in menus, as specific pages with menu_url."""
    site = Site.find_for_request(request)
    return cached(
        request,
        f"sections:{page.pk}:{site.pk if site else None}:{get_language()}",
        lambda: _with_urls(request, list(page.get_children().live().in_menu().specific())),
    )
