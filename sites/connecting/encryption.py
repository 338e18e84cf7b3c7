"""Free-text notes about a person, encrypted in the application before they reach PostgreSQL.

The keys come from the environment (``NOTES_ENCRYPTION_KEYS``, comma-separated Fernet keys;
the first encrypts, all decrypt, so a key can be rotated). A database dump or a borough's
retire archive therefore holds only ciphertext; restoring it on a server with the same
keys reads the notes again. Production refuses to start without a key
(``connectdo.settings.guards.notes_keys``).
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class NotesKeyError(RuntimeError):
    """A note that none of the configured keys can read (a wrong or missing key)."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("NOTES_ENCRYPTION_KEYS must hold at least one Fernet key.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.NOTES_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise NotesKeyError(
            "A note cannot be read with the configured NOTES_ENCRYPTION_KEYS "
            "(was it written with another key?)."
        ) from error


class EncryptedTextField(models.TextField):
    """A TextField whose column holds only a Fernet token; Python sees plain text.

    Not searchable or filterable by content (each token is random), which is the point.
    An empty note is stored as an empty string, so "has a note" stays visible.
    """

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
