"""Retiring a borough to one archive and restoring it loses nothing."""

import hashlib
import io
import json
import re
import tarfile
from pathlib import Path

import pytest
import redis
from django_tasks_db.compat import TaskResultStatus
from django_tenants.utils import schema_context, schema_exists

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

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
from tenants.tasks import refill_schema_pool, task_results_naming
from tests.conftest import client_for, drop_borough, inside, redis_cache_at


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


CANARY = "merton-cache-canary"


def _redis_keys(schema_name: str) -> list[bytes]:
    """The borough's keys in Redis itself, in every cache alias of this run."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    return [
        key
        for alias in settings.CACHES
        for key in client.scan_iter(match=f"{schema_name}:{caches[alias].key_prefix}:*")
    ]


def enqueue_task_results(schema_name: str, settings) -> None:
    """Two task results naming the schema, as the task worker's database queue keeps them:
    one waiting, one finished."""
    settings.TASKS = {
        "default": {"BACKEND": "tenants.task_backends.BoroughImmediateBackend"},
        "database": {"BACKEND": "tenants.task_backends.BoroughDatabaseBackend"},
    }
    with schema_context(schema_name):
        for _ in range(2):
            refill_schema_pool.using(backend="database").enqueue()
    finished = task_results_naming(schema_name).first()
    finished.status, finished.finished_at = TaskResultStatus.SUCCESSFUL, timezone.now()
    finished.save()


def command_output(name: str, *args, **options) -> list[str]:
    out = io.StringIO()
    call_command(name, *args, stdout=out, **options)
    return out.getvalue().splitlines()


def test_retire_then_restore_round_trip_loses_nothing(merton, tmp_path, settings):
    before = snapshot(merton)
    assert before["media"] and len(before["pages"]) >= 5
    archive = tmp_path / "merton.tar.gz"
    with inside(merton):
        for alias in settings.CACHES:
            caches[alias].set("canary", CANARY, timeout=None)
    assert client_for("merton.localhost").get("/").status_code == 200  # Wagtail's own keys
    assert _redis_keys("merton")
    enqueue_task_results("merton", settings)
    enqueue_task_results("public", settings)  # not the borough's: kept
    public_results = set(task_results_naming("public").values_list("pk", flat=True))

    try:
        lines = command_output("retire_borough", "merton", export=str(archive))
        kept = set(task_results_naming("public").values_list("pk", flat=True))
    finally:
        task_results_naming("public").delete()

    # Each step as it starts, then what was removed.
    assert lines[0].startswith("Closing the borough")
    assert "Removing search documents and aliases…" in lines
    assert "Dropping the schema and removing the web addresses…" in lines
    summary = lines[-1]
    assert summary.startswith("Retired Merton: schema merton dropped;")
    assert f"{len(before['media'])} media files archived to {archive}" in summary
    assert "2 task results removed" in summary
    assert "web addresses removed: merton.localhost." in summary
    assert re.search(r"; [1-9]\d* cache keys removed;", summary)
    with tarfile.open(archive) as contents:
        names = contents.getnames()
    assert {"manifest.json", "schema.dump", "media/images/logo.png"} <= set(names)
    assert not schema_exists("merton")
    assert not Domain.objects.filter(domain="merton.localhost").exists()
    assert Borough.objects.get(slug="merton").status == Borough.Status.ARCHIVED
    assert media_files("merton") == []
    assert borough_index_names("merton") == []
    assert _redis_keys("merton") == []  # nothing of it in any cache
    assert not task_results_naming("merton").exists()
    assert public_results and public_results <= kept  # another schema's are not touched
    routing.forget_hosts_in_this_process()
    assert client_for("merton.localhost").get("/").status_code == 404

    lines = command_output("restore_borough", str(archive))

    assert lines[0].startswith("Checking the archive")
    assert "Restoring media files…" in lines
    assert lines[-1].startswith(
        f"Restored Merton at merton.localhost: schema merton, {len(before['media'])} media files;"
    )
    restored = Borough.objects.get(slug="merton")
    assert restored.status == Borough.Status.LIVE
    assert restored.primary_host == "merton.localhost"
    assert snapshot(restored) == before
    if uses_search_engine():
        assert borough_index_names("merton")
        assert "search index rebuilt" in lines[-1]
    routing.forget_hosts_in_this_process()
    response = client_for("merton.localhost").get("/knitting/")
    assert response.status_code == 200
    assert "Knitting circle" in response.content.decode()


def test_a_retire_with_redis_out_says_so_and_the_daily_clean_up_removes_its_keys(
    merton, tmp_path, settings, gone_redis
):
    with inside(merton):
        caches["default"].set("canary", CANARY, timeout=None)
    assert _redis_keys("merton")
    working = settings.CACHES
    settings.CACHES = {alias: redis_cache_at(gone_redis, alias) for alias in working}

    lines = command_output("retire_borough", "merton", export=str(tmp_path / "merton.tar.gz"))

    assert "Redis did not answer: its cache keys will be removed by the daily clean-up" in lines[-1]
    assert _redis_keys("merton")  # left behind, for now
    settings.CACHES = working
    lines = command_output("clean_up_retired_boroughs")
    assert _redis_keys("merton") == []
    assert "Redis did not answer" not in lines[-1]


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


# --- Tampered archives: refused with a clear message, nothing dropped --------------------


def rewrite(archive: Path, out: Path, manifest=None, parts=None) -> Path:
    """A copy of ``archive`` with its manifest changed by ``manifest(dict)`` and its parts
    by ``parts(dict name -> bytes)``."""
    with tarfile.open(archive) as source:
        contents = {m.name: source.extractfile(m).read() for m in source.getmembers()}
    data = json.loads(contents.pop("manifest.json"))
    if manifest:
        manifest(data)
    if parts:
        parts(contents)
    contents["manifest.json"] = json.dumps(data).encode()
    with tarfile.open(out, "w:gz") as target:
        for name, body in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            target.addfile(info, io.BytesIO(body))
    return out


def as_borough(slug: str, schema: str | None = None):
    def change(manifest):
        manifest["borough"].update(slug=slug, schema_name=schema or slug.replace("-", "_"))
        manifest["domains"] = [{"domain": f"{slug}.localhost", "is_primary": True}]

    return change


def changed_part(name: str):
    def change(parts):
        parts[name] = parts[name] + b"tampered"

    return change


INJECTION = 'merton"; DROP SCHEMA lambeth CASCADE; --'
TAMPERED = {
    "schema name with SQL in it": (
        {"manifest": as_borough("merton", INJECTION)},
        "is not the one the slug 'merton' is launched with",
    ),
    "slug with SQL in it": (
        {"manifest": as_borough("x; DROP SCHEMA lambeth", "lambeth")},
        "The short name can only use",
    ),
    "slug and schema of different boroughs": (
        {"manifest": as_borough("merton", "lambeth")},
        "is not the one the slug 'merton' is launched with",
    ),
    "a running borough's slug": ({"manifest": as_borough("lambeth")}, "is running"),
    "a schema that already exists": ({"manifest": as_borough("canary")}, "already has a schema"),
    "a changed dump": ({"parts": changed_part("schema.dump")}, "does not match its checksum"),
    "a changed media file": (
        {"parts": changed_part("media/images/logo.png")},
        "does not match its checksum",
    ),
    "an unlisted part": (
        {"parts": lambda parts: parts.update({"media/extra.txt": b"x"})},
        "is not listed in the manifest",
    ),
    "a missing part": (
        {"parts": lambda parts: parts.pop("media/images/logo.png")},
        "is missing",
    ),
    "no checksums (an older archive)": (
        {"manifest": lambda m: m.pop("checksums")},
        "no checksums",
    ),
    "another host's address": (
        {"manifest": lambda m: m["domains"][0].update(domain="lambeth.localhost")},
        "used by another borough",
    ),
}


def canary_state() -> dict:
    """What a tampered restore must never touch."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM canary.keep_me")
        (canary_rows,) = cursor.fetchone()
    return {
        "canary rows": canary_rows,
        "lambeth": (schema_exists("lambeth"), Borough.objects.get(slug="lambeth").status),
        "merton": Borough.objects.get(slug="merton").status,
        "registered": sorted(Borough.objects.values_list("slug", flat=True)),
        "media": media_files("merton"),
        "merton schema": schema_exists("merton"),
    }


@pytest.fixture
def canary_schema(committed_db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA canary; CREATE TABLE canary.keep_me (id int)")
        cursor.execute("INSERT INTO canary.keep_me VALUES (1), (2)")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS canary CASCADE")


def test_a_tampered_archive_is_refused_and_nothing_is_dropped(merton, canary_schema, tmp_path):
    archive = tmp_path / "merton.tar.gz"
    retire_borough("merton", archive)
    before = canary_state()
    for case, (changes, message) in TAMPERED.items():
        tampered = rewrite(archive, tmp_path / "tampered.tar.gz", **changes)
        with pytest.raises(BoroughError, match=re.escape(message)):
            restore_borough(tampered)
        assert canary_state() == before, case
        assert not schema_exists(INJECTION.replace('"', "")), case

    # A dump of another schema (the manifest consistent, its checksums right): the schema
    # the restore created is removed again, and only that.
    elsewhere = rewrite(archive, tmp_path / "kingston.tar.gz", manifest=as_borough("kingston"))
    with pytest.raises(BoroughError, match="holds no schema 'kingston'"):
        restore_borough(elsewhere)
    assert not schema_exists("kingston")
    assert not Borough.objects.filter(slug="kingston").exists()
    assert media_files("kingston") == []
    assert canary_state() == before

    # The untouched archive still restores.
    assert restore_borough(archive).borough.status == Borough.Status.LIVE


def test_a_retire_stopped_during_its_wait_opens_the_borough_again(merton, tmp_path, monkeypatch):
    """Ctrl+C (or a stop signal) while the retire waits for requests inside to finish: the
    borough is live and served again, not left closed with nobody retiring it."""
    import types

    from tenants.services import retire

    def interrupted(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(retire, "time", types.SimpleNamespace(sleep=interrupted))
    archive = tmp_path / "merton.tar.gz"
    with pytest.raises(KeyboardInterrupt):
        retire_borough("merton", archive)
    assert Borough.objects.get(slug="merton").status == Borough.Status.LIVE
    assert not archive.exists() and schema_exists("merton")
    routing.forget_hosts_in_this_process()
    assert client_for("merton.localhost").get("/knitting/").status_code == 200
