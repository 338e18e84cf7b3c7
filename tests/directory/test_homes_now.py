"""Hide street address now (sites/directory/services/hide_now.py): a place the edit form
will not save (locked by a schedule or by a review) has its street hidden at once, and
no version made before that shows it again: a schedule, a stale edit form, a publishing
racing the hide, the place's other languages and its aliases. The canary hall is
"Canaryhost's home" (tests/directory/test_homes_at_once.py)."""

import datetime

import pytest
import time_machine

from django.core.management import call_command
from django.urls import reverse

from wagtail.locks import ScheduledForPublishLock
from wagtail.models import PageLogEntry

from sites.directory.admin_homes import URL_NAME
from sites.directory.models import PlacePage
from sites.directory.services.homes import HIDDEN_AT_ONCE
from sites.directory.services.organisation_access import grant_organisation_access
from tests.conftest import client_for, inside
from tests.directory.conftest import HOME_NAME as NAME
from tests.directory.conftest import HOME_STREET as STREET
from tests.directory.conftest import make_user
from tests.directory.test_homes_at_once import page_path, send, text_of
from tests.directory.test_organisation_access import (
    approve_the_review,
    logged_in,
    submit_change,
)
from tests.i18n.helpers import offer, translate

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2099, 6, 1, 10, tzinfo=datetime.UTC)  # after the fixtures' pages
RENAMED = "Canaryhost's home, renamed"


def hide_now_url(place) -> str:
    return reverse(URL_NAME, args=[place.pk])


def schedule_a_change(borough, place, editor, go_live_at):
    """An Editor's change to the live place, its street shown, scheduled to go live."""
    with inside(borough):
        change = PlacePage.objects.get(pk=place.pk).get_latest_revision_as_object()
        change.title = RENAMED
        change.go_live_at = go_live_at
        revision = change.save_revision(user=editor)
        revision.publish(user=editor)
        return revision


def hide_now(client, place, capture):
    with capture(execute=True):
        response = client.post(hide_now_url(place), follow=True)
    assert response.status_code == 200
    return text_of(response)


def street_shown(borough, place) -> bool:
    with inside(borough):
        return not PlacePage.objects.get(pk=place.pk).hide_street_address


def test_a_manager_hides_a_home_now_on_a_place_locked_by_a_schedule(
    lambeth, lambeth_directory, hall, manager, editor, django_capture_on_commit_callbacks
):
    """The Editor's scheduled change still goes live at its time, with the street hidden."""
    tomorrow = NOW + datetime.timedelta(days=1)
    with time_machine.travel(NOW, tick=False):
        schedule_a_change(lambeth, hall, editor, tomorrow)
        with inside(lambeth):
            assert isinstance(PlacePage.objects.get(pk=hall.pk).get_lock(), ScheduledForPublishLock)
        client = logged_in(lambeth, manager)
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[hall.pk]))
        assert hide_now_url(hall) in edit.content.decode(), "offered in the page's header"
        confirm = text_of(client.get(hide_now_url(hall)))
        assert "It will still go live then, with the street address hidden." in confirm
        assert street_shown(lambeth, hall), "a look changes nothing"
        said = hide_now(client, hall, django_capture_on_commit_callbacks)
        assert "The street address is hidden now." in said
        assert "will still go live then, with the street address hidden" in said

    visitor = client_for(lambeth)
    assert visitor.get(page_path(hall)).status_code == 404
    shown = text_of(visitor.get(page_path(lambeth_directory.activity)))
    assert "A member's home" in shown and STREET not in shown and "Canaryhost" not in shown

    with inside(lambeth):
        live = PlacePage.objects.get(pk=hall.pk)
        assert live.hide_street_address and live.title == NAME
        scheduled = live.scheduled_revision
        assert scheduled.approved_go_live_at == tomorrow
        assert scheduled.as_object().hide_street_address and scheduled.user == manager
        actions = set(
            PageLogEntry.objects.filter(page_id=hall.pk, user=manager).values_list(
                "action", flat=True
            )
        )
        assert {"wagtail.schedule.cancel", HIDDEN_AT_ONCE} <= actions

    with time_machine.travel(tomorrow + datetime.timedelta(minutes=1), tick=False), inside(lambeth):
        call_command("publish_scheduled")
        live = PlacePage.objects.get(pk=hall.pk)
        assert live.title == RENAMED, "the Editor's change went live at its time"
        assert live.hide_street_address


def test_a_schedule_already_due_is_cancelled_and_never_goes_live(
    lambeth, hall, manager, editor, django_capture_on_commit_callbacks
):
    due = NOW + datetime.timedelta(days=1)
    with time_machine.travel(NOW, tick=False):
        schedule_a_change(lambeth, hall, editor, due)
    with time_machine.travel(due + datetime.timedelta(seconds=30), tick=False):
        said = hide_now(logged_in(lambeth, manager), hall, django_capture_on_commit_callbacks)
        assert "showed the street address, so it is cancelled" in said
        with inside(lambeth):
            call_command("publish_scheduled")
            live = PlacePage.objects.get(pk=hall.pk)
            assert live.hide_street_address and live.title == NAME
            assert live.scheduled_revision is None
            latest = live.get_latest_revision().as_object()
            assert latest.hide_street_address and latest.title == RENAMED, "its words wait"


def test_a_version_from_before_the_hide_published_as_it_happens_stays_hidden(
    lambeth, hall, manager, editor, django_capture_on_commit_callbacks
):
    """``publish_scheduled`` reads what is due, then publishes it: a hide that commits in
    between must not be undone, on the place or on its alias."""
    due = NOW + datetime.timedelta(days=1)
    with time_machine.travel(NOW, tick=False):
        read_by_the_command = schedule_a_change(lambeth, hall, editor, due)
        with inside(lambeth):
            alias = PlacePage.objects.get(pk=hall.pk).create_alias(update_slug="canary-too")
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        hide_now(logged_in(lambeth, manager), hall, django_capture_on_commit_callbacks)
    with time_machine.travel(due, tick=False), inside(lambeth):
        read_by_the_command.publish()
        live = PlacePage.objects.get(pk=hall.pk)
        assert live.title == RENAMED and live.hide_street_address
        assert PlacePage.objects.get(pk=alias.pk).hide_street_address
    assert client_for(lambeth).get(page_path(alias)).status_code == 404


def test_an_edit_form_opened_before_the_hide_cannot_show_the_street_again(
    lambeth, hall, manager, editor, django_capture_on_commit_callbacks
):
    editor_client = logged_in(lambeth, editor)
    url, data = submit_change(editor_client, hall, summary="Opened before the hide.")
    data.pop("hide_street_address", None)
    data["action-publish"] = "Publish"
    hide_now(logged_in(lambeth, manager), hall, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data, follow=True)
    assert "The street address was hidden while you had this page open" in text_of(response)
    assert not street_shown(lambeth, hall)
    with inside(lambeth):
        assert PlacePage.objects.get(pk=hall.pk).summary != "Opened before the hide."

    # Unticking it in the latest version is a decision, and is kept.
    url, data = submit_change(editor_client, hall)
    data.pop("hide_street_address", None)
    data["action-publish"] = "Publish"
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, data)
    assert street_shown(lambeth, hall)


def test_reverting_to_a_version_from_before_the_hide_cannot_show_the_street_again(
    lambeth, hall, manager, editor, django_capture_on_commit_callbacks
):
    with inside(lambeth):
        before = PlacePage.objects.get(pk=hall.pk).get_latest_revision()
    hide_now(logged_in(lambeth, manager), hall, django_capture_on_commit_callbacks)
    editor_client = logged_in(lambeth, editor)
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[hall.pk, before.pk])
    url, data = submit_change(editor_client, hall, url=revert)
    assert "hide_street_address" not in data, "the old version shows the street"
    data["action-publish"] = "Publish"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data, follow=True)
    assert "The street address was hidden while you had this page open" in text_of(response)
    assert not street_shown(lambeth, hall)


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
    assert "The street address is hidden now." in hide_now(
        client, hall, django_capture_on_commit_callbacks
    )
    assert client_for(lambeth).get(page_path(hall)).status_code == 404

    approve_the_review(lambeth, hall, editor, django_capture_on_commit_callbacks)
    with inside(lambeth):
        live = PlacePage.objects.get(pk=hall.pk)
        assert live.hide_street_address and live.summary == "Tea and cake."


def test_hiding_it_now_from_a_translation_hides_the_original_in_every_version(
    lambeth, hall, editor, django_capture_on_commit_callbacks
):
    offer(lambeth, "pl")
    polish = translate(lambeth, hall, "pl", "Dom Canaryhost")
    hide_now(logged_in(lambeth, editor), polish, django_capture_on_commit_callbacks)
    assert not street_shown(lambeth, hall) and not street_shown(lambeth, polish)
    with inside(lambeth):
        original = PlacePage.objects.get(pk=hall.pk)
        assert original.get_latest_revision().as_object().hide_street_address
        original.get_latest_revision().publish(user=editor)  # its next publishing
    assert not street_shown(lambeth, hall)


def test_a_place_scheduled_to_go_live_for_the_first_time_goes_live_hidden(
    lambeth, hall, editor, django_capture_on_commit_callbacks
):
    """Not live yet, so nobody sees it; but it would go live with its street shown."""
    tomorrow = NOW + datetime.timedelta(days=1)
    with time_machine.travel(NOW, tick=False):
        with inside(lambeth):
            new = PlacePage.objects.get(pk=hall.pk).copy(
                update_attrs={"title": "Canaryhost's other home", "slug": "canary-other"},
                keep_live=False,
            )
            new = PlacePage.objects.get(pk=new.pk)
            new.go_live_at = tomorrow
            new.save_revision(user=editor).publish(user=editor)
            assert not PlacePage.objects.get(pk=new.pk).live
        said = hide_now(logged_in(lambeth, editor), new, django_capture_on_commit_callbacks)
        assert "will still go live then, with the street address hidden" in said
    with time_machine.travel(tomorrow + datetime.timedelta(minutes=1), tick=False):
        with inside(lambeth):
            call_command("publish_scheduled")
            live = PlacePage.objects.get(pk=new.pk)
            assert live.live and live.hide_street_address
        assert client_for(lambeth).get(page_path(new)).status_code == 404


def test_an_editors_untick_going_live_later_is_kept(
    lambeth, hall, manager, editor, django_capture_on_commit_callbacks
):
    """Only someone's hide counts against a version made before it, not the re-hides
    that follow a publishing (here of a translation's old version)."""
    offer(lambeth, "pl")
    polish = translate(lambeth, hall, "pl", "Dom Canaryhost")
    tomorrow = NOW + datetime.timedelta(days=1)
    with time_machine.travel(NOW, tick=False):
        hide_now(logged_in(lambeth, manager), hall, django_capture_on_commit_callbacks)
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False), inside(lambeth):
        untick = PlacePage.objects.get(pk=hall.pk).get_latest_revision_as_object()
        untick.hide_street_address = False
        untick.go_live_at = tomorrow
        untick.save_revision(user=editor).publish(user=editor)
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False), inside(lambeth):
        PlacePage.objects.get(pk=polish.pk).revisions.earliest("created_at").publish()
        assert PlacePage.objects.get(pk=polish.pk).hide_street_address, "hidden again, kept"
    with time_machine.travel(tomorrow + datetime.timedelta(minutes=1), tick=False):
        with inside(lambeth):
            call_command("publish_scheduled")
        assert street_shown(lambeth, hall), "the Editor's decision went live"


def test_an_alias_sends_you_to_the_place_it_copies(
    lambeth, hall, editor, django_capture_on_commit_callbacks
):
    with inside(lambeth):
        alias = PlacePage.objects.get(pk=hall.pk).create_alias(update_slug="canary-too")
    client = logged_in(lambeth, editor)
    said = hide_now(client, alias, django_capture_on_commit_callbacks)
    assert "This page copies another place: hide its street address there." in said
    assert street_shown(lambeth, hall) and street_shown(lambeth, alias)


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
    assert street_shown(lambeth, hall)
    with inside(lambeth):
        assert PlacePage.objects.get(pk=hall.pk).revisions.count() == revisions


def test_hiding_now_a_place_already_hidden_changes_nothing(lambeth, hall, manager, editor):
    with inside(lambeth):
        home = PlacePage.objects.get(pk=hall.pk)
        home.hide_street_address = True
        home.save_revision(user=editor).publish(user=editor)
        revisions = home.revisions.count()
    client = logged_in(lambeth, manager)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[hall.pk]))
    assert hide_now_url(hall) not in edit.content.decode(), "not offered"
    response = client.post(hide_now_url(hall), follow=True)
    assert "Its street address is hidden already." in text_of(response)
    with inside(lambeth):
        assert PlacePage.objects.get(pk=hall.pk).revisions.count() == revisions
        assert not PageLogEntry.objects.filter(page_id=hall.pk, action=HIDDEN_AT_ONCE).exists()
