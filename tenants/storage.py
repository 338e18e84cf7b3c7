"""Media storage with one prefix per borough: ``<MEDIA_ROOT or bucket>/<schema>/...``."""

from django_tenants.files.storage import TenantFileSystemStorage
from storages.backends.s3 import S3Storage

from django.db import connection


class BoroughFileSystemStorage(TenantFileSystemStorage):
    """Local files under MEDIA_ROOT/<schema>/, served at /media/<schema>/..."""


class BoroughS3Storage(S3Storage):
    """S3 (or an S3-compatible store) with every key under ``<schema>/``.

    django-tenants ships no tenant-aware S3 storage, so the prefix is read from the
    connection on every call rather than fixed when the storage object is built.
    """

    @property
    def location(self):
        return f"{connection.schema_name}/"

    @location.setter
    def location(self, value):
        # S3Storage sets `location` from its settings in __init__; the schema wins.
        pass


def borough_media_prefix(schema_name: str) -> str:
    return f"{schema_name}/"
