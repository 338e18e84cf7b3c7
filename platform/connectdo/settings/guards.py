"""What production refuses to start with. Each refusal says what is wrong and what to set."""

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured


def strong_secret_key(key: str) -> str:
    """The key, if it is long, varied and not one Django generated for development."""
    if len(key) < SECRET_KEY_MIN_LENGTH:
        problem = f"at least {SECRET_KEY_MIN_LENGTH} random characters"
    elif len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        problem = (
            f"random: it has fewer than {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters"
        )
    elif key.startswith(SECRET_KEY_INSECURE_PREFIX):
        problem = f"your own: keys starting {SECRET_KEY_INSECURE_PREFIX!r} are for development"
    else:
        return key
    raise ImproperlyConfigured(
        f"SECRET_KEY must be {problem}. Generate one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )


def named_hosts(hosts: list[str]) -> list[str]:
    """The hosts, if none of them is the wildcard '*' (which would answer any Host header)."""
    if not hosts:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set: the platform's hosts, comma-separated "
            "(see README.md, Configuration)."
        )
    if any(host.strip() == "*" for host in hosts):
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must name the platform's hosts (e.g. '.example.org' for every "
            "borough subdomain), not '*'."
        )
    return hosts


def shared_cache(redis_url: str | None, *, single_process: bool) -> None:
    """Rate limits and cache invalidation reach every worker only through Redis."""
    if not redis_url and not single_process:
        raise ImproperlyConfigured(
            "REDIS_URL must be set: without it each worker process has its own cache, so "
            "rate limits multiply by the number of workers and Editors' changes do not reach "
            "the other processes. For one single process, set ALLOW_SINGLE_PROCESS=1."
        )


def notes_keys(keys: list[str]) -> list[str]:
    """Keys that encrypt coaching notes (sites/connecting/encryption.py): at least one, valid."""
    from cryptography.fernet import Fernet

    if not keys:
        raise ImproperlyConfigured(
            "NOTES_ENCRYPTION_KEYS must be set: the key(s) that encrypt Community Connecting "
            "notes. Generate one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'` and keep it with the backups' keys."
        )
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError as error:
            raise ImproperlyConfigured(
                "Each NOTES_ENCRYPTION_KEYS key must be a Fernet key (32 url-safe base64 bytes)."
            ) from error
    return keys
