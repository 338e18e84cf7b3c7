"""Content types are cached per schema: never another schema's row, never a dropped one's."""

import uuid

import pytest
from django_tenants.utils import schema_context

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.services import delete_borough_indexes
from sites.standard.models import StandardPage
from tenants import contenttypes, routing
from tenants.media import delete_media_location
from tenants.models import Borough
from tenants.services import LaunchRequest, launch_borough
from tests.conftest import client_for, inside

# Models whose content type rows exist in public and in every borough.
SHARED_MODELS = [get_user_model(), Permission, ContentType]


def row_id(app_label: str, model: str) -> int | None:
    """The content type id in the current schema, straight from its table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM django_content_type WHERE app_label = %s AND model = %s",
            [app_label, model],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def model_at(ct_id: int) -> tuple[str, str] | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app_label, model FROM django_content_type WHERE id = %s", [ct_id])
        row = cursor.fetchone()
    return tuple(row) if row else None


def add_canary_type(ct_id: int) -> None:
    """A content type row with a natural key no real model has, at a chosen id."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_content_type (id, app_label, model) VALUES (%s, 'pfe', 'canary')",
            [ct_id],
        )


@pytest.mark.django_db
def test_public_and_borough_content_type_ids_differ():
    # Without this the tests below could not tell one schema's row from another's.
    with schema_context(settings.PUBLIC_SCHEMA_NAME):
        public = {
            m._meta.label_lower: row_id(m._meta.app_label, m._meta.model_name)
            for m in SHARED_MODELS
        }
    with schema_context("lambeth"):
        borough = {
            m._meta.label_lower: row_id(m._meta.app_label, m._meta.model_name)
            for m in SHARED_MODELS
        }
    assert public != borough


@pytest.mark.django_db
def test_get_for_model_answers_each_schemas_own_row_while_switching(lambeth, southwark):
    schemas = [settings.PUBLIC_SCHEMA_NAME, "lambeth", settings.PUBLIC_SCHEMA_NAME, "southwark"]
    for _round in range(3):
        for schema in schemas:
            with schema_context(schema):
                for model in SHARED_MODELS + ([StandardPage] if schema != "public" else []):
                    ct = ContentType.objects.get_for_model(model)
                    assert ct.id == row_id(model._meta.app_label, model._meta.model_name), schema
                    assert ct.model_class() is model


@pytest.mark.django_db
def test_get_for_id_never_answers_with_another_schemas_model(lambeth):
    with schema_context("lambeth"):
        standard_page_id = ContentType.objects.get_for_model(StandardPage).id
        assert ContentType.objects.get_for_id(standard_page_id).model_class() is StandardPage
    with schema_context(settings.PUBLIC_SCHEMA_NAME):
        # In public that id is another model, or none at all.
        expected = model_at(standard_page_id)
        if expected is None:
            with pytest.raises(ContentType.DoesNotExist):
                ContentType.objects.get_for_id(standard_page_id)
        else:
            found = ContentType.objects.get_for_id(standard_page_id)
            assert (found.app_label, found.model) == expected != ("standard", "standardpage")
    with schema_context("lambeth"):
        assert ContentType.objects.get_for_id(standard_page_id).model_class() is StandardPage


@pytest.mark.django_db
def test_permission_checks_use_the_schemas_own_content_types(lambeth):
    User = get_user_model()
    with inside(lambeth):
        editor = User.objects.create_user("pfe-editor@example.org", password="pw-123456789")
        permission = Permission.objects.get(
            content_type=ContentType.objects.get_for_model(StandardPage),
            codename="add_standardpage",
        )
        editor.user_permissions.add(permission)
    for schema in (settings.PUBLIC_SCHEMA_NAME, "lambeth", settings.PUBLIC_SCHEMA_NAME, "lambeth"):
        with schema_context(schema):
            ContentType.objects.get_for_model(User)  # fill this schema's entries
    with inside(lambeth):
        editor = User.objects.get(pk=editor.pk)
        assert editor.has_perm("standard.add_standardpage")
        assert Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(StandardPage),
            codename="add_standardpage",
        ).exists()


@pytest.mark.django_db
def test_switching_schemas_keeps_each_schemas_entries(lambeth, southwark):
    for schema in ("lambeth", "southwark", settings.PUBLIC_SCHEMA_NAME):
        with schema_context(schema):
            ContentType.objects.get_for_model(get_user_model())
    with CaptureQueriesContext(connection) as queries:
        for schema in ("lambeth", "southwark", settings.PUBLIC_SCHEMA_NAME) * 2:
            with schema_context(schema):
                ContentType.objects.get_for_model(get_user_model())
    assert not [q for q in queries.captured_queries if "django_content_type" in q["sql"]]
    assert {"lambeth", "southwark", "public"} <= contenttypes.cached_schemas()


@pytest.mark.django_db
def test_a_genuine_clear_still_empties_every_schema(lambeth):
    for schema in ("lambeth", settings.PUBLIC_SCHEMA_NAME):
        with schema_context(schema):
            ContentType.objects.get_for_model(get_user_model())
    connection.set_schema("lambeth")  # the switch's own clear is consumed here...
    ContentType.objects.clear_cache()  # ...so this one, as after migrate, clears everything
    assert contenttypes.cached_schemas() == set()
    connection.set_schema_to_public()


def test_django_tenants_clears_right_after_the_hook():
    # The hook's flag must be consumed by set_tenant's own clear_cache(); a flag left
    # set would swallow the next genuine clear. Fails if django-tenants changes that.
    connection.set_schema("lambeth")
    assert not getattr(contenttypes._switching, "keep_next_clear", False)
    connection.set_schema_to_public()
    assert not getattr(contenttypes._switching, "keep_next_clear", False)


def test_every_copy_of_the_manager_shares_the_per_schema_cache():
    assert isinstance(ContentType.objects._cache, contenttypes.SchemaKeyedContentTypeCache)
    assert ContentType._default_manager._cache is ContentType.objects._cache
    assert ContentType.objects.db_manager("default")._cache is ContentType.objects._cache


@pytest.fixture
def _no_leftover_relaunch():
    yield
    delete_media_location("pfe_relaunch")
    delete_borough_indexes("pfe_relaunch")


def relaunch_request() -> LaunchRequest:
    return LaunchRequest(
        slug="pfe-relaunch",
        name="Relaunch",
        domain="pfe-relaunch.localhost",
        admin_email="lead@pfe-relaunch.example.org",
    )


@pytest.mark.django_db
def test_a_borough_launched_again_under_the_same_name_gets_its_new_ids(_no_leftover_relaunch):
    first = launch_borough(relaunch_request()).borough
    with schema_context(first.schema_name):
        add_canary_type(9001)
        assert ContentType.objects.get_by_natural_key("pfe", "canary").id == 9001
        assert ContentType.objects.get_for_id(9001).model == "canary"
    # Gone (as a failed or retired launch leaves it), then launched again by that name.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # pending checks block a DROP
        cursor.execute(f'DROP SCHEMA "{first.schema_name}" CASCADE')
    Borough.objects.filter(pk=first.pk).delete()
    delete_media_location(first.schema_name)
    delete_borough_indexes(first.schema_name)
    second = launch_borough(relaunch_request()).borough
    assert second.schema_name == first.schema_name
    with schema_context(second.schema_name):
        add_canary_type(9002)

        assert ContentType.objects.get_by_natural_key("pfe", "canary").id == 9002
        with pytest.raises(ContentType.DoesNotExist):
            ContentType.objects.get_for_id(9001)


@pytest.mark.django_db
def test_other_processes_forget_a_schema_when_the_borough_register_moves(lambeth):
    with inside(lambeth):
        add_canary_type(9003)
        assert ContentType.objects.get_by_natural_key("pfe", "canary").id == 9003
        # Another process replaces the schema's rows (a relaunch or restore)...
        with connection.cursor() as cursor:
            cursor.execute("UPDATE django_content_type SET id = 9004 WHERE id = 9003")
    # ...and moves the shared counter, as every launch, retire and restore does.
    with schema_context(settings.PUBLIC_SCHEMA_NAME):
        cache.set(routing.GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    assert client_for(lambeth).get("/").status_code == 200  # any request on this process
    with inside(lambeth):
        assert ContentType.objects.get_by_natural_key("pfe", "canary").id == 9004
