"""An organisation manager adds a new meeting place; an Editor approves it before anyone
else sees it. Through Wagtail's own admin views, as the manager's browser uses them."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import GroupPagePermission, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from sites.core.roles import ORGANISATION_MANAGERS
from sites.directory.models import ActivityPage, OrganisationPage, PlaceIndexPage, PlacePage
from sites.directory.search_results import describe_activity
from sites.directory.services.organisation_access import grant_organisation_access
from tests.conftest import client_for, inside
from tests.directory.conftest import make_user
from tests.directory.test_organisation_access import (
    approve_the_review,
    fresh,
    logged_in,
    submit_change,
)
from tests.search.conftest import refresh_engine

pytestmark = pytest.mark.django_db

NEW_PLACE = {
    "title": "Jubilee garden room",
    "address_line_1": "3 Mill Lane",
    "town": "London",
    "postcode": "sw2 1aa",
}


@pytest.fixture
def other_manager(lambeth, lambeth_directory):
    """A manager of Stockwell Singers, another organisation in the same borough."""
    with inside(lambeth):
        user = make_user("manager@singers.example.org")
        grant_organisation_access(lambeth_directory.other_organisation, user)
        return user


def places_section(borough) -> PlaceIndexPage:
    with inside(borough):
        return PlaceIndexPage.objects.get()


def add_place(client, borough, action="action-submit", **fields):
    """Do what the manager's browser does: open "Add a place", fill it in, send it."""
    url = reverse(
        "wagtailadmin_pages:add", args=["directory", "placepage", places_section(borough).pk]
    )
    form = client.get(url)
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    data["easy_read-count"] = "0"  # the "In simple words" tab, left alone
    for name, value in {**NEW_PLACE, **fields}.items():
        data[name] = value
    data["slug"] = data["slug"] or "new-place"  # the browser's script writes it
    if action:  # without one, "Save draft"
        data[action] = "Submit"
    return client.post(url, data)


def the_new_place(borough) -> PlacePage:
    with inside(borough):
        return PlacePage.objects.get(title=NEW_PLACE["title"])


def public_path(page) -> str:
    return "/" + page.url_path.split("/", 2)[2]


def test_a_manager_adds_a_place_that_goes_live_only_when_an_editor_approves_it(
    lambeth, lambeth_directory, manager, editor, django_capture_on_commit_callbacks
):
    """Like every change of theirs, through the "Editorial approval" workflow."""
    client = logged_in(lambeth, manager)
    assert add_place(client, lambeth, action=None).status_code == 302  # "Save draft"

    place = the_new_place(lambeth)
    with inside(lambeth):
        assert not place.live
        assert place.postcode == "SW2 1AA"
        # Theirs to correct before they send it; never theirs to publish.
        permissions = place.permissions_for_user(fresh(manager))
        assert permissions.can_edit() and not permissions.can_publish()
        assert permissions.can_delete(), "a draft of theirs, never live"
        assert place.owner is None, "Wagtail's owner rule would outlive the organisation's use"
    assert client_for(lambeth).get(public_path(place)).status_code == 404

    url, data = submit_change(client, place, opening_times="Tuesdays, 10am to 12 noon")
    data["action-publish"] = "Publish"  # the button they may not use does not publish
    client.post(url, data)
    with inside(lambeth):
        assert not PlacePage.objects.get(pk=place.pk).live
    url, data = submit_change(client, place)
    data["action-submit"] = "Submit for moderation"
    assert client.post(url, data).status_code == 302
    with inside(lambeth):
        state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(place.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.current_task_state.task.name == "Editorial approval"
        assert not PlacePage.objects.get(pk=place.pk).live

    approve_the_review(lambeth, place, editor, django_capture_on_commit_callbacks)
    with inside(lambeth):
        live = PlacePage.objects.get(pk=place.pk)
        assert live.live and live.opening_times == "Tuesdays, 10am to 12 noon"
        # Live and used by no live listing yet: the Editors' (the rule for every place).
        assert not live.permissions_for_user(fresh(manager)).can_edit()
    page = client_for(lambeth).get(public_path(place)).content.decode()
    assert "3 Mill Lane" in page


def test_a_managers_publish_button_on_a_new_place_only_saves_a_draft(
    lambeth, lambeth_directory, manager
):
    assert add_place(logged_in(lambeth, manager), lambeth, "action-publish").status_code == 302
    place = the_new_place(lambeth)
    with inside(lambeth):
        assert not place.live and place.has_unpublished_changes


def test_another_organisations_manager_cannot_see_change_or_delete_a_new_place(
    lambeth, lambeth_directory, manager, other_manager
):
    assert add_place(logged_in(lambeth, manager), lambeth).status_code == 302
    place = the_new_place(lambeth)
    other = logged_in(lambeth, other_manager)
    for name in ("edit", "delete", "view_draft", "history", "revisions_index"):
        response = other.get(reverse(f"wagtailadmin_pages:{name}", args=[place.pk]))
        assert response.status_code in (302, 403, 404), name
        assert NEW_PLACE["title"] not in response.content.decode(), name
    assert other.post(reverse("wagtailadmin_pages:delete", args=[place.pk])).status_code in (
        302,
        403,
    )
    with inside(lambeth):
        assert PlacePage.objects.filter(pk=place.pk).exists()
        permissions = place.permissions_for_user(fresh(other_manager))
        assert not permissions.can_edit() and not permissions.can_delete()

    # Nowhere in the admin: not in the list of places, the chooser of their activity's
    # place, the page search or the site history. The manager who added it finds it in
    # each; the other manager still finds the live places.
    section = places_section(lambeth)
    lists = {
        "explorer": reverse("wagtailadmin_explore", args=[section.pk]),
        "chooser": reverse("wagtailadmin_choose_page_child", args=[section.pk])
        + "?page_type=directory.placepage",
        "chooser search": reverse("wagtailadmin_choose_page_search")
        + "?page_type=directory.placepage&q=garden",
        "page search": reverse("wagtailadmin_pages:search") + "?q=garden",
        "site history": reverse("wagtailadmin_reports:site_history"),
        "page types report": reverse("wagtailadmin_reports:page_types_usage"),
    }
    own = logged_in(lambeth, manager)
    refresh_engine()  # the searches' lists read the engine: what was indexed, made searchable
    for name, url in lists.items():
        seen = other.get(url)
        assert seen.status_code == 200, name
        assert NEW_PLACE["title"] not in seen.content.decode(), name
        assert NEW_PLACE["title"] in own.get(url).content.decode(), name
    assert "Brixton Community Hall" in other.get(lists["explorer"]).content.decode()


def test_a_new_place_follows_the_home_address_rules(lambeth, lambeth_directory, manager):
    client = logged_in(lambeth, manager)
    response = add_place(client, lambeth, address_line_2="jo.bloggs@example.org")
    assert response.status_code == 200, "the form again, saying why"
    assert "Please take out the email address jo.bloggs@example.org" in response.content.decode()
    with inside(lambeth):
        assert not PlacePage.objects.filter(title=NEW_PLACE["title"]).exists(), "nothing saved"

    response = add_place(
        client,
        lambeth,
        summary="We meet in Sam's flat, 3 Mill Lane.",
        hide_street_address="on",
    )
    assert response.status_code == 302
    warned = client.get(response["Location"]).content.decode()
    assert "This may be a home address" in warned
    with inside(lambeth):
        assert the_new_place(lambeth).hide_street_address


def test_an_activity_at_a_place_not_yet_approved_does_not_show_it(
    lambeth, lambeth_directory, manager
):
    client = logged_in(lambeth, manager)
    assert add_place(client, lambeth).status_code == 302
    place = the_new_place(lambeth)
    activity = lambeth_directory.activity
    # They choose their new place for their activity, and an Editor approves that change
    # first (the place still waits).
    url, data = submit_change(client, activity, place=str(place.pk))
    data["action-submit"] = "Submit for moderation"
    assert client.post(url, data).status_code == 302
    with inside(lambeth):
        activity = ActivityPage.objects.get(pk=activity.pk)
        activity.get_latest_revision().publish()
        assert ActivityPage.objects.get(pk=activity.pk).place_id == place.pk

    for url in (public_path(activity), public_path(lambeth_directory.things_to_do)):
        page = client_for(lambeth).get(url).content.decode()
        assert "Tuesday garden club" in page
        assert NEW_PLACE["title"] not in page and "3 Mill Lane" not in page, url
    assert (
        "Ask the organisers where it happens"
        in client_for(lambeth).get(public_path(activity)).content.decode()
    )
    with inside(lambeth):  # nor where its search result says it happens
        assert describe_activity(ActivityPage.objects.get(pk=activity.pk)).where == ""

    with inside(lambeth):
        PlacePage.objects.get(pk=place.pk).get_latest_revision().publish()
        approved = describe_activity(ActivityPage.objects.get(pk=activity.pk)).where
        assert approved == "3 Mill Lane, London, SW2 1AA"
    page = client_for(lambeth).get(public_path(activity)).content.decode()
    assert NEW_PLACE["title"] in page and "3 Mill Lane" in page


def test_a_new_place_stays_its_organisations_until_another_organisation_meets_there(
    lambeth, lambeth_directory, manager, django_capture_on_commit_callbacks
):
    assert add_place(logged_in(lambeth, manager), lambeth).status_code == 302
    place = the_new_place(lambeth)
    with inside(lambeth):
        # Another listing's publish works the grants out again: the draft stays theirs.
        organisation = OrganisationPage.objects.get(pk=lambeth_directory.organisation.pk)
        with django_capture_on_commit_callbacks(execute=True):
            organisation.save_revision().publish()
        assert place.permissions_for_user(fresh(manager)).can_edit()

        # An Editor puts another organisation's live activity there: the Editors' now.
        evening = ActivityPage.objects.get(pk=lambeth_directory.evening_activity.pk)
        evening.place = place
        with django_capture_on_commit_callbacks(execute=True):
            evening.save_revision().publish()
        assert not place.permissions_for_user(fresh(manager)).can_edit()


def test_every_borough_lets_organisation_managers_add_places_and_nothing_more(lambeth, southwark):
    for borough in (lambeth, southwark):
        with inside(borough):
            managers = Group.objects.get(name=ORGANISATION_MANAGERS)
            grants = GroupPagePermission.objects.filter(group=managers)
            assert [(g.page.specific_class, g.permission.codename) for g in grants] == [
                (PlaceIndexPage, "add_page")
            ]
            publish = Permission.objects.get(codename="publish_page")
            assert not GroupPagePermission.objects.filter(
                group__name__startswith="Organisation", permission=publish
            ).exists()


def test_a_manager_finds_add_a_place_on_their_activity_and_their_dashboard(
    lambeth, lambeth_directory, manager
):
    client = logged_in(lambeth, manager)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["directory", "placepage", places_section(lambeth).pk]
    )
    edit = reverse("wagtailadmin_pages:edit", args=[lambeth_directory.activity.pk])
    form = client.get(edit).content.decode()
    assert f'href="{add_url}"' in form and "Add a new place (opens in a new tab)" in form
    dashboard = client.get("/admin/").content.decode()
    assert "How to add a place" in dashboard and f'href="{add_url}"' in dashboard

    # Sent for approval, the new place waits with their other changes.
    assert add_place(client, lambeth).status_code == 302
    dashboard = BeautifulSoup(client.get("/admin/").content.decode(), "html.parser")
    waiting = [item.get_text(" ", strip=True) for item in dashboard.select("[data-awaiting]")]
    assert waiting == [NEW_PLACE["title"]]


def test_another_organisations_unapproved_place_cannot_be_chosen_by_its_number(
    lambeth, lambeth_directory, manager, other_manager
):
    """The chooser does not offer it; a hand-made request naming it is refused too, or
    an Editor approving that change would hand the place, and its address, over."""
    assert add_place(logged_in(lambeth, manager), lambeth).status_code == 302
    place = the_new_place(lambeth)
    other = logged_in(lambeth, other_manager)
    evening = lambeth_directory.evening_activity
    url, data = submit_change(other, evening, place=str(place.pk))
    data["action-submit"] = "Submit for moderation"
    response = other.post(url, data)
    assert response.status_code == 200
    assert "Choose a place from the list." in response.content.decode()
    with inside(lambeth):
        assert ActivityPage.objects.get(pk=evening.pk).get_latest_revision() is None or (
            ActivityPage.objects.get(pk=evening.pk).get_latest_revision().as_object().place_id
            != place.pk
        )

    # Their own new place they may choose.
    own = logged_in(lambeth, manager)
    url, data = submit_change(own, lambeth_directory.activity, place=str(place.pk))
    data["action-submit"] = "Submit for moderation"
    assert own.post(url, data).status_code == 302


def test_a_managers_copy_of_their_place_has_no_owner_and_stays_their_organisations(
    lambeth, lambeth_directory, manager
):
    client = logged_in(lambeth, manager)
    assert add_place(client, lambeth).status_code == 302
    place = the_new_place(lambeth)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[place.pk]),
        {
            "new_title": "Jubilee garden room (upstairs)",
            "new_slug": "jubilee-garden-room-upstairs",
            "new_parent_page": str(places_section(lambeth).pk),
        },
    )
    assert response.status_code == 302
    with inside(lambeth):
        copy = PlacePage.objects.get(slug="jubilee-garden-room-upstairs")
        assert copy.owner_id is None, "an owner may edit it once it is shared"
        assert not copy.live
        assert copy.permissions_for_user(fresh(manager)).can_edit()
