"""Wagtail's own emails (workflow notifications) say the language they are written in, as
ours do (a ``Content-Language`` header; sites/core/email_backend.py): Wagtail writes the
subject and text in each reader's admin language ("Preferred language"), and so is the
HTML part now (our copy of its base template), not in that of whoever caused the email.

Each reader's language is recognised by the greeting, in Wagtail's own words for it."""

import pytest

from django.core import mail
from django.utils import translation

from wagtail.users.models import UserProfile

from tests.conftest import inside
from tests.directory.test_manager_dashboard import editor_does, send_for_approval, task_state_of
from tests.directory.test_organisation_access import logged_in
from tests.directory.test_workflow_emails import people  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def prefers(borough, user, language: str) -> None:
    with inside(borough):
        UserProfile.get_for_user(user)
        UserProfile.objects.filter(user=user).update(preferred_language=language)


def html_of(message) -> str:
    [html] = [content for content, kind in message.alternatives if kind == "text/html"]
    return html


def greeting(language: str, user) -> str:
    with translation.override(language):
        return translation.gettext("Hello %(username)s,") % {"username": user.get_username()}


def test_each_reader_gets_the_header_of_the_language_wagtail_wrote_in(
    southwark,
    southwark_directory,
    people,  # noqa: F811
):
    manager, editor = people
    prefers(southwark, editor, "pl")
    prefers(southwark, manager, "es")
    organisation = southwark_directory.organisation

    send_for_approval(logged_in(southwark, manager), organisation, "We grow food and flowers.")
    [to_editor] = [message for message in mail.outbox if message.to == [editor.email]]
    assert to_editor.message()["Content-Language"] == "pl"
    polish = greeting("pl", editor)
    assert polish != greeting("en", editor), "Wagtail's catalogue has the greeting"
    assert polish in to_editor.body
    assert '<html lang="pl"' in html_of(to_editor), "the HTML too, not Spanish"
    assert polish in html_of(to_editor)

    mail.outbox = []
    editor_does(
        logged_in(southwark, editor),
        organisation,
        "reject",
        task_state_of(southwark, organisation),
        comment="Say where the garden is.",
    )
    [to_manager] = mail.outbox
    assert to_manager.message()["Content-Language"] == "es"
    assert greeting("es", manager) in to_manager.body
    assert '<html lang="es"' in html_of(to_manager), "the HTML too, not Polish"


def test_a_reader_without_a_preference_gets_the_platform_s_language(
    southwark,
    southwark_directory,
    people,  # noqa: F811
):
    manager, editor = people
    send_for_approval(logged_in(southwark, manager), southwark_directory.organisation, "Food.")
    [to_editor] = [message for message in mail.outbox if message.to == [editor.email]]
    assert to_editor.message()["Content-Language"] == "en-GB"
    assert to_editor.body.lstrip().startswith(greeting("en-gb", editor))


def test_any_other_email_without_a_header_says_the_language_it_was_sent_in(lambeth):
    with inside(lambeth), translation.override("so"):
        mail.send_mail("Subject", "Words", "from@example.org", ["someone@example.org"])
    [sent] = mail.outbox
    assert sent.message()["Content-Language"] == "so"
