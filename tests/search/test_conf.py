"""Engines by configuration, including requests signed for Amazon OpenSearch Service.

We cannot reach AWS from here: these tests check that the configuration builds a
SigV4 signer from boto3's credentials, that the client really uses it, and what a
signed request looks like; one test sends signed requests to the local node (which
accepts them without checking the signature).
"""

import boto3
import pytest
import requests
from opensearchpy import RequestsAWSV4SignerAuth, RequestsHttpConnection

from django.core.exceptions import ImproperlyConfigured

from search.backends.opensearch import BoroughOpenSearchBackend
from search.conf import FALLBACK_ALIAS, search_backends

FAKE_AWS = boto3.Session(
    aws_access_key_id="AKIDEXAMPLE",
    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",  # AWS's documentation key
    region_name="eu-west-2",
)
DOMAIN = "https://search-connectdo-abc123.eu-west-2.es.amazonaws.com"


def test_without_a_search_url_postgresql_is_the_only_backend():
    assert search_backends(None, "opensearch", "x_") == {
        "default": {"BACKEND": "wagtail.search.backends.database"}
    }


@pytest.mark.parametrize(
    "engine, backend",
    [
        ("opensearch", "search.backends.opensearch"),
        ("elasticsearch", "search.backends.elasticsearch"),
    ],
)
def test_an_engine_comes_with_the_database_fallback(engine, backend):
    config = search_backends("http://127.0.0.1:9200", engine, "x_")
    assert config["default"]["BACKEND"] == backend
    assert config["default"]["ATOMIC_REBUILD"] is True
    assert config["default"]["INDEX_PREFIX"] == "x_"
    assert config[FALLBACK_ALIAS] == {"BACKEND": "wagtail.search.backends.database"}


def test_an_unknown_engine_is_refused():
    with pytest.raises(ImproperlyConfigured, match="SEARCH_ENGINE must be one of"):
        search_backends("http://127.0.0.1:9200", "solr", "x_")


def test_aws_builds_a_sigv4_signer_from_boto3_credentials():
    config = search_backends(
        DOMAIN, "opensearch-aws", "x_", aws_region="eu-west-2", aws_session=FAKE_AWS
    )
    options = config["default"]["OPTIONS"]
    assert isinstance(options["http_auth"], RequestsAWSV4SignerAuth)
    assert options["http_auth"].service == "es"
    assert options["connection_class"] is RequestsHttpConnection
    assert options["use_ssl"] is True and options["verify_certs"] is True

    # The client really uses the signer (modelsearch's per-host "http_auth": None would
    # otherwise override it), and signs every request.
    params = {key: value for key, value in config["default"].items() if key != "BACKEND"}
    backend = BoroughOpenSearchBackend(dict(params, OPTIONS=dict(options)))
    connection = backend.es.transport.connection_pool.connections[0]
    assert connection.session.auth is options["http_auth"]
    request = requests.Request("GET", f"{DOMAIN}/_search", data=b"{}").prepare()
    signed = connection.session.auth(request)
    authorization = signed.headers["Authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/eu-west-2/es/aws4_request" in authorization
    assert "X-Amz-Date" in signed.headers and "X-Amz-Content-SHA256" in signed.headers


def test_aws_serverless_and_missing_settings():
    serverless = search_backends(
        DOMAIN,
        "opensearch-aws",
        "x_",
        aws_region="eu-west-2",
        aws_service="aoss",
        aws_session=FAKE_AWS,
    )
    assert serverless["default"]["OPTIONS"]["http_auth"].service == "aoss"
    with pytest.raises(ImproperlyConfigured, match="SEARCH_AWS_REGION"):
        search_backends(DOMAIN, "opensearch-aws", "x_", aws_region="", aws_session=FAKE_AWS)

    class NoCredentials:
        def get_credentials(self):
            return None

    with pytest.raises(ImproperlyConfigured, match="found no AWS credentials"):
        search_backends(
            DOMAIN, "opensearch-aws", "x_", aws_region="eu-west-2", aws_session=NoCredentials()
        )


@pytest.mark.search_engine
def test_signed_requests_reach_a_real_node(settings):
    config = search_backends(
        settings.SEARCH_URL, "opensearch-aws", "x_", aws_region="eu-west-2", aws_session=FAKE_AWS
    )
    params = {key: value for key, value in config["default"].items() if key != "BACKEND"}
    backend = BoroughOpenSearchBackend(params)
    assert backend.es.info()["version"]["distribution"] == "opensearch"
