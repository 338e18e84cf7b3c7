"""Retiring a borough to one archive and restoring it loses nothing."""

import hashlib
import tarfile

import pytest
from django_tenants.utils import schema_exists

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from wagtail.models import Page, PageLogEntry, Revision, Site

from search.services import borough_index_names, uses_search_engine
from sites.core.models import BrandingSettings
from sites.standard.models import StandardPage
from tenants import routing
from tenants.media import media_files
from tenants.models import Borough, Domain
from tenants.services import (
    BoroughError,
    LaunchRequest,
    launch_borough,
    restore_borough,
    retire_borough,
)
from tests.conftest import client_for, drop_borough, inside


def snapshot(borough: Borough) -> dict:
    """Everything a borough's people would notice missing."""
    with inside(borough):
        site = Site.objects.get()
        return {
            "pages": sorted(Page.objects.values_list("id", "title", "url_path", "live")),
            "revisions": Revision.objects.count(),
            "log_entries": PageLogEntry.objects.count(),
            "users": sorted(
                get_user_model().objects.values_list("username", "password", "is_active")
            ),
            "groups": sorted(get_user_model().objects.values_list("username", "groups__name")),
            "site": (site.hostname, site.port, site.root_page_id),
            "branding": BrandingSettings.for_site(site).primary_colour,
            "media": {
                path: hashlib.sha256(default_storage.open(path).read()).hexdigest()
                for path in media_files(borough.schema_name)
            },
        }


@pytest.fixture
def merton(committed_db):
    """A borough with content of its own, committed so pg_dump can see it."""
    routing.forget_hosts_in_this_process()
    result = launch_borough(
        LaunchRequest(
            slug="merton",
            name="Merton",
            domain="merton.localhost",
            admin_email="lead@merton.example.org",
            theme="riverside",
        )
    )
    borough = result.borough
    with inside(borough):
        home = Site.objects.get().root_page
        page = home.add_child(
            instance=StandardPage(title="Knitting circle", slug="knitting", summary="Tuesdays")
        )
        page.save_revision().publish()
        get_user_model().objects.create_user("member@merton.example.org", password="pw-123456789")
        branding = BrandingSettings.for_site(Site.objects.get())
        branding.primary_colour = "#5a2a82"
        branding.save()
        default_storage.save("images/logo.png", ContentFile(b"\x89PNG fake logo bytes"))
        default_storage.save("documents/timetable.pdf", ContentFile(b"%PDF-1.4 timetable"))
    yield borough
    drop_borough("merton")


def test_retire_then_restore_round_trip_loses_nothing(merton, tmp_path):
    before = snapshot(merton)
    assert before["media"] and len(before["pages"]) >= 5
    archive = tmp_path / "merton.tar.gz"

    result = retire_borough("merton", archive)

    assert result.media_files == len(before["media"])
    with tarfile.open(archive) as contents:
        names = contents.getnames()
    assert {"manifest.json", "schema.dump", "media/images/logo.png"} <= set(names)
    assert not schema_exists("merton")
    assert not Domain.objects.filter(domain="merton.localhost").exists()
    assert Borough.objects.get(slug="merton").status == Borough.Status.ARCHIVED
    assert media_files("merton") == []
    assert borough_index_names("merton") == []
    routing.forget_hosts_in_this_process()
    assert client_for("merton.localhost").get("/").status_code == 404

    restored = restore_borough(archive)

    assert restored.status == Borough.Status.LIVE
    assert restored.primary_host == "merton.localhost"
    assert snapshot(restored) == before
    if uses_search_engine():
        assert borough_index_names("merton")
    routing.forget_hosts_in_this_process()
    response = client_for("merton.localhost").get("/knitting/")
    assert response.status_code == 200
    assert "Knitting circle" in response.content.decode()


def test_retire_refuses_to_overwrite_or_guess(merton, tmp_path):
    existing = tmp_path / "already-here.tar.gz"
    existing.write_bytes(b"keep me")
    with pytest.raises(BoroughError, match="already exists"):
        retire_borough("merton", existing)
    with pytest.raises(BoroughError, match="does not exist"):
        retire_borough("merton", tmp_path / "missing-folder" / "m.tar.gz")
    with pytest.raises(BoroughError, match="no borough called"):
        retire_borough("nowhere", tmp_path / "n.tar.gz")
    assert existing.read_bytes() == b"keep me"
    assert schema_exists("merton")


def test_restore_refuses_a_file_that_is_not_an_archive_and_changes_nothing(merton, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    boroughs_before = list(Borough.objects.values_list("slug", "status"))
    with pytest.raises(BoroughError, match="cannot be read as a borough archive"):
        restore_borough(bogus)
    with pytest.raises(BoroughError, match="There is no file"):
        restore_borough(tmp_path / "missing.tar.gz")
    assert list(Borough.objects.values_list("slug", "status")) == boroughs_before


def test_restore_refuses_while_the_borough_is_running(merton, tmp_path):
    archive = tmp_path / "merton.tar.gz"
    retire_borough("merton", archive)
    restore_borough(archive)
    with pytest.raises(BoroughError, match="is running"):
        restore_borough(archive)
    assert schema_exists("merton")
