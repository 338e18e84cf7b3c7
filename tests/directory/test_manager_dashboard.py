"""An organisation manager's dashboard says where each change they sent stands: sent back
by an Editor (with the Editor's words), waiting for an Editor, or approved."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.urls import reverse

from wagtail.models import WorkflowState

from sites.core.roles import EDITORS
from sites.directory.models import OrganisationPage
from sites.directory.services.organisation_access import grant_organisation_access
from tests.conftest import inside
from tests.directory.conftest import make_user
from tests.directory.test_organisation_access import logged_in, submit_change

pytestmark = pytest.mark.django_db

# A winter afternoon in London (GMT), so the dates the panel writes are known.
NOW = datetime.datetime(2026, 12, 3, 14, 30, tzinfo=datetime.UTC)
COMMENT = "Please add the hall's step-free entrance.\nAnd say if tea is free."


@pytest.fixture
def manager(southwark, southwark_directory):
    with inside(southwark):
        user = make_user("manager@gardeners.example.org")
        grant_organisation_access(southwark_directory.organisation, user)
        return user


@pytest.fixture
def editor(southwark):
    with inside(southwark):
        return make_user("editor@southwark.example.org", EDITORS)


def send_for_approval(client, page, summary):
    url, data = submit_change(client, page, summary=summary)
    data["action-submit"] = "Submit for moderation"
    assert client.post(url, data).status_code == 302


def task_state_of(borough, page):
    with inside(borough):
        state = WorkflowState.objects.active().get(
            base_content_type__model="page", object_id=str(page.pk)
        )
        return state.current_task_state


def editor_does(client, page, action, task_state, **data):
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    assert b'"step": "success"' in response.content or response.status_code == 302


def panel(client):
    """The manager's "Your organisation" panel on the dashboard."""
    response = client.get("/admin/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    found = soup.select_one("[data-organisation-manager]")
    assert found is not None
    return found


def words(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_changes_an_editor_asks_for_are_on_the_managers_dashboard_until_approved(
    southwark, southwark_directory, manager, editor
):
    organisation = southwark_directory.organisation
    manager_client = logged_in(southwark, manager)
    editor_client = logged_in(southwark, editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[organisation.pk])

    with time_machine.travel(NOW, tick=False):
        send_for_approval(manager_client, organisation, "We grow food and flowers.")
        sent = panel(manager_client)
        assert [words(li) for li in sent.select("[data-awaiting]")] == ["Brixton Gardeners"]
        assert not sent.select("[data-changes-asked]")

        editor_does(
            editor_client,
            organisation,
            "reject",
            task_state_of(southwark, organisation),
            comment=COMMENT,
        )
        with inside(southwark):
            state = WorkflowState.objects.get(object_id=str(organisation.pk))
            assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

        sent_back = panel(manager_client)
        text = words(sent_back)
        [asked] = sent_back.select("[data-changes-asked]")
        assert "An Editor asked you to change these" in text
        assert "Brixton Gardeners (asked on 3 December 2026, 2:30pm)" in words(asked)
        comment = asked.select_one("[data-editor-comment]")
        assert words(comment) == "Please add the hall's step-free entrance. And say if tea is free."
        assert comment.find("br") is not None, "the Editor's lines are kept"
        assert asked.find("a", href=edit_url) is not None
        assert 'choose "Resubmit to Editorial approval"' in words(asked)
        assert "approved" not in text.replace("Waiting for an Editor's approval", "")
        assert not sent_back.select("[data-awaiting]")
        assert "Nothing is waiting for an Editor." in text

    # The manager changes it and sends it again; the Editor approves it.
    with time_machine.travel(NOW + datetime.timedelta(days=2), tick=False):
        send_for_approval(
            manager_client, organisation, "We grow food and flowers. Step-free; tea is free."
        )
        again = panel(manager_client)
        assert not again.select("[data-changes-asked]"), "sent again: no longer sent back"
        assert [words(li) for li in again.select("[data-awaiting]")] == ["Brixton Gardeners"]

        editor_does(editor_client, organisation, "approve", task_state_of(southwark, organisation))
        approved = panel(manager_client)
        text = words(approved)
        assert not approved.select("[data-changes-asked]")
        assert not approved.select("[data-awaiting]")
        assert "Nothing is waiting for an Editor." in text
        assert [words(li) for li in approved.select("[data-approved]")] == [
            "Brixton Gardeners : approved on 5 December 2026, 2:30pm"
        ]
    with inside(southwark):
        live = OrganisationPage.objects.get(pk=organisation.pk)
        assert live.summary == "We grow food and flowers. Step-free; tea is free."

    # A month later it is no news.
    with time_machine.travel(NOW + datetime.timedelta(days=40), tick=False):
        assert not panel(logged_in(southwark, manager)).select("[data-approved]")


def test_a_manager_never_sees_another_organisations_sent_back_page(
    southwark, southwark_directory, manager, editor
):
    other = southwark_directory.other_organisation
    with inside(southwark):
        other_manager = make_user("singer@example.org")
        grant_organisation_access(other, other_manager)
    send_for_approval(logged_in(southwark, other_manager), other, "A choir for everyone.")
    editor_does(
        logged_in(southwark, editor),
        other,
        "reject",
        task_state_of(southwark, other),
        comment="Say where you meet.",
    )
    mine = panel(logged_in(southwark, manager))
    assert not mine.select("[data-changes-asked]")
    assert "Say where you meet." not in words(mine)
    theirs = panel(logged_in(southwark, other_manager))
    assert "Say where you meet." in words(theirs.select_one("[data-changes-asked]"))
