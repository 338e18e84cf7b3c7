"""Retiring a borough to a single archive file, and restoring it from one.

The archive is a gzipped tar holding ``manifest.json`` (the register entry and its
web addresses), ``schema.dump`` (pg_dump of the borough's schema, custom format) and
``media/...`` (every media file, by its path inside the borough's prefix).
"""

import io
import json
import logging
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django_tenants.utils import schema_exists

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from search.services import delete_borough_indexes, rebuild_borough_index
from sites.core.site_cache import schema_replaced

from ..contenttypes import forget_schema
from ..media import delete_media_location, export_media, import_media
from ..models import Borough, Domain
from .errors import BoroughError

logger = logging.getLogger(__name__)
ARCHIVE_FORMAT = 1


@dataclass
class RetireResult:
    borough: Borough
    archive: Path
    media_files: int


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = os.environ.copy()
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def _run(command: list[str], env: dict) -> None:
    completed = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if completed.returncode != 0:
        raise BoroughError(f"{command[0]} failed: {completed.stderr.strip()[:500]}")


def export_borough(borough: Borough, archive_path: Path) -> int:
    """Write the borough's schema and media to ``archive_path``; returns media file count."""
    env, args = _pg_env_and_args()
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
        dump_path = Path(workdir) / "schema.dump"
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
            media_count = export_media(borough.schema_name, archive)
            manifest["media_files"] = media_count
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump_path, arcname="schema.dump")
        partial.replace(archive_path)
    return media_count


def retire_borough(slug: str, archive_path: str | os.PathLike) -> RetireResult:
    """Export everything, check the archive reads back, then remove the borough.

    The register entry stays, marked archived, so the short name is not reused by
    accident; schema, web addresses, media and search indexes are removed.
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

    media_count = export_borough(borough, archive_path)
    read_manifest(archive_path)  # refuse to remove anything if the archive is unreadable

    delete_borough_indexes(borough.schema_name)
    with transaction.atomic():
        borough.domains.all().delete()
        borough.status = Borough.Status.ARCHIVED
        borough.save(update_fields=["status"])
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{borough.schema_name}" CASCADE')
    forget_schema(borough.schema_name)
    schema_replaced(borough.schema_name)
    delete_media_location(borough.schema_name)
    logger.info("Retired %s to %s", slug, archive_path)
    return RetireResult(borough=borough, archive=archive_path, media_files=media_count)


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            names = archive.getnames()
            if "manifest.json" not in names or "schema.dump" not in names:
                raise BoroughError(f"{archive_path} is not a borough archive.")
            manifest = json.load(archive.extractfile("manifest.json"))
    except (tarfile.TarError, OSError, json.JSONDecodeError) as error:
        raise BoroughError(
            f"{archive_path} cannot be read as a borough archive: {error}"
        ) from error
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise BoroughError(f"{archive_path} has an archive format this version cannot read.")
    return manifest


def _undo_restore(schema_name: str, created: Borough | None, existing: Borough | None) -> None:
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE')
    forget_schema(schema_name)
    if created is not None and created.pk:
        created.delete()  # its domains go with it
    if existing is not None:
        existing.domains.all().delete()
        existing.status = Borough.Status.ARCHIVED
        existing.save(update_fields=["status"])
    delete_media_location(schema_name)


def restore_borough(archive_path: str | os.PathLike) -> Borough:
    """Bring a retired borough back exactly as it was exported."""
    connection.set_schema_to_public()
    archive_path = Path(archive_path).resolve()
    if not archive_path.is_file():
        raise BoroughError(f"There is no file at {archive_path}.")
    manifest = read_manifest(archive_path)
    details = manifest["borough"]
    schema_name = details["schema_name"]

    existing = Borough.objects.filter(slug=details["slug"]).first()
    if existing and existing.status != Borough.Status.ARCHIVED:
        raise BoroughError(f"The borough '{details['slug']}' is running; retire it first.")
    if schema_exists(schema_name, case_sensitive=False):
        raise BoroughError(f"The database already has a schema named '{schema_name}'.")
    taken = Domain.objects.filter(domain__in=[d["domain"] for d in manifest["domains"]])
    if taken.exists():
        raise BoroughError(
            "These web addresses are used by another borough: "
            + ", ".join(taken.values_list("domain", flat=True))
        )

    env, args = _pg_env_and_args()
    with tempfile.TemporaryDirectory() as workdir, tarfile.open(archive_path, "r:gz") as archive:
        dump_path = Path(workdir) / "schema.dump"
        dump_path.write_bytes(archive.extractfile("schema.dump").read())
        _run(["pg_restore", *args, "--no-owner", "--exit-on-error", str(dump_path)], env)
        forget_schema(schema_name)  # the archive's rows, not those of any earlier schema
        schema_replaced(schema_name)
        borough = None
        try:
            with transaction.atomic():
                borough = existing or Borough(slug=details["slug"], schema_name=schema_name)
                borough.name = details["name"]
                borough.theme = details["theme"]
                borough.default_language = details["default_language"]
                borough.contact_email = details["contact_email"]
                borough.created_at = parse_datetime(details["created_at"])
                borough.launched_at = timezone.now()
                borough.status = Borough.Status.LIVE
                borough.save()
                for domain in manifest["domains"]:
                    Domain.objects.create(tenant=borough, **domain)
            import_media(schema_name, archive)
        except Exception:
            _undo_restore(schema_name, None if existing else borough, existing)
            raise
    rebuild_borough_index(schema_name)
    connection.set_schema_to_public()
    logger.info("Restored %s from %s", details["slug"], archive_path)
    return borough
