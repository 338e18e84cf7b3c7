"""A deploy refreshes only the boroughs that need it: one query finds those that already
hold every default, and anything a person changed since is still found and taken back.
Run with ``-s`` for the cost figures docs/operations/deploy.md quotes."""

import io
import time

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from search.models import SearchSynonym
from sites.borough.refresh import refresh_borough_defaults
from sites.borough.refresh_check import schemas_to_refresh
from sites.community.models import Topic
from sites.core.models import BrandingSettings
from sites.core.roles import BOROUGH_ADMINS, EDITORS, MODERATORS, ORGANISATION_MANAGERS
from sites.directory.models import Interest, PlaceIndexPage, PlacePage
from sites.directory.services.organisation_access import grant_organisation_access
from sites.standard.models import StandardPage
from tenants.models import Borough
from tests.conftest import inside
from tests.directory.conftest import build_directory

pytestmark = pytest.mark.django_db


def refresh_all(*args) -> list[str]:
    out = io.StringIO()
    call_command("refresh_borough_defaults", *args, stdout=out)
    return out.getvalue().splitlines()


def test_a_no_op_refresh_skips_every_borough_after_one_query(lambeth, southwark):
    schemas = [lambeth.schema_name, southwark.schema_name]
    with CaptureQueriesContext(connection) as queries:
        assert schemas_to_refresh(schemas) == []
    assert len([q for q in queries if q["sql"].startswith("WITH")]) == 1
    assert len(queries) <= 4, "the query, its savepoint and its setting"

    lines = refresh_all()
    assert lines[:2] == ["Lambeth: already up to date", "Southwark: already up to date"]
    assert "2 of 2; 0 changed, 2 skipped (up to date), 0 failed" in lines[-1]
    forced = refresh_all("--force")
    assert "2 of 2; 0 changed, 0 skipped (up to date), 0 failed" in forced[-1]


def test_moderators_given_an_extra_permission_are_refreshed_and_lose_it(lambeth, southwark):
    with inside(lambeth):
        GroupCollectionPermission.objects.create(
            group=Group.objects.get(name=MODERATORS),
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(codename="add_document"),
        )
    assert schemas_to_refresh([lambeth.schema_name, southwark.schema_name]) == ["lambeth"]

    lines = refresh_all()

    assert "Lambeth: removed 1 page and media permissions" in lines
    assert "1 changed, 1 skipped (up to date), 0 failed" in lines[-1]
    with inside(lambeth):
        assert not GroupCollectionPermission.objects.filter(group__name=MODERATORS).exists()
    assert schemas_to_refresh([lambeth.schema_name]) == []


def test_a_borough_missing_a_default_row_gets_it_back(lambeth, southwark):
    with inside(southwark):
        Topic.objects.all().delete()

    lines = refresh_all()

    assert "1 changed, 1 skipped (up to date), 0 failed" in lines[-1]
    assert any(line.startswith("Southwark: added") for line in lines)
    with inside(southwark):
        assert Topic.objects.filter(name="Say hello").exists()
    assert schemas_to_refresh([lambeth.schema_name, southwark.schema_name]) == []


def _lose_model_permission(group):
    def change():
        editors = Group.objects.get(name=group)
        editors.permissions.remove(editors.permissions.order_by("pk").last())

    return change


def _footer_shows_admins_address():
    admin = Group.objects.get(name=BOROUGH_ADMINS).user_set.first()
    if admin is None:
        from sites.core.setup import create_borough_admin

        admin = create_borough_admin("first.admin@example.org")
    branding = BrandingSettings.for_site(Site.objects.get(is_default_site=True))
    branding.contact_email = admin.email.upper()
    branding.save()


def _clear_standard_page_text():
    page = StandardPage.objects.get(kind="help")
    StandardPage.objects.filter(pk=page.pk).update(
        body=[], latest_revision=None, has_unpublished_changes=False
    )


def _organisation_manager() -> tuple:
    """An organisation with a manager in a borough built from the test directory (its
    grants made as the live service makes them), and its group."""
    directory = build_directory(Borough.objects.get(schema_name=connection.schema_name))
    manager = get_user_model().objects.create_user(username="m@x.example", email="m@x.example")
    return directory, grant_organisation_access(directory.organisation, manager)


def _place_grant_missing():
    directory, group = _organisation_manager()
    GroupPagePermission.objects.filter(group=group, page=directory.place).delete()


def _place_grant_on_a_shared_place():
    directory, group = _organisation_manager()
    GroupPagePermission.objects.create(
        group=group,
        page=directory.home_place,
        permission=Permission.objects.get(codename="change_page"),
    )


DRIFTS = {
    "Editors lost a model permission": _lose_model_permission(EDITORS),
    "Borough admins lost a model permission": _lose_model_permission(BOROUGH_ADMINS),
    "a group was deleted": lambda: Group.objects.filter(name=MODERATORS).delete(),
    "Editors lost a page permission": lambda: GroupPagePermission.objects.filter(
        group__name=EDITORS, permission__codename="publish_page"
    ).delete(),
    "Moderators were given a page": lambda: GroupPagePermission.objects.create(
        group=Group.objects.get(name=MODERATORS),
        page=Page.objects.get(slug="about"),
        permission=Permission.objects.get(codename="change_page"),
    ),
    "Organisation managers cannot add places": lambda: GroupPagePermission.objects.filter(
        group__name=ORGANISATION_MANAGERS, permission__codename="add_page"
    ).delete(),
    "a section was deleted": lambda: Page.objects.get(slug="events").delete(),
    "a standard page was deleted": lambda: StandardPage.objects.get(kind="privacy").delete(),
    "a standard page has no text": _clear_standard_page_text,
    "an admin's own address is in the footer": _footer_shows_admins_address,
    "no interests": lambda: Interest.objects.all().delete(),
    "no search synonyms": lambda: SearchSynonym.objects.all().delete(),
    # Launched while production still defaulted to the development server's port.
    "the site names another port": lambda: Site.objects.filter(is_default_site=True).update(
        port=8123
    ),
    # Boroughs from before organisation managers were given the places they alone use.
    "a manager lacks their place": _place_grant_missing,
    "a manager holds a place another organisation uses": _place_grant_on_a_shared_place,
}


@pytest.mark.parametrize("drift", DRIFTS, ids=list(DRIFTS))
def test_every_default_the_refresh_gives_back_is_checked(lambeth, southwark, drift):
    with inside(lambeth):
        DRIFTS[drift]()
    assert schemas_to_refresh([lambeth.schema_name, southwark.schema_name]) == ["lambeth"]
    with inside(lambeth):
        assert refresh_borough_defaults(lambeth).changed, "the refresh had work to do"
    assert schemas_to_refresh([lambeth.schema_name]) == []


def test_a_managers_place_waiting_for_approval_leaves_the_borough_up_to_date(lambeth, southwark):
    """share_places keeps a grant on a manager's new place until it is approved; the
    check must keep it too, or such a borough would be refreshed at every deploy."""
    with inside(lambeth):
        directory, group = _organisation_manager()
        waiting = PlaceIndexPage.objects.get().add_child(
            instance=PlacePage(
                title="New garden room",
                address_line_1="3 Mill Lane",
                town="London",
                postcode="SW2 1AA",
                live=False,
            )
        )
        GroupPagePermission.objects.create(
            group=group, page=waiting, permission=Permission.objects.get(codename="change_page")
        )
        assert refresh_borough_defaults(lambeth), "refreshed once for the new organisation"
        assert GroupPagePermission.objects.filter(group=group, page=waiting).exists()
    assert schemas_to_refresh([lambeth.schema_name, southwark.schema_name]) == []


def _cost(work, runs=5) -> tuple[int, float]:
    with CaptureQueriesContext(connection) as queries:
        work()
    started = time.perf_counter()
    for _ in range(runs):
        work()
    return len(queries), (time.perf_counter() - started) / runs


def test_what_the_defaults_step_costs_an_up_to_date_borough(lambeth, southwark):
    with inside(lambeth):
        queries, seconds = _cost(lambda: refresh_borough_defaults(lambeth))
    print(f"\nfull refresh of one borough: {queries} queries, {seconds * 1000:.0f} ms")
    assert queries <= 48, "about 41: share_places reads each kind of grant and use once"
    many = ["lambeth", "southwark"] * 100  # the same two, as a stand-in for 200 boroughs
    queries, seconds = _cost(lambda: schemas_to_refresh(many), runs=2)
    print(f"check of 200 boroughs: {queries} queries, {seconds * 1000:.0f} ms")
    assert seconds < 30, "JIT compiling (off for the check) once took 70 s here"
    with CaptureQueriesContext(connection) as captured:
        assert schemas_to_refresh(many) == []
    assert len([q for q in captured if q["sql"].startswith("WITH")]) == 10, "20 to a query"
