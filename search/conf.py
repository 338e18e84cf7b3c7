"""Builds WAGTAILSEARCH_BACKENDS from SEARCH_URL / SEARCH_ENGINE (read by settings).

Engines (``SEARCH_ENGINE``):

- ``opensearch``: OpenSearch 2.x or 3.x (client opensearch-py 3).
- ``opensearch-aws``: Amazon OpenSearch Service; every request is signed (SigV4) with
  the credentials boto3 finds (environment, ~/.aws, instance or task role), for the
  region in ``SEARCH_AWS_REGION`` (service ``es``; ``aoss`` for Serverless, set by
  ``SEARCH_AWS_SERVICE``).
- ``elasticsearch``: Elasticsearch 9 (client elasticsearch 9).

With an engine, a second backend, ``database``, keeps PostgreSQL's own index up to date
as well: it is what searches fall back to while the engine is down. With no
``SEARCH_URL`` the database backend (full text, plus trigram matching for typos) is the
only one, so the platform runs on PostgreSQL alone.
"""

import os

from django.core.exceptions import ImproperlyConfigured

ENGINE_BACKENDS = {
    "opensearch": "search.backends.opensearch",
    "opensearch-aws": "search.backends.opensearch",
    "elasticsearch": "search.backends.elasticsearch",
}
DATABASE_BACKEND = "wagtail.search.backends.database"
# The alias of the PostgreSQL backend kept alongside an engine (see search/fallback.py).
FALLBACK_ALIAS = "database"


def shared_index_settings() -> dict:
    """Shards of each shared index (one per kind of content, for all boroughs).

    ``SEARCH_INDEX_SHARDS`` primaries (default 1: a shard holds millions of small
    documents); replicas ``SEARCH_INDEX_REPLICAS``, by default ``0-1``: none on a single
    node (green, not yellow), one as soon as a second node can hold it.
    """
    replicas = os.environ.get("SEARCH_INDEX_REPLICAS", "").strip() or "0-1"
    index = {"number_of_shards": int(os.environ.get("SEARCH_INDEX_SHARDS", "").strip() or "1")}
    if replicas.isascii() and replicas.isdigit():
        index.update(number_of_replicas=int(replicas), auto_expand_replicas=False)
    else:
        index["auto_expand_replicas"] = replicas
    return {"settings": {"index": index}}


def aws_signed_options(region: str | None, service: str = "es", session=None) -> dict:
    """Client options that sign every request with boto3's credentials (SigV4).

    boto3 resolves credentials the usual way; rotating ones (instance and task roles)
    are refreshed by the signer before each request.
    """
    import boto3
    from opensearchpy import RequestsAWSV4SignerAuth, RequestsHttpConnection

    if not region:
        raise ImproperlyConfigured(
            "SEARCH_ENGINE=opensearch-aws needs SEARCH_AWS_REGION, such as eu-west-2."
        )
    session = session or boto3.Session(region_name=region)
    credentials = session.get_credentials()
    if credentials is None:
        raise ImproperlyConfigured(
            "SEARCH_ENGINE=opensearch-aws found no AWS credentials: set AWS_ACCESS_KEY_ID "
            "and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run with an instance or task role."
        )
    return {
        "http_auth": RequestsAWSV4SignerAuth(credentials, region, service),
        "use_ssl": True,
        "verify_certs": True,
        "connection_class": RequestsHttpConnection,
    }


def search_backends(
    url: str | None,
    engine: str,
    index_prefix: str,
    *,
    aws_region: str | None = None,
    aws_service: str | None = None,
    aws_session=None,
) -> dict:
    """The WAGTAILSEARCH_BACKENDS setting for this configuration.

    The AWS region and service default to ``SEARCH_AWS_REGION`` and
    ``SEARCH_AWS_SERVICE`` (``es``), so settings files need not pass them.
    """
    if not url:
        return {"default": {"BACKEND": DATABASE_BACKEND}}
    try:
        backend = ENGINE_BACKENDS[engine]
    except KeyError as error:
        raise ImproperlyConfigured(
            f"SEARCH_ENGINE must be one of {', '.join(ENGINE_BACKENDS)}, not {engine!r}."
        ) from error
    options = {}
    if engine == "opensearch-aws":
        # Read here, not through connectdo.settings.env: search sits below the platform.
        options = aws_signed_options(
            aws_region or os.environ.get("SEARCH_AWS_REGION") or None,
            aws_service or os.environ.get("SEARCH_AWS_SERVICE") or "es",
            session=aws_session,
        )
    return {
        "default": {
            "BACKEND": backend,
            # Several nodes, comma-separated: the client spreads requests over them and
            # retries another node when one does not answer.
            "URLS": [part.strip() for part in url.split(",") if part.strip()],
            "INDEX_PREFIX": index_prefix,
            "TIMEOUT": 5,
            "ATOMIC_REBUILD": True,
            "OPTIONS": options,
            "INDEX_SETTINGS": shared_index_settings(),
        },
        FALLBACK_ALIAS: {"BACKEND": DATABASE_BACKEND},
    }
