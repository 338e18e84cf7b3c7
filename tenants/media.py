"""Each borough's media location, through the configured storage (local or S3).

Every path below is relative to the borough's prefix: the storage classes in
tenants/storage.py put the schema name in front of it.
"""

import hashlib
import io
import shutil
import tarfile

from django_tenants.utils import schema_context

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage

MARKER = ".borough"


def _walk(storage, path=""):
    directories, files = storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}" if path else directory)


def media_files(schema_name: str) -> list[str]:
    with schema_context(schema_name):
        try:
            return sorted(_walk(default_storage))
        except FileNotFoundError:
            return []


def create_media_location(schema_name: str) -> None:
    with schema_context(schema_name):
        if default_storage.exists(MARKER):
            raise FileExistsError(f"A media location for {schema_name} already exists.")
        default_storage.save(MARKER, ContentFile(schema_name.encode()))


def delete_media_location(schema_name: str) -> None:
    with schema_context(schema_name):
        for path in media_files(schema_name):
            default_storage.delete(path)
        if isinstance(default_storage, FileSystemStorage):
            shutil.rmtree(default_storage.path(""), ignore_errors=True)


def export_media(schema_name: str, archive: tarfile.TarFile, prefix: str = "media/") -> dict:
    """Add every media file to ``archive``; returns {name in the archive: SHA-256}."""
    checksums = {}
    with schema_context(schema_name):
        for path in media_files(schema_name):
            with default_storage.open(path, "rb") as handle:
                data = handle.read()
            info = tarfile.TarInfo(prefix + path)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            checksums[info.name] = hashlib.sha256(data).hexdigest()
    return checksums


def import_media(schema_name: str, archive: tarfile.TarFile, prefix: str = "media/") -> int:
    count = 0
    with schema_context(schema_name):
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith(prefix):
                continue
            relative = member.name[len(prefix) :]
            if relative.startswith("/") or ".." in relative.split("/"):
                raise ValueError(f"Unsafe path in archive: {member.name}")
            data = archive.extractfile(member).read()
            if default_storage.exists(relative):
                default_storage.delete(relative)
            saved = default_storage.save(relative, ContentFile(data))
            if saved != relative:
                raise ValueError(f"Media file {relative} was stored as {saved}.")
            count += 1
    return count
