"""Retiring a borough to a single archive file, and restoring it from one.

What an archive holds, and how it is checked before a restore, is in archive.py. A restore
creates the schema itself (so it never writes into one it did not make), restores into it
only what the dump holds for that schema, and on any failure removes only what it made.
"""

import io
import json
import logging
import os
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django_tenants.utils import schema_exists
from psycopg import sql

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from search.services import delete_borough_indexes, rebuild_borough_index

from ..cache import delete_borough_keys
from ..content import borough_content
from ..contenttypes import forget_schema
from ..media import delete_media_location, export_media, import_media, media_files
from ..models import Borough, Domain
from ..pg_client import pg_client_env_and_args
from ..routing import hosts_changed
from ..tasks import delete_task_results
from .archive import ARCHIVE_FORMAT, MANIFEST, SCHEMA_DUMP, Archive, file_checksum, read_archive
from .errors import BoroughError

logger = logging.getLogger(__name__)


Say = Callable[[str], None]


def _silent(line: str) -> None:
    pass


@dataclass
class RetireResult:
    borough: Borough
    archive: Path
    media_files: int
    domains: list[str] = field(default_factory=list)
    cache_keys: int | None = 0  # None: Redis did not answer
    task_results: int = 0

    def summary(self) -> str:
        """One line saying what was removed, and what could not be reached."""
        keys = (
            "Redis did not answer: its cache keys will be removed by the daily clean-up "
            "(clean_up_retired_boroughs)"
            if self.cache_keys is None
            else f"{self.cache_keys} cache keys removed"
        )
        return (
            f"Retired {self.borough.name}: schema {self.borough.schema_name} dropped; "
            f"{self.media_files} media files archived to {self.archive}; search documents "
            f"and aliases removed; {keys}; {self.task_results} task results removed; "
            f"web addresses removed: {', '.join(self.domains) or 'none'}."
        )


def _run(command: list[str], env: dict) -> None:
    completed = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if completed.returncode != 0:
        raise BoroughError(f"{command[0]} failed: {completed.stderr.strip()[:500]}")


def export_borough(borough: Borough, archive_path: Path) -> int:
    """Write the borough's schema and media to ``archive_path``; returns media file count."""
    env, args = pg_client_env_and_args()
    manifest = {
        "format": ARCHIVE_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "borough": {
            "schema_name": borough.schema_name,
            "slug": borough.slug,
            "name": borough.name,
            "theme": borough.theme,
            "default_language": borough.default_language,
            "contact_email": borough.contact_email,
            "created_at": borough.created_at.isoformat(),
            "launched_at": borough.launched_at.isoformat() if borough.launched_at else None,
        },
        "domains": [
            {"domain": d.domain, "is_primary": d.is_primary} for d in borough.domains.all()
        ],
    }
    with tempfile.TemporaryDirectory() as workdir:
        dump_path = Path(workdir) / SCHEMA_DUMP
        _run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--schema",
                borough.schema_name,
                "--no-owner",
                "--file",
                str(dump_path),
            ],
            env,
        )
        partial = archive_path.with_name(archive_path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            checksums = export_media(borough.schema_name, archive)
            archive.add(dump_path, arcname=SCHEMA_DUMP)
            checksums[SCHEMA_DUMP] = file_checksum(dump_path)
            manifest["media_files"] = media_count = len(checksums) - 1
            manifest["checksums"] = checksums
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        partial.replace(archive_path)
    return media_count


def retire_borough(slug: str, archive_path: str | os.PathLike, say: Say = _silent) -> RetireResult:
    """Export everything, check the archive reads back, then remove the borough.

    The register entry stays, marked archived, so the short name is not reused by
    accident; schema, web addresses, media, search indexes, cache keys and task results
    are removed. ``say`` is told each step as it starts (the command prints them).
    """
    connection.set_schema_to_public()
    archive_path = Path(archive_path).resolve()
    borough = Borough.objects.filter(slug=slug).first()
    if borough is None:
        raise BoroughError(f"There is no borough called '{slug}'.")
    if borough.status == Borough.Status.ARCHIVED:
        raise BoroughError(f"The borough '{slug}' is already retired.")
    if archive_path.exists():
        raise BoroughError(f"{archive_path} already exists; choose a new file name.")
    if not archive_path.parent.is_dir():
        raise BoroughError(f"The folder {archive_path.parent} does not exist.")
    schema = borough.schema_name
    domains = list(borough.domains.values_list("domain", flat=True))

    # From here on no request reaches the borough (tenants/routing.py) and its queued tasks
    # are dropped, not run (tenants/tasks.py): nothing is written after the export, none
    # can write its content back into the search engine after the removal below, and no
    # new transaction takes locks in the schema while it is dropped.
    previous = borough.status
    say("Closing the borough to visitors and tasks, and waiting for requests to finish…")
    _set_status(borough, Borough.Status.RETIRING)
    try:
        time.sleep(settings.BOROUGH_RETIRE_DRAIN_SECONDS)  # requests already inside finish
        say(f"Archiving the database schema and media to {archive_path}…")
        media_count = export_borough(borough, archive_path)
        say("Checking the archive reads back…")
        read_archive(archive_path)  # refuse to remove anything unless the archive checks out
    except BaseException:  # Ctrl+C or a stop signal too: never left closed with nobody retiring it
        _set_status(borough, previous)
        raise

    say("Removing search documents and aliases…")
    delete_borough_indexes(schema)
    say("Dropping the schema and removing the web addresses…")
    _remove_borough(borough)
    forget_schema(schema)
    borough_content().schema_replaced(schema)
    say("Removing cache keys…")
    cache_keys = delete_borough_keys(schema)  # after the line above, which writes one
    say("Removing task results…")
    task_results = delete_task_results(schema)
    say("Removing media files…")
    delete_media_location(schema)
    logger.info("Retired %s to %s", slug, archive_path)
    return RetireResult(
        borough=borough,
        archive=archive_path,
        media_files=media_count,
        domains=domains,
        cache_keys=cache_keys,
        task_results=task_results,
    )


def _set_status(borough: Borough, status: str) -> None:
    Borough.objects.filter(pk=borough.pk).update(status=status)
    hosts_changed()  # update() sends no signal: tell every process now


def _remove_borough(borough: Borough, attempts: int = 8) -> None:
    """Domains, archived status and the schema, in one transaction. Dropping the schema
    locks every one of its tables; a request or task still writing there can deadlock
    with it, and PostgreSQL then cancels one of the two: if it is this one, try again."""
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                borough.domains.all().delete()
                borough.status = Borough.Status.ARCHIVED
                borough.save(update_fields=["status"])
                with connection.cursor() as cursor:
                    cursor.execute(drop_schema(borough.schema_name))
            return
        except OperationalError as error:
            if "deadlock" not in str(error) or attempt == attempts:
                raise
            logger.warning("Retiring %s met a deadlock; trying again", borough.slug)
            time.sleep(0.2 * attempt)  # let the other transaction finish first


def drop_schema(schema_name: str) -> sql.Composed:
    return sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema_name))


@dataclass
class RestoreResult:
    borough: Borough
    media_files: int
    cache_keys: int | None  # stale keys of an earlier schema of that name; None: no Redis
    search_rebuilt: bool

    def summary(self) -> str:
        slug = self.borough.slug
        search = (
            "search index rebuilt"
            if self.search_rebuilt
            else "the search engine did not answer: run "
            f"`rebuild_search_index --borough {slug}` once it does (search answers from "
            "the database meanwhile)"
        )
        keys = (
            "Redis did not answer: no old cache keys removed (they expire by themselves)"
            if self.cache_keys is None
            else f"{self.cache_keys} old cache keys removed"
        )
        return (
            f"Restored {self.borough.name} at {self.borough.primary_host}: schema "
            f"{self.borough.schema_name}, {self.media_files} media files; {search}; {keys}."
        )


def restore_borough(archive_path: str | os.PathLike, say: Say = _silent) -> RestoreResult:
    """Bring a retired borough back exactly as it was exported.

    Refused, with nothing changed, unless the archive checks out and its schema, media
    location and web addresses are all free. ``say`` is told each step as it starts.
    """
    connection.set_schema_to_public()
    archive_path = Path(archive_path).resolve()
    if not archive_path.is_file():
        raise BoroughError(f"There is no file at {archive_path}.")
    say(f"Checking the archive {archive_path}…")
    archive = read_archive(archive_path)
    existing = _check_restore_target(archive)
    schema_name = archive.schema_name

    env, args = pg_client_env_and_args()
    with tempfile.TemporaryDirectory() as workdir, tarfile.open(archive_path, "r:gz") as tar:
        dump_path = Path(workdir) / SCHEMA_DUMP
        dump_path.write_bytes(tar.extractfile(SCHEMA_DUMP).read())
        if file_checksum(dump_path) != archive.manifest["checksums"][SCHEMA_DUMP]:
            raise BoroughError(f"{archive_path} changed while it was being restored.")
        say(f"Restoring the database schema {schema_name}…")
        _create_schema(schema_name)  # ours from here on: it did not exist a moment ago
        try:
            # Only what the dump holds for this schema, in one transaction.
            _run(
                ["pg_restore", *args, "--no-owner", "--single-transaction", "--exit-on-error"]
                + ["--schema", schema_name, str(dump_path)],
                env,
            )
            _check_restored(schema_name)
            forget_schema(schema_name)  # the archive's rows, not those of any earlier schema
            say("Removing old cache keys…")
            # Anything an earlier schema of this name left (a retire while Redis was out).
            cache_keys = delete_borough_keys(schema_name)
            borough_content().schema_replaced(schema_name)
            say("Restoring media files…")
            media_count = import_media(schema_name, tar)
            say("Registering the borough and its web addresses…")
            borough = _register(archive, existing)
        except Exception:
            _undo_restore(schema_name)
            raise
    say("Rebuilding the search index…")
    try:
        rebuild_borough_index(schema_name)
        search_rebuilt = True
    except Exception:
        # The borough is back and live; search answers from its database index meanwhile.
        search_rebuilt = False
        logger.exception(
            "Restored %s, but its search index could not be rebuilt: run "
            "`rebuild_search_index --borough %s` once the search engine answers.",
            archive.borough["slug"],
            archive.borough["slug"],
        )
    connection.set_schema_to_public()
    logger.info("Restored %s from %s", archive.borough["slug"], archive_path)
    return RestoreResult(
        borough=borough,
        media_files=media_count,
        cache_keys=cache_keys,
        search_rebuilt=search_rebuilt,
    )


def _check_restore_target(archive: Archive) -> Borough | None:
    """The retired register entry to bring back (or None for a new one); refuses unless
    everything the restore will create is free."""
    details, schema_name = archive.borough, archive.schema_name
    existing = Borough.objects.filter(slug=details["slug"]).first()
    if existing and existing.status != Borough.Status.ARCHIVED:
        raise BoroughError(f"The borough '{details['slug']}' is running; retire it first.")
    if existing and existing.schema_name != schema_name:
        raise BoroughError(
            f"The archive's schema '{schema_name}' is not the retired borough's "
            f"('{existing.schema_name}')."
        )
    if Borough.objects.filter(schema_name=schema_name).exclude(slug=details["slug"]).exists():
        raise BoroughError(f"Another borough uses the schema '{schema_name}'.")
    if schema_exists(schema_name, case_sensitive=False):
        raise BoroughError(f"The database already has a schema named '{schema_name}'.")
    if media_files(schema_name):
        raise BoroughError(f"Media files for '{schema_name}' already exist; nothing was changed.")
    taken = Domain.objects.filter(domain__in=[d["domain"] for d in archive.domains])
    if taken.exists():
        raise BoroughError(
            "These web addresses are used by another borough: "
            + ", ".join(taken.values_list("domain", flat=True))
        )
    return existing


def _create_schema(schema_name: str) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema_name)))
    except Exception as error:
        raise BoroughError(f"The schema '{schema_name}' could not be created: {error}") from error


def _check_restored(schema_name: str) -> None:
    """The dump held this borough's schema (a dump of another schema restores nothing)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name = 'wagtailcore_site'",
            [schema_name],
        )
        if cursor.fetchone() is None:
            raise BoroughError(f"The archive's database dump holds no schema '{schema_name}'.")


def _register(archive: Archive, existing: Borough | None) -> Borough:
    """The register entry and its web addresses, live; all or nothing."""
    details = archive.borough
    with transaction.atomic():
        borough = existing or Borough(slug=details["slug"], schema_name=archive.schema_name)
        borough.name = details["name"].strip()
        borough.theme = details["theme"]
        borough.default_language = details["default_language"]
        borough.contact_email = details["contact_email"]
        borough.created_at = parse_datetime(details["created_at"])
        borough.launched_at = timezone.now()
        borough.status = Borough.Status.LIVE
        borough.save()
        for domain in archive.domains:
            Domain.objects.create(
                tenant=borough, domain=domain["domain"], is_primary=domain["is_primary"]
            )
    return borough


def _undo_restore(schema_name: str) -> None:
    """Remove what this restore made: the schema and media it created (the register entry
    was written in one transaction, rolled back)."""
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(drop_schema(schema_name))
    forget_schema(schema_name)
    delete_media_location(schema_name)
