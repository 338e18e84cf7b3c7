"""An organisation manager's "Hide street address" takes effect at once
(sites/directory/services/homes.py), through the real admin edit view.

Everything else a manager changes still waits for an Editor's approval, and so does
showing the street address again. The canary: the hall their activity meets at is
renamed "Canaryhost's home" by an Editor first, so its name is easy to look for. The
search side is in tests/search/test_homes.py. A place the edit form will not save is
hidden by "Hide street address now" (tests/directory/test_homes_now.py).
"""

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from wagtail.models import PageLogEntry, WorkflowState

from sites.directory.models import PlacePage
from sites.directory.services.homes import HIDDEN_AT_ONCE
from tests.conftest import client_for, inside
from tests.directory.conftest import HOME_NAME as NAME
from tests.directory.conftest import HOME_STREET as STREET
from tests.directory.test_organisation_access import logged_in, submit_change
from tests.i18n.helpers import offer, translate

pytestmark = pytest.mark.django_db

HIDDEN_NOW = "The street address is hidden now. Your other changes wait for an Editor"


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
