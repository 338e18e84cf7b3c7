"""The pool of borough schemas cloned ahead of time (tenants/schema_pool.py): a launch
takes one and renames it, never one cloned from an older template, and the pool refills."""

import uuid

import pytest
from django_tenants.utils import schema_exists
from psycopg import sql

from django.core.management import call_command
from django.db import connection

from sites.directory.factories import PlacePageFactory
from sites.directory.models import PlaceIndexPage, PlacePage
from tenants.media import delete_media_location
from tenants.schema_pool import fill_pool, fresh_schemas, pooled_schemas
from tenants.services import LaunchRequest, launch_borough
from tests.conftest import client_for, inside

CANARY = "canary" + uuid.uuid4().hex[:12]


def croydon() -> LaunchRequest:
    return LaunchRequest(
        slug="croydon",
        name="Croydon",
        domain="croydon.localhost",
        admin_email="lead@croydon.example.org",
        team_email="connect@croydon.example.org",
    )


@pytest.fixture(autouse=True)
def _pool_of_one(settings):
    """A pool of one; the test's transaction rolls back every schema it made."""
    settings.BOROUGH_SCHEMA_POOL_SIZE = 1
    yield
    delete_media_location("croydon")


@pytest.mark.django_db
def test_a_launch_takes_the_pooled_schema_and_the_borough_works_on_its_own(lambeth):
    fill_pool()
    (pooled,) = fresh_schemas()

    result = launch_borough(croydon())

    assert result.schema_from_pool
    assert schema_exists("croydon")
    assert not schema_exists(pooled)  # renamed, not copied
    response = client_for("croydon.localhost").get("/")
    assert response.status_code == 200
    assert "Connect &amp; Do Croydon" in response.content.decode()
    assert client_for("croydon.localhost").get("/places/").status_code == 200

    # Isolation canary: a place written in Croydon is in Croydon only.
    with inside(result.borough):
        PlacePageFactory(parent=PlaceIndexPage.objects.get(), title=CANARY)
        assert PlacePage.objects.filter(title=CANARY).exists()
    with inside(lambeth):
        assert not PlacePage.objects.filter(title=CANARY).exists()
    assert CANARY in client_for("croydon.localhost").get("/places/").content.decode()
    assert CANARY not in client_for(lambeth).get("/places/").content.decode()

    # The launch queued a refill (tests run tasks at once): a new, fresh schema, cloned
    # from the template and not from the borough that took the last one.
    (refilled,) = fresh_schemas()
    assert refilled != pooled
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {} WHERE title = %s").format(
                sql.Identifier(refilled, "wagtailcore_page")
            ),
            [CANARY],
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_a_schema_cloned_from_an_older_template_is_never_used():
    fill_pool()
    (stale,) = fresh_schemas()
    # The template is migrated after the pool was filled.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO borough_template.django_migrations (app, name, applied) "
            "VALUES ('directory', '9999_since_the_pool_was_filled', now())"
        )

    result = launch_borough(croydon())

    assert not result.schema_from_pool  # cloned at launch instead
    assert schema_exists(stale)
    assert client_for("croydon.localhost").get("/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM croydon.django_migrations WHERE name = %s",
            ["9999_since_the_pool_was_filled"],
        )
        assert cursor.fetchone()[0] == 1  # the template as it is now

    assert fill_pool() == {"added": 1, "dropped": 1}
    assert not schema_exists(stale)
    assert len(fresh_schemas()) == 1


@pytest.mark.django_db
def test_the_deploy_fills_the_pool_and_an_empty_pool_still_launches(settings):
    settings.BOROUGH_SCHEMA_POOL_SIZE = 2
    assert pooled_schemas() == {}

    result = launch_borough(croydon())  # nothing pooled yet: cloned as before
    assert not result.schema_from_pool
    assert client_for("croydon.localhost").get("/").status_code == 200

    call_command("prepare_borough_template", verbosity=0)
    assert len(fresh_schemas()) == 2
    call_command("prepare_borough_template", verbosity=0)  # full: nothing more
    assert len(pooled_schemas()) == 2
