"""Every per-borough cache of a process is bounded (TENANT_CACHE_SIZE, least recently used
go first), and a borough pushed out is served from the database again, correctly."""

import uuid

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from sites.core import site_cache
from sites.core.models import BrandingSettings
from tenants import contenttypes, routing
from tenants.lru import LRUMapping
from tests.conftest import client_for, inside

CANARY = "canary" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:12])


def test_the_least_recently_used_entry_goes_first_at_the_size_settings_give():
    with override_settings(TENANT_CACHE_SIZE=2):
        cache = LRUMapping()
        cache["lambeth"] = 1
        cache["southwark"] = 2
        assert cache["lambeth"] == 1  # used: now the most recent
        cache["croydon"] = 3
        assert list(cache) == ["lambeth", "croydon"]
        assert cache.setdefault("lambeth", 9) == 1
        assert cache.setdefault("hackney", 4) == 4
        assert list(cache) == ["lambeth", "hackney"]
    with override_settings(TENANT_CACHE_SIZE=1):
        cache["camden"] = 5  # a smaller size applies at the next insertion
        assert list(cache) == ["camden"]
        assert cache.get("lambeth") is None


def page_of(borough) -> str:
    response = client_for(borough).get("/")
    assert response.status_code == 200
    return response.content.decode()


def cached_boroughs() -> dict[str, set]:
    hosts = {borough.schema_name for borough in routing._state["hosts"].values() if borough}
    return {
        "site": set(site_cache._entries),
        "content types": contenttypes.cached_schemas() - {"public"},
        "hosts": hosts,
    }


@pytest.mark.django_db
def test_a_borough_pushed_out_of_every_cache_is_served_its_own_content_again(
    lambeth, southwark, settings, django_capture_on_commit_callbacks
):
    settings.TENANT_CACHE_SIZE = 1
    with django_capture_on_commit_callbacks(execute=True):
        for borough in (lambeth, southwark):
            with inside(borough):
                branding = BrandingSettings.objects.get()
                branding.site_name = f"{borough.name} {CANARY}"
                branding.save()

    assert f"Lambeth {CANARY}" in page_of(lambeth)
    assert cached_boroughs() == dict.fromkeys(["site", "content types", "hosts"], {"lambeth"})

    southwark_page = page_of(southwark)  # pushes Lambeth out of every cache
    assert f"Southwark {CANARY}" in southwark_page and f"Lambeth {CANARY}" not in southwark_page
    assert cached_boroughs() == dict.fromkeys(["site", "content types", "hosts"], {"southwark"})

    lambeth_page = page_of(lambeth)  # read afresh, same ids as Southwark's rows
    assert f"Lambeth {CANARY}" in lambeth_page and f"Southwark {CANARY}" not in lambeth_page
    assert "<h1>Connect &amp; Do Lambeth</h1>" in lambeth_page
    assert cached_boroughs() == dict.fromkeys(["site", "content types", "hosts"], {"lambeth"})
    # Refilled: the next request is served from the caches again (see test_site_cache.py).
    client = client_for(lambeth)
    with CaptureQueriesContext(connection) as captured:
        assert f"Lambeth {CANARY}" in client.get("/").content.decode()
    assert len(captured.captured_queries) == 4
