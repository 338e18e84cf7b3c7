"""Wagtail's own emails about changes sent for approval carry full links to the admin
of the borough the page belongs to, and never another borough's address."""

import re

import pytest

from django.core import mail

from sites.core.roles import EDITORS
from sites.directory.services.organisation_access import grant_organisation_access
from tenants.emails import borough_base_url
from tests.conftest import inside
from tests.directory.conftest import make_user
from tests.directory.test_manager_dashboard import (
    editor_does,
    send_for_approval,
    task_state_of,
)
from tests.directory.test_organisation_access import logged_in

pytestmark = pytest.mark.django_db


def every_link(message) -> list[str]:
    """Every address in the email, in its text and in its HTML."""
    html = "".join(content for content, kind in message.alternatives if kind == "text/html")
    text_links = re.findall(r"(?:https?://\S+|(?<![\w/])/admin/\S*)", message.body)
    html_links = re.findall(r'(?:href|src)="([^"]+)"', html)
    return text_links + html_links


def assert_only_borough_links(message, base: str, other_host: str):
    links = every_link(message)
    assert links, message.body
    admin_links = [link for link in links if "/admin/" in link]
    assert admin_links, message.body
    for link in links:
        assert link.startswith(base + "/") or link.startswith("mailto:"), link
    html = "".join(content for content, _ in message.alternatives)
    assert other_host not in message.body + html


@pytest.fixture
def people(southwark, southwark_directory):
    with inside(southwark):
        manager = make_user("manager@gardeners.example.org")
        grant_organisation_access(southwark_directory.organisation, manager)
        editor = make_user("editor@southwark.example.org", EDITORS)
    return manager, editor


def test_workflow_emails_link_to_the_pages_own_borough(
    southwark, lambeth, southwark_directory, people
):
    manager, editor = people
    organisation = southwark_directory.organisation
    base = borough_base_url(southwark)
    assert re.fullmatch(r"https?://southwark\.localhost(:\d+)?", base)
    other_host = lambeth.primary_host
    manager_client = logged_in(southwark, manager)
    editor_client = logged_in(southwark, editor)

    send_for_approval(manager_client, organisation, "We grow food and flowers.")
    [to_editor] = [message for message in mail.outbox if message.to == [editor.email]]
    assert f"{base}/admin/pages/workflow/preview/{organisation.pk}/" in to_editor.body
    assert f"{base}/admin/pages/{organisation.pk}/edit/" in to_editor.body
    assert_only_borough_links(to_editor, base, other_host)

    mail.outbox = []
    comment = "Please say where the garden is."
    editor_does(
        editor_client,
        organisation,
        "reject",
        task_state_of(southwark, organisation),
        comment=comment,
    )
    [to_manager] = mail.outbox
    assert to_manager.to == [manager.email]
    assert to_manager.subject == 'An Editor asked for changes to "Brixton Gardeners"'
    assert 'asked for changes to "Brixton Gardeners" before it goes on the website' in (
        to_manager.body
    )
    assert f"What they wrote:\n{comment}" in to_manager.body
    assert "rejected" not in to_manager.subject + to_manager.body
    [html] = [content for content, kind in to_manager.alternatives if kind == "text/html"]
    assert comment in html and "rejected" not in html
    assert f"{base}/admin/pages/{organisation.pk}/edit/" in to_manager.body
    assert_only_borough_links(to_manager, base, other_host)

    mail.outbox = []
    send_for_approval(manager_client, organisation, "We grow food and flowers on Bankside.")
    editor_does(editor_client, organisation, "approve", task_state_of(southwark, organisation))
    [approved] = [message for message in mail.outbox if message.to == [manager.email]]
    assert f"{base}/organisations/brixton-gardeners/" in approved.body
    assert_only_borough_links(approved, base, other_host)


def test_each_borough_s_emails_carry_its_own_address(lambeth, lambeth_directory, southwark):
    with inside(lambeth):
        manager = make_user("manager@gardeners.example.org")
        grant_organisation_access(lambeth_directory.organisation, manager)
        editor = make_user("editor@lambeth.example.org", EDITORS)
    send_for_approval(logged_in(lambeth, manager), lambeth_directory.organisation, "We grow food.")
    [to_editor] = [message for message in mail.outbox if message.to == [editor.email]]
    assert_only_borough_links(to_editor, borough_base_url(lambeth), southwark.primary_host)
