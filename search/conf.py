"""Builds WAGTAILSEARCH_BACKENDS from SEARCH_URL / SEARCH_ENGINE (read by settings)."""

ENGINE_BACKENDS = {
    "opensearch": "search.backends.opensearch",
    "elasticsearch": "search.backends.elasticsearch",
}


def search_backends(url: str | None, engine: str, index_prefix: str) -> dict:
    """With no SEARCH_URL the platform runs on PostgreSQL alone (full text + trigram)."""
    if not url:
        return {"default": {"BACKEND": "wagtail.search.backends.database"}}
    try:
        backend = ENGINE_BACKENDS[engine]
    except KeyError as error:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"SEARCH_ENGINE must be one of {', '.join(ENGINE_BACKENDS)}, not {engine!r}."
        ) from error
    return {
        "default": {
            "BACKEND": backend,
            "URLS": [url],
            "INDEX_PREFIX": index_prefix,
            "TIMEOUT": 5,
            "ATOMIC_REBUILD": True,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
