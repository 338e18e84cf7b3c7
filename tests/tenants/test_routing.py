"""Host routing: the platform host, borough hosts, unknown and hostile hosts."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants import routing
from tenants.models import Borough, Domain
from tests.conftest import client_for


@pytest.mark.django_db
def test_platform_landing_page_lists_live_boroughs_only(lambeth):
    Borough.objects.filter(slug="southwark").update(status=Borough.Status.DRAFT)
    response = client_for("localhost").get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Connect &amp; Do Lambeth" in page
    assert "Southwark" not in page


@pytest.mark.django_db
def test_the_platform_host_never_touches_a_wagtail_table():
    with CaptureQueriesContext(connection) as queries:
        for path in ("/", "/console/", "/console/sign-in/", "/health/", "/no-such-page/"):
            response = client_for("localhost").get(path)
            assert response.status_code in (200, 302, 404)
    assert queries.captured_queries, "the landing page should read the borough register"
    assert not [q for q in queries.captured_queries if "wagtail" in q["sql"].lower()]


@pytest.mark.django_db
def test_each_borough_host_serves_its_own_site(lambeth, southwark):
    lambeth_home = client_for(lambeth).get("/")
    southwark_home = client_for(southwark).get("/")
    assert lambeth_home.status_code == southwark_home.status_code == 200
    assert "<h1>Connect &amp; Do Lambeth</h1>" in lambeth_home.content.decode()
    assert "<h1>Connect &amp; Do Southwark</h1>" in southwark_home.content.decode()
    assert "Southwark" not in lambeth_home.content.decode()


@pytest.mark.django_db
def test_an_unknown_host_gets_a_plain_404_page_not_an_error():
    response = client_for("nowhere.localhost").get("/")
    assert response.status_code == 404
    assert "There is no Connect &amp; Do site at this address" in response.content.decode()
    assert client_for("nowhere.localhost").get("/admin/").status_code == 404


@pytest.mark.django_db
def test_a_missing_page_on_a_borough_is_a_404_page_in_the_borough(lambeth):
    response = client_for(lambeth).get("/no-such-page/")
    assert response.status_code == 404
    assert "We cannot find the page you asked for" in response.content.decode()
    assert "Connect &amp; Do Lambeth" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["evil.example.com", "lambeth.localhost.evil.com", "a b"])
def test_a_host_outside_allowed_hosts_is_a_bad_request(host):
    response = client_for(host).get("/")
    assert response.status_code == 400


@pytest.mark.django_db
def test_host_cache_follows_domain_changes(lambeth, django_capture_on_commit_callbacks):
    client = client_for("lambeth-new.localhost")
    assert client.get("/").status_code == 404  # remembered as unknown

    with django_capture_on_commit_callbacks(execute=True):
        Domain.objects.create(domain="lambeth-new.localhost", tenant=lambeth, is_primary=False)
    assert client.get("/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        Domain.objects.filter(domain="lambeth-new.localhost").delete()
    assert client.get("/").status_code == 404


@pytest.mark.django_db
def test_host_lookups_are_answered_from_memory_between_changes(lambeth, settings):
    settings.BOROUGH_HOST_CACHE_SECONDS = 60
    routing.forget_hosts_in_this_process()
    client = client_for(lambeth)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries.captured_queries if "tenants_domain" in q["sql"]]
