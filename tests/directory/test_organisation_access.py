"""Organisations edit their own listings; Editors approve every change before it goes live."""

import datetime

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection, WorkflowState
from wagtail.permissions import policy_registry
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

from sites.core.roles import ORGANISATION_MANAGERS
from sites.directory.models import ActivityPage, OrganisationPage, PlacePage
from sites.directory.services.organisation_access import (
    grant_organisation_access,
    organisation_group,
    organisation_managers,
    revoke_organisation_access,
)
from tests.conftest import client_for, inside


def logged_in(borough, user):
    client = client_for(borough)
    with inside(borough):
        client.force_login(user)
    return client


def test_a_manager_edits_their_own_organisation_and_its_activities_only(
    lambeth, lambeth_directory, manager
):
    directory = lambeth_directory
    with inside(lambeth):
        own = directory.organisation.permissions_for_user(manager)
        assert own.can_edit()
        assert own.can_add_subpage(), "they can add a new activity below their organisation"
        assert directory.activity.permissions_for_user(manager).can_edit()

        other = directory.other_organisation
        assert not other.permissions_for_user(manager).can_edit()
        assert not directory.evening_activity.permissions_for_user(manager).can_edit()
        # A place another organisation uses (test_a_manager_may_change_a_place_only_...).
        assert not directory.home_place.permissions_for_user(manager).can_edit()
        assert not other.get_parent().permissions_for_user(manager).can_add_subpage()


def test_a_manager_cannot_publish_or_delete_anything(lambeth, lambeth_directory, manager):
    with inside(lambeth):
        for page in (lambeth_directory.organisation, lambeth_directory.activity):
            permissions = page.permissions_for_user(manager)
            assert not permissions.can_publish()
            assert not permissions.can_unpublish()
            assert not permissions.can_delete()


def test_a_manager_can_upload_images_to_their_organisation_collection(
    lambeth, lambeth_directory, manager
):
    with inside(lambeth):
        group = organisation_group(lambeth_directory.organisation)
        collection = Collection.objects.filter(group_permissions__group=group).distinct().get()
        permission_policy = policy_registry.get_by_type(get_image_model())
        assert "Brixton Gardeners" in collection.name
        allowed = permission_policy.collections_user_has_permission_for(manager, "add")
        assert collection in allowed
        assert manager.has_perm("wagtailadmin.access_admin")


def test_granting_twice_is_harmless_and_revoking_takes_the_access_away(
    lambeth, lambeth_directory, manager
):
    organisation = lambeth_directory.organisation
    with inside(lambeth):
        grant_organisation_access(organisation, manager)
        assert list(organisation_managers(organisation)) == [manager]
        assert Group.objects.filter(name__startswith="Organisation: ").count() == 1

        revoke_organisation_access(organisation, manager)
        manager = get_user_model().objects.get(pk=manager.pk)
        assert not organisation.permissions_for_user(manager).can_edit()
        assert not manager.groups.filter(name=ORGANISATION_MANAGERS).exists()


def submit_change(client, page, url=None, **changes):
    """Do what the manager's browser does: open the edit form (or another form of the
    page's, at ``url``), change it, submit."""
    url = url or reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    # Browsers send "on" for a ticked box without a value; the helper sends "".
    for box in WagtailTestUtils.get_soup(html).select("input[type=checkbox][checked]"):
        if "value" not in box.attrs:
            data.setlist(box["name"], ["on"])
    # The "In simple words" points are a StreamField, whose inputs the browser's script
    # writes; left empty here, as a manager who does not touch that tab sends it.
    if "easy_read" in html and "easy_read-count" not in data:
        data["easy_read-count"] = "0"
    for name, value in changes.items():
        data[name] = value
    return url, data


def approve_the_review(borough, page, editor, capture):
    """``editor`` approves the change to ``page`` waiting for review, as the admin's
    "Approve" button does; the commit's callbacks run."""
    with inside(borough):
        state = WorkflowState.objects.get(
            base_content_type__model="page",
            object_id=str(page.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    with capture(execute=True):
        assert logged_in(borough, editor).post(approve).status_code == 302


def test_a_managers_change_waits_for_an_editor_then_goes_live(
    lambeth, lambeth_directory, manager, editor
):
    organisation = lambeth_directory.organisation
    manager_client = logged_in(lambeth, manager)
    url, data = submit_change(
        manager_client, organisation, summary="We grow food and flowers together."
    )
    data["action-submit"] = "Submit for moderation"
    response = manager_client.post(url, data)
    assert response.status_code == 302

    with inside(lambeth):
        live = OrganisationPage.objects.get(pk=organisation.pk)
        assert live.summary == "We grow food together.", "nothing changes before approval"
        state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(live.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.current_task_state.task.name == "Editorial approval"
        latest = live.get_latest_revision()
        assert latest.as_object().summary == "We grow food and flowers together."
        assert latest.user == manager

    # The Editor sees the change, side by side with what is live.
    editor_client = logged_in(lambeth, editor)
    compare = reverse(
        "wagtailadmin_pages:revisions_compare", args=[organisation.pk, "live", latest.pk]
    )
    response = editor_client.get(compare)
    assert response.status_code == 200
    assert '<span class="addition"> and flowers</span>' in response.content.decode()

    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[organisation.pk, "approve", state.current_task_state.pk],
    )
    assert editor_client.post(approve).status_code == 302

    with inside(lambeth):
        live = OrganisationPage.objects.get(pk=organisation.pk)
        assert live.summary == "We grow food and flowers together."
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_APPROVED


def test_a_change_waiting_for_approval_can_be_previewed_with_its_places(
    lambeth, lambeth_directory, manager, editor
):
    """The draft's places are in memory, not in the database: the preview showed a 500."""
    organisation = lambeth_directory.organisation
    with inside(lambeth):
        organisation.places.set([lambeth_directory.place])
        organisation.save_revision().publish()
    manager_client = logged_in(lambeth, manager)
    url, data = submit_change(manager_client, organisation, summary="Now with flowers.")
    data["action-submit"] = "Submit for moderation"
    assert manager_client.post(url, data).status_code == 302
    with inside(lambeth):
        state = WorkflowState.objects.get(object_id=str(organisation.pk))
        task_state = state.current_task_state
    pages = {
        manager_client: reverse("wagtailadmin_pages:view_draft", args=[organisation.pk]),
        logged_in(lambeth, editor): reverse(
            "wagtailadmin_pages:workflow_preview", args=[organisation.pk, task_state.task.pk]
        ),
    }
    for client, preview in pages.items():
        response = client.get(preview)
        assert response.status_code == 200, preview
        html = response.content.decode()
        assert "Now with flowers." in html and "Brixton Community Hall" in html, preview


def test_a_manager_cannot_approve_their_own_change(lambeth, lambeth_directory, manager):
    activity = lambeth_directory.activity
    client = logged_in(lambeth, manager)
    with inside(lambeth):
        revision = activity.save_revision(user=manager)
        activity.get_workflow().start(activity, manager)
        task_state = activity.current_workflow_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[activity.pk, "approve", task_state.pk]
    )
    response = client.post(approve)
    assert response.status_code in (302, 403)  # Wagtail turns "permission denied" into a redirect
    with inside(lambeth):
        assert ActivityPage.objects.get(pk=activity.pk).live_revision != revision
        task_state.refresh_from_db()
        assert task_state.status == task_state.STATUS_IN_PROGRESS


def test_a_managers_publish_button_does_not_publish(lambeth, lambeth_directory, manager):
    activity = lambeth_directory.activity
    client = logged_in(lambeth, manager)
    url, data = submit_change(client, activity, summary="Now on Wednesdays instead.")
    data["action-publish"] = "Publish"
    client.post(url, data)

    with inside(lambeth):
        live = ActivityPage.objects.get(pk=activity.pk)
        assert live.summary == "Planting, weeding and tea in the community garden."
        assert live.get_latest_revision().as_object().summary == "Now on Wednesdays instead."
        assert live.live_revision != live.get_latest_revision()


def test_a_manager_cannot_open_another_organisations_page_in_the_admin(
    lambeth, lambeth_directory, manager
):
    client = logged_in(lambeth, manager)
    other = lambeth_directory.other_organisation
    response = client.get(reverse("wagtailadmin_pages:edit", args=[other.pk]))
    assert response.status_code in (302, 403)
    with inside(lambeth):
        assert OrganisationPage.objects.get(pk=other.pk).summary == "A friendly choir."


@pytest.mark.parametrize(
    "page_name, changes, message",
    [
        ("activity", {"contact_phone": "call me on whatsapp!!"}, "Enter a phone number, like"),
        ("organisation", {"phone": "0207"}, "Enter a phone number, like"),
        ("activity", {"is_free": "on", "cost_amount": "5"}, "It is ticked &#x27;free&#x27;"),
        ("activity", {"age_max": "300"}, "Enter 120 or less."),
        ("activity", {"cost_amount": "-5", "is_free": ""}, "Enter 0 or more."),
        ("organisation", {"last_checked_on": "2099-01-01"}, "not a day to come"),
    ],
)
def test_a_managers_impossible_or_unsafe_details_are_refused_with_why(
    lambeth, lambeth_directory, manager, page_name, changes, message
):
    page = getattr(lambeth_directory, page_name)
    client = logged_in(lambeth, manager)
    with inside(lambeth):
        before = page.get_latest_revision()
    url, data = submit_change(client, page, **changes)
    data["action-submit"] = "Submit for moderation"
    response = client.post(url, data)
    assert response.status_code == 200, "the form again, not a redirect"
    assert message in response.content.decode()
    with inside(lambeth):
        assert page.get_latest_revision() == before, "nothing saved"
        assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()


def test_a_date_checked_that_is_already_stored_is_not_asked_again(
    lambeth, lambeth_directory, manager
):
    """Only a date typed now is checked: saving other changes keeps the stored one, even
    when the clock is behind it."""
    organisation = lambeth_directory.organisation
    client = logged_in(lambeth, manager)
    behind = organisation.last_checked_on - datetime.timedelta(days=2)
    with time_machine.travel(datetime.datetime.combine(behind, datetime.time(12)), tick=False):
        url, data = submit_change(client, organisation, summary="We grow food and fruit.")
        data["action-submit"] = "Submit for moderation"
        assert client.post(url, data).status_code == 302


def test_my_page_leads_a_manager_to_their_own_listing_only(
    lambeth, lambeth_directory, manager, editor
):
    page = logged_in(lambeth, manager).get("/account/").content.decode()
    edit = reverse("wagtailadmin_pages:edit", args=[lambeth_directory.organisation.pk])
    assert f'href="{edit}"' in page and "Change the listing of Brixton Gardeners" in page
    assert "Your organisation's listing" in page
    assert "Stockwell Singers" not in page
    assert (
        "Your organisation's listing"
        not in logged_in(lambeth, editor).get("/account/").content.decode()
    ), "only for those who manage one"


def fresh(user):
    """The user again, without the page permissions Wagtail cached on them."""
    return get_user_model().objects.get(pk=user.pk)


def test_a_manager_may_change_a_place_only_their_organisation_uses(
    lambeth, lambeth_directory, manager, django_capture_on_commit_callbacks
):
    directory = lambeth_directory
    with inside(lambeth):
        # The hall: only their activity meets there. The front room: another organisation's.
        hall = directory.place.permissions_for_user(fresh(manager))
        assert hall.can_edit() and not hall.can_publish() and not hall.can_delete()
        assert not directory.home_place.permissions_for_user(fresh(manager)).can_edit()

        # Once another organisation meets at the hall too, it is the Editors' alone.
        evening = ActivityPage.objects.get(pk=directory.evening_activity.pk)
        evening.place = directory.place
        with django_capture_on_commit_callbacks(execute=True):
            evening.save_revision().publish()  # as the page's transaction commits
        assert not directory.place.permissions_for_user(fresh(manager)).can_edit()
        # ... and the front room, now used by nobody's live listing, by nobody else.
        assert not directory.home_place.permissions_for_user(fresh(manager)).can_edit()

        # Back to one user: theirs again.
        evening.place = directory.home_place
        with django_capture_on_commit_callbacks(execute=True):
            evening.save_revision().publish()
        assert directory.place.permissions_for_user(fresh(manager)).can_edit()


def test_a_deleted_organisation_lets_go_of_its_places_once_it_is_gone(
    lambeth, lambeth_directory, manager, django_capture_on_commit_callbacks
):
    """Wagtail says it is unpublished just before it is deleted: worked out then, the
    place would stay its group's."""
    directory = lambeth_directory
    with inside(lambeth):
        assert directory.place.permissions_for_user(fresh(manager)).can_edit()
        with django_capture_on_commit_callbacks(execute=True):
            OrganisationPage.objects.get(pk=directory.organisation.pk).delete()
        assert not directory.place.permissions_for_user(fresh(manager)).can_edit()


def test_a_manager_hides_the_street_of_their_place_at_once_the_rest_waits_for_approval(
    lambeth, lambeth_directory, manager
):
    """Hiding a home never waits (tests/directory/test_homes_at_once.py); the revision
    still goes to the Editors like every change of theirs."""
    place = lambeth_directory.place
    client = logged_in(lambeth, manager)
    url, data = submit_change(client, place, hide_street_address="on")
    data["action-submit"] = "Submit for moderation"
    assert client.post(url, data).status_code == 302
    with inside(lambeth):
        live = PlacePage.objects.get(pk=place.pk)
        assert live.hide_street_address, "hidden at once"
        assert live.get_latest_revision().as_object().hide_street_address
        state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(place.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
