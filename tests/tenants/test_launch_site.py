"""A launch makes the site copied from the template the borough's own (sites/borough/
starting_site.py): the result must be exactly what building it page by page gives, with
nothing of the placeholder borough left anywhere in the schema."""

import re

import pytest
from django_tenants.utils import schema_context
from psycopg import sql

from django.conf import settings
from django.db import connection
from django.utils import timezone

from modelsearch.backends import get_search_backend
from modelsearch.query import MATCH_ALL
from wagtail.fields import StreamField
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    PageLogEntry,
    Site,
)

from search.services import delete_borough_indexes
from sites.borough.starting_site import TEMPLATE_BOROUGH_NAME, TEMPLATE_HOST
from sites.core import setup
from sites.core.models import BrandingSettings
from sites.directory.models import Interest
from sites.standard.models import StandardPage
from tenants.media import delete_media_location
from tenants.models import Borough
from tenants.services import LaunchRequest, launch_borough
from tenants.template_schema import TEMPLATE_SCHEMA
from tests.conftest import inside
from tests.search.conftest import refresh_engine

CROYDON = {
    "slug": "croydon",
    "name": "Croydon & Purley",  # an ampersand: HTML in bodies, plain text in titles
    "domain": "croydon.localhost",
    "admin_email": "lead@croydon.example.org",
    "team_email": "connect@croydon.example.org",
    "team_phone": "020 8726 6000",
}
# Fields that differ between any two builds of the same site, by design.
VOLATILE = {"id", "page_ptr", "translation_key", "latest_revision", "live_revision"}
TIMES = {"first_published_at", "last_published_at", "latest_revision_created_at"}


@pytest.fixture(autouse=True)
def _remove_what_rollback_cannot():
    yield
    delete_media_location("croydon")
    delete_borough_indexes("croydon")


def _without_block_ids(value):
    if isinstance(value, dict):
        return {key: _without_block_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_without_block_ids(item) for item in value]
    return value


def _pages_by_path(text: str, paths: dict[int, str]) -> str:
    """Page links name page ids, which differ between two builds: name paths instead."""
    return re.sub(r'id="(\d+)"', lambda m: f'path="{paths.get(int(m[1]), m[1])}"', text)


def _page_row(page, paths) -> dict:
    row = {"type": page._meta.label_lower}
    for model_field in page._meta.concrete_fields:
        name = model_field.name
        if name in VOLATILE:
            continue
        value = getattr(page, model_field.attname)
        if name in TIMES:
            value = value is not None
        elif name == "locale":
            value = page.locale.language_code
        elif name == "content_type":
            value = page.content_type.model
        elif isinstance(model_field, StreamField):  # its body, its Easy Read
            stream = getattr(page, name).get_prep_value()
            value = _pages_by_path(repr(_without_block_ids(stream)), paths)
        row[name] = value
    return row


def site_as_built() -> dict:
    """Everything a site's building writes, in terms that two builds can share."""
    paths = dict(Page.objects.values_list("id", "path"))
    site = Site.objects.get()
    branding = BrandingSettings.objects.get(site=site)
    return {
        "pages": [_page_row(page, paths) for page in Page.objects.order_by("path").specific()],
        "site": (site.hostname, site.port, site.site_name, site.is_default_site),
        "root": site.root_page.path,
        "branding": {
            f.name: getattr(branding, f.attname)
            for f in BrandingSettings._meta.concrete_fields
            if f.name not in {"id", "site"}
        },
        "locales": sorted(Locale.objects.values_list("language_code", flat=True)),
        "page permissions": sorted(
            GroupPagePermission.objects.values_list(
                "group__name", "page__path", "permission__codename"
            )
        ),
        "media permissions": sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection__path", "permission__codename"
            )
        ),
        "log": sorted(
            PageLogEntry.objects.values_list("page__path", "action", "label", "content_changed")
        ),
    }


def built_page_by_page(borough: Borough) -> dict:
    """The same borough's site built page by page, in the template (rolled back with the
    test): how every borough was launched before the template held a site."""
    with schema_context(TEMPLATE_SCHEMA):
        Site.objects.all().delete()
        Page.get_first_root_node().get_children().delete()
        setup.build_borough_site(
            borough,
            CROYDON["domain"],
            settings.PLATFORM_PORT,
            team_email=CROYDON["team_email"],
            team_phone=CROYDON["team_phone"],
        )
        return site_as_built()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en-gb", "pl"])
def test_a_launched_site_is_what_building_it_page_by_page_gives(language):
    borough = launch_borough(LaunchRequest(**CROYDON, default_language=language)).borough

    with inside(borough):
        launched = site_as_built()

    assert launched["site"][0] == "croydon.localhost"
    assert launched["pages"][1]["title"] == "Connect & Do Croydon & Purley"
    assert {page["locale"] for page in launched["pages"][1:]} == {language}
    assert launched == built_page_by_page(borough)


@pytest.mark.search_engine
@pytest.mark.django_db
def test_what_a_borough_starts_with_is_in_its_search_index():
    """Pages and interests are copied from the template, not saved, so nothing indexed
    them: the launch queues them, or the borough's search (and its editors' search of
    interests in the admin) would find nothing until a rebuild."""
    borough = launch_borough(LaunchRequest(**CROYDON)).borough
    backend = get_search_backend()
    with inside(borough):
        refresh_engine()
        for model in (Interest, StandardPage):
            starting = model.objects.count()
            assert starting > 0
            assert len(backend.search(MATCH_ALL, model)) == starting, model.__name__


def columns_holding(schema: str, words: list[str]) -> list[str]:
    """Every text column of ``schema`` (as ``table.column``) with a row holding a word."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND data_type IN ('text', 'character varying', 'jsonb')",
            [schema],
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                sql.SQL("SELECT count(*) FROM {} WHERE {}::text ILIKE ANY(%s)").format(
                    sql.Identifier(schema, table), sql.Identifier(column)
                ),
                [[f"%{word}%" for word in words]],
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


@pytest.mark.django_db
def test_nothing_of_the_placeholder_borough_is_left_in_a_launched_schema():
    started = timezone.now()
    borough = launch_borough(LaunchRequest(**CROYDON)).borough

    # The borough's own name and host are found where the template's would be.
    assert {"wagtailcore_site.hostname", "wagtailcore_page.title"} <= set(
        columns_holding(borough.schema_name, [CROYDON["name"], CROYDON["domain"]])
    )
    assert columns_holding(borough.schema_name, [TEMPLATE_BOROUGH_NAME, TEMPLATE_HOST]) == []

    with inside(borough):
        # Published and logged when the borough was launched, not when the template was made.
        published = Page.objects.exclude(first_published_at=None)
        assert all(
            when >= started for when in published.values_list("first_published_at", flat=True)
        )
        assert all(
            when >= started for when in PageLogEntry.objects.values_list("timestamp", flat=True)
        )
        keys = list(Page.objects.exclude(depth=1).values_list("translation_key", flat=True))
    with schema_context(TEMPLATE_SCHEMA):
        template_keys = set(Page.objects.values_list("translation_key", flat=True))
    assert len(set(keys)) == len(keys) and not template_keys & set(keys)


@pytest.mark.django_db
def test_a_deploy_that_changes_what_boroughs_start_with_prepares_the_template_again(
    monkeypatch,
):
    from tenants import template_schema
    from tenants.content import borough_content

    assert template_schema.template_is_current()
    # A release whose starting pages differ: the code's version is not the template's.
    monkeypatch.setattr(borough_content(), "template_version", lambda: "a-later-release")
    assert not template_schema.template_is_current()

    template_schema.ensure_template_schema()

    assert template_schema.template_is_current()
    with schema_context(TEMPLATE_SCHEMA):
        assert Site.objects.get().hostname == TEMPLATE_HOST
        assert PageLogEntry.objects.filter(action="wagtail.delete").count() == 0
