"""A borough archive's manifest: written at retire, checked in full before a restore.

The archive is a gzipped tar holding ``manifest.json`` (the register entry, its web
addresses and a SHA-256 checksum of every other part), ``schema.dump`` (pg_dump of the
borough's schema, custom format) and ``media/...`` (every media file, by its path inside
the borough's prefix).

Nothing in an archive is believed until :func:`read_archive` has checked it: the slug and
schema name as a launch would accept them (and naming each other), every other field as
the register stores it, every part present with its checksum, and no part the manifest
does not list. An archive is still trusted as far as its content: restore only archives
your platform made; these checks catch mistakes, damage and a part changed or swapped.
"""

import hashlib
import json
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from themes.registry import available_themes

from ..validators import (
    schema_name_for_slug,
    validate_admin_email,
    validate_borough_host,
    validate_borough_slug,
)
from .errors import BoroughError

ARCHIVE_FORMAT = 2
MANIFEST = "manifest.json"
SCHEMA_DUMP = "schema.dump"
MEDIA_PREFIX = "media/"
SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Archive:
    path: Path
    manifest: dict

    @property
    def borough(self) -> dict:
        return self.manifest["borough"]

    @property
    def schema_name(self) -> str:
        return self.manifest["borough"]["schema_name"]

    @property
    def domains(self) -> list[dict]:
        return self.manifest["domains"]


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_archive(path: Path) -> Archive:
    """The archive at ``path``, checked in full, or BoroughError saying what is wrong."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {member.name: member for member in archive.getmembers()}
            if MANIFEST not in members or SCHEMA_DUMP not in members:
                raise BoroughError(f"{path} is not a borough archive.")
            manifest = json.load(archive.extractfile(members[MANIFEST]))
            if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
                raise BoroughError(
                    f"{path} has an archive format this version cannot read "
                    f"(format {ARCHIVE_FORMAT}, with checksums, is needed)."
                )
            problems = manifest_problems(manifest)
            if not problems:
                problems = _part_problems(archive, members, manifest["checksums"])
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BoroughError(f"{path} cannot be read as a borough archive: {error}") from error
    if problems:
        raise BoroughError(
            f"{path} was refused; nothing was changed. " + " ".join(sorted(problems))
        )
    return Archive(path=path, manifest=manifest)


def _part_problems(archive: tarfile.TarFile, members: dict, checksums: dict) -> list[str]:
    problems = []
    for name, member in members.items():
        if name == MANIFEST:
            continue
        if not member.isfile():
            problems.append(f"'{name}' is not a plain file.")
        elif name not in checksums:
            problems.append(f"'{name}' is not listed in the manifest.")
        elif checksum(archive.extractfile(member).read()) != checksums[name]:
            problems.append(f"'{name}' does not match its checksum (damaged or changed).")
    problems += [f"'{name}' is missing." for name in checksums if name not in members]
    return problems


def manifest_problems(manifest: dict) -> list[str]:
    """What is wrong with the manifest's register entry, addresses and checksums."""
    details = manifest.get("borough")
    if not isinstance(details, dict):
        return ["The manifest has no borough."]
    problems = []

    def text(field: str) -> str:
        value = details.get(field)
        if not isinstance(value, str):
            problems.append(f"The borough's {field} is missing.")
            return ""
        return value

    def check(label: str, validator, value: str) -> None:
        try:
            validator(value)
        except ValidationError as error:
            problems.append(f"{label}: {' '.join(error.messages)}")

    slug, schema_name = text("slug"), text("schema_name")
    check("Slug", validate_borough_slug, slug)
    if slug and schema_name != schema_name_for_slug(slug):
        problems.append(
            f"The schema name '{schema_name}' is not the one the slug '{slug}' is launched with "
            f"('{schema_name_for_slug(slug)}')."
        )
    name = text("name")
    if name and not 0 < len(name.strip()) <= 100:
        problems.append("The borough's name must be 1 to 100 characters.")
    if details.get("theme") not in available_themes():
        problems.append(f"There is no theme called '{details.get('theme')}'.")
    languages = {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}
    if details.get("default_language") not in languages:
        problems.append(f"'{details.get('default_language')}' is not a supported language.")
    check("Contact email", validate_admin_email, text("contact_email"))
    if not parse_datetime(text("created_at") or "-"):
        problems.append("The borough's created_at is not a date and time.")
    problems += _domain_problems(manifest.get("domains"))
    checksums = manifest.get("checksums")
    if not isinstance(checksums, dict) or SCHEMA_DUMP not in checksums:
        problems.append("The manifest has no checksums of its parts.")
    elif any(
        not isinstance(value, str)
        or not SHA256.match(value)
        or not (key == SCHEMA_DUMP or key.startswith(MEDIA_PREFIX))
        for key, value in checksums.items()
    ):
        problems.append("The manifest's checksums are not SHA-256 checksums of its parts.")
    return problems


def _domain_problems(domains) -> list[str]:
    if not isinstance(domains, list) or not domains:
        return ["The manifest has no web addresses."]
    problems = []
    for domain in domains:
        host = domain.get("domain") if isinstance(domain, dict) else None
        if not isinstance(host, str) or not isinstance(domain.get("is_primary"), bool):
            problems.append("A web address in the manifest is incomplete.")
            continue
        try:
            validate_borough_host(host)
        except ValidationError as error:
            problems.append(f"Web address: {' '.join(error.messages)}")
    primaries = [d for d in domains if isinstance(d, dict) and d.get("is_primary") is True]
    if len(primaries) != 1:
        problems.append("The manifest must name exactly one primary web address.")
    return problems
