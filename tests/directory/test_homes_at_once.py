"""An organisation manager's "Hide street address" takes effect at once
(sites/directory/services/homes.py), through the real admin edit view.

Everything else a manager changes still waits for an Editor's approval, and so does
showing the street address again. The canary: the hall their activity meets at is
renamed "Canaryhost's home" by an Editor first, so its name is easy to look for. The
search side is in tests/search/test_homes.py. A place the edit form will not save
(locked by a schedule or a review) is hidden by "Hide street address now" (at the end).
"""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.core.management import call_command
from django.urls import reverse

from wagtail.locks import ScheduledForPublishLock
from wagtail.models import PageLogEntry, WorkflowState

from sites.directory.admin_homes import URL_NAME as HIDE_NOW_URL
from sites.directory.models import PlacePage
from sites.directory.services.homes import HIDDEN_AT_ONCE
from sites.directory.services.organisation_access import grant_organisation_access
from tests.conftest import client_for, inside
from tests.directory.conftest import make_user
from tests.directory.test_organisation_access import logged_in, submit_change
from tests.i18n.helpers import offer, translate

pytestmark = pytest.mark.django_db

NAME = "Canaryhost's home"
STREET = "12 Acre Lane"
HIDDEN_NOW = "The street address is hidden now. Your other changes wait for an Editor"


@pytest.fixture
def hall(lambeth, lambeth_directory):
    """The manager's place (only their activity meets there), live, with a canary name."""
    with inside(lambeth):
        place = PlacePage.objects.get(pk=lambeth_directory.place.pk)
        place.title = NAME
        place.save_revision().publish()
        return place


def page_path(page) -> str:
    return "/" + page.url_path.split("/", 2)[2]


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content.decode(), "html.parser").get_text(" ").split())


def send(client, url, data, action, capture):
    """Post the edit form as the browser does, the commit's callbacks (the site cache,
    the page cache's ban) run as the request's transaction commits."""
    if action == "submit":
        data["action-submit"] = "Submit for moderation"
    with capture(execute=True):
        response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("action", ["save", "submit"])
def test_a_managers_hide_goes_live_at_once_and_nothing_else_does(
    lambeth, lambeth_directory, hall, manager, action, django_capture_on_commit_callbacks
):
    activity_path = page_path(lambeth_directory.activity)
    visitor = client_for(lambeth)
    before = visitor.get(activity_path)
    assert NAME in text_of(before) and STREET in text_of(before), "the canary is shown"
    assert visitor.get(page_path(hall)).status_code == 200

    client = logged_in(lambeth, manager)
    url, data = submit_change(
        client,
        hall,
        title="Canaryhost's front room",
        summary="Come round for tea.",
        hide_street_address="on",
    )
    response = send(client, url, data, action, django_capture_on_commit_callbacks)
    assert HIDDEN_NOW in text_of(response)

    # The very next anonymous requests see the home rule.
    visitor = client_for(lambeth)
    assert visitor.get(page_path(hall)).status_code == 404
    shown = text_of(visitor.get(activity_path))
    assert "A member's home" in shown and "SW2 area" in shown
    for secret in ("Canaryhost", STREET, "SW2 5SG"):
        assert secret not in shown, secret

    with inside(lambeth):
        live = PlacePage.objects.get(pk=hall.pk)
        assert live.hide_street_address
        assert (live.title, live.summary) == (NAME, hall.summary), "the rest waits"
        assert live.has_unpublished_changes
        latest = live.get_latest_revision().as_object()
        assert (latest.title, latest.summary) == ("Canaryhost's front room", "Come round for tea.")
        waiting = WorkflowState.objects.filter(
            base_content_type__model="page",
            object_id=str(hall.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        assert waiting.exists() == (action == "submit")


def test_the_pages_history_says_who_hid_it_at_once(
    lambeth, hall, manager, editor, django_capture_on_commit_callbacks
):
    client = logged_in(lambeth, manager)
    url, data = submit_change(client, hall, hide_street_address="on")
    send(client, url, data, "submit", django_capture_on_commit_callbacks)
    with inside(lambeth):
        [entry] = PageLogEntry.objects.filter(page_id=hall.pk, action=HIDDEN_AT_ONCE)
        assert entry.user_id == manager.pk
    history = logged_in(lambeth, editor).get(reverse("wagtailadmin_pages:history", args=[hall.pk]))
    assert history.status_code == 200
    words = text_of(history)
    assert "The street address was hidden at once" in words
    assert manager.get_username() in words or manager.get_full_name() in words


def test_showing_the_address_again_still_waits_for_an_editor(
    lambeth, hall, manager, editor, django_capture_on_commit_callbacks
):
    with inside(lambeth):
        home = PlacePage.objects.get(pk=hall.pk)
        home.hide_street_address = True
        home.save_revision(user=editor).publish(user=editor)
    client = logged_in(lambeth, manager)
    url, data = submit_change(client, hall)
    data.pop("hide_street_address", None)  # the box unticked
    response = send(client, url, data, "submit", django_capture_on_commit_callbacks)
    assert HIDDEN_NOW not in text_of(response)
    with inside(lambeth):
        live = PlacePage.objects.get(pk=hall.pk)
        assert live.hide_street_address, "shown again only once an Editor approves"
        assert not live.get_latest_revision().as_object().hide_street_address
        assert not PageLogEntry.objects.filter(page_id=hall.pk, action=HIDDEN_AT_ONCE).exists()
    assert client_for(lambeth).get(page_path(hall)).status_code == 404


def test_an_editors_own_publishing_is_unchanged(
    lambeth, hall, editor, django_capture_on_commit_callbacks
):
    client = logged_in(lambeth, editor)
    url, data = submit_change(client, hall, title="Canaryhost's flat", hide_street_address="on")
    data["action-publish"] = "Publish"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert HIDDEN_NOW not in text_of(response)
    with inside(lambeth):
        live = PlacePage.objects.get(pk=hall.pk)
        assert live.hide_street_address and live.title == "Canaryhost's flat"
        assert not live.has_unpublished_changes
        assert not PageLogEntry.objects.filter(page_id=hall.pk, action=HIDDEN_AT_ONCE).exists()
    assert client_for(lambeth).get(page_path(hall)).status_code == 404


def _translation(lambeth, hall):
    offer(lambeth, "pl")
    polish = translate(lambeth, hall, "pl", "Dom Canaryhost")
    return polish, "/pl" + page_path(polish)


def _alias(lambeth, hall):
    with inside(lambeth):
        alias = PlacePage.objects.get(pk=hall.pk).create_alias(update_slug="canaryhost-too")
    return alias, page_path(alias)


@pytest.mark.parametrize("make_copy", [_translation, _alias], ids=["translation", "alias"])
def test_its_live_translations_and_aliases_are_hidden_at_once_too(
    lambeth, hall, manager, make_copy, django_capture_on_commit_callbacks
):
    """A translation is a live page of its own, holding the same street and name; so is
    an alias, which Wagtail copies the place to only when the place is published."""
    copy, path = make_copy(lambeth, hall)
    assert client_for(lambeth).get(path).status_code == 200

    client = logged_in(lambeth, manager)
    url, data = submit_change(client, hall, hide_street_address="on")
    send(client, url, data, "submit", django_capture_on_commit_callbacks)

    with inside(lambeth):
        assert PlacePage.objects.get(pk=copy.pk).hide_street_address
        assert PageLogEntry.objects.filter(page_id=copy.pk, action=HIDDEN_AT_ONCE).exists()
    assert client_for(lambeth).get(path).status_code == 404


def test_an_editor_publishing_a_hide_hides_its_live_translations_at_once(
    lambeth, hall, editor, django_capture_on_commit_callbacks
):
    """wagtail-localize copies the field to a translation only when it is synced again:
    until then the Polish page would show the street and the host's name."""
    offer(lambeth, "pl")
    polish = translate(lambeth, hall, "pl", "Dom Canaryhost")
    polish_path = "/pl" + page_path(polish)
    client = logged_in(lambeth, editor)
    url, data = submit_change(client, hall, hide_street_address="on")
    data["action-publish"] = "Publish"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data, follow=True).status_code == 200

    with inside(lambeth):
        assert PlacePage.objects.get(pk=polish.pk).hide_street_address
        entry = PageLogEntry.objects.get(page_id=polish.pk, action=HIDDEN_AT_ONCE)
        assert entry.user == editor
    assert client_for(lambeth).get(polish_path).status_code == 404


def test_a_translation_published_again_without_a_sync_stays_hidden(lambeth, hall, editor):
    """Its own latest version, from before the original hid the street, still shows it."""
    offer(lambeth, "pl")
    polish = translate(lambeth, hall, "pl", "Dom Canaryhost")
    with inside(lambeth):
        original = PlacePage.objects.get(pk=hall.pk)
        original.hide_street_address = True
        original.save_revision(user=editor).publish(user=editor)
        stale = PlacePage.objects.get(pk=polish.pk).get_latest_revision()
        assert not stale.as_object().hide_street_address
        stale.publish(user=editor)
        assert PlacePage.objects.get(pk=polish.pk).hide_street_address
    assert client_for(lambeth).get("/pl" + page_path(polish)).status_code == 404


# --- "Hide street address now": a place the edit form will not save ---------------------

NOW = datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC)
HIDE_NOW_LABEL = "Hide street address now"


def hide_now_url(place) -> str:
    return reverse(HIDE_NOW_URL, args=[place.pk])


def schedule_a_change(borough, place, editor, go_live_at):
    """An Editor's change to the live place, its street shown, scheduled to go live."""
    with inside(borough):
        change = PlacePage.objects.get(pk=place.pk).get_latest_revision_as_object()
        change.title = "Canaryhost's home, renamed"
        change.go_live_at = go_live_at
        change.save_revision(user=editor).publish(user=editor)


def test_a_manager_hides_a_home_now_on_a_place_locked_by_a_schedule(
    lambeth, lambeth_directory, hall, manager, editor, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        schedule_a_change(lambeth, hall, editor, NOW + datetime.timedelta(days=1))
        with inside(lambeth):
            assert isinstance(PlacePage.objects.get(pk=hall.pk).get_lock(), ScheduledForPublishLock)
        client = logged_in(lambeth, manager)
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[hall.pk]))
        assert hide_now_url(hall) in edit.content.decode(), "offered in the page's header"
        confirm = client.get(hide_now_url(hall))
        assert confirm.status_code == 200
        assert "A change is scheduled to go live" in text_of(confirm)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(hide_now_url(hall), follow=True)
        assert response.status_code == 200
        assert "The street address is hidden now." in text_of(response)
        assert "waits for an Editor now, with the street address hidden" in text_of(response)

    visitor = client_for(lambeth)
    assert visitor.get(page_path(hall)).status_code == 404
    shown = text_of(visitor.get(page_path(lambeth_directory.activity)))
    assert "A member's home" in shown and STREET not in shown and "Canaryhost" not in shown

    with inside(lambeth):
        live = PlacePage.objects.get(pk=hall.pk)
        assert live.hide_street_address and live.title == NAME
        assert live.scheduled_revision is None and live.get_lock() is None
        latest = live.get_latest_revision()
        assert latest.user == manager
        assert latest.as_object().hide_street_address
        assert latest.as_object().title == "Canaryhost's home, renamed", "its words wait"
        actions = set(
            PageLogEntry.objects.filter(page_id=hall.pk, user=manager).values_list(
                "action", flat=True
            )
        )
        assert {"wagtail.schedule.cancel", HIDDEN_AT_ONCE} <= actions

    # The time the change was to go live passes: nothing shows the street again.
    with time_machine.travel(NOW + datetime.timedelta(days=2), tick=False), inside(lambeth):
        call_command("publish_scheduled")
        live = PlacePage.objects.get(pk=hall.pk)
        assert live.hide_street_address and live.title == NAME


def test_a_manager_hides_a_home_now_while_a_change_waits_for_review(
    lambeth, hall, manager, editor, django_capture_on_commit_callbacks
):
    """A place in review is locked for everyone but its reviewers; the Editor's approval
    then publishes the version that hides the street."""
    client = logged_in(lambeth, manager)
    url, data = submit_change(client, hall, summary="Tea and cake.")
    send(client, url, data, "submit", django_capture_on_commit_callbacks)
    with inside(lambeth):
        assert PlacePage.objects.get(pk=hall.pk).get_lock().for_user(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(hide_now_url(hall))
    assert client_for(lambeth).get(page_path(hall)).status_code == 404

    with inside(lambeth):
        state = WorkflowState.objects.get(
            base_content_type__model="page",
            object_id=str(hall.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[hall.pk, "approve", state.current_task_state.pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert logged_in(lambeth, editor).post(approve).status_code == 302
    with inside(lambeth):
        live = PlacePage.objects.get(pk=hall.pk)
        assert live.hide_street_address and live.summary == "Tea and cake."
    assert client_for(lambeth).get(page_path(hall)).status_code == 404


def test_only_someone_who_may_edit_the_place_can_hide_it_now(
    lambeth, lambeth_directory, hall, django_capture_on_commit_callbacks
):
    with inside(lambeth):
        stranger = make_user("choir-manager@example.org")
        grant_organisation_access(lambeth_directory.other_organisation, stranger)
        revisions = PlacePage.objects.get(pk=hall.pk).revisions.count()
    client = logged_in(lambeth, stranger)
    # Wagtail's admin answers a refusal by going back to the dashboard, saying why.
    refused = client.get(hide_now_url(hall), follow=True)
    assert "Sorry, you do not have permission" in text_of(refused)
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(hide_now_url(hall), follow=True)
    assert "Sorry, you do not have permission" in text_of(refused)
    with inside(lambeth):
        live = PlacePage.objects.get(pk=hall.pk)
        assert not live.hide_street_address and live.revisions.count() == revisions
    assert client_for(lambeth).get(page_path(hall)).status_code == 200


def test_hiding_now_a_place_already_hidden_changes_nothing(lambeth, hall, manager, editor):
    with inside(lambeth):
        home = PlacePage.objects.get(pk=hall.pk)
        home.hide_street_address = True
        home.save_revision(user=editor).publish(user=editor)
        revisions = home.revisions.count()
    client = logged_in(lambeth, manager)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[hall.pk]))
    assert HIDE_NOW_LABEL not in text_of(edit), "not offered"
    response = client.post(hide_now_url(hall), follow=True)
    assert "Its street address is hidden already." in text_of(response)
    with inside(lambeth):
        assert PlacePage.objects.get(pk=hall.pk).revisions.count() == revisions
        assert not PageLogEntry.objects.filter(page_id=hall.pk, action=HIDDEN_AT_ONCE).exists()
