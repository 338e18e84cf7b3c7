"""Every email about a request to list an organisation reaches its reader in their own
language: each Editor in their admin language, the contact in the language they asked in.

Polish is recognised by words the Polish catalogue already has ("Dzień dobry," for
"Hello,", "Witaj …," for "Hello …,", "nie podano" for "not given")."""

import pytest

from django.core import mail
from django.utils import translation

from sites.core.roles import EDITORS
from sites.core.staff_language import language_of
from sites.directory.factories import OrganisationJoinRequestFactory
from sites.directory.models import OrganisationJoinRequest
from sites.directory.services.join_requests import approve_join_request, decline_join_request
from tests.conftest import client_for, inside
from tests.directory.test_join_requests import JOIN_URL, editor, form_data, make_user
from tests.i18n.helpers import offer

pytestmark = pytest.mark.django_db

__all__ = ["editor"]  # the fixture, used by name


def prefers_polish(user) -> None:
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language="pl")


def test_each_editor_reads_the_request_to_list_in_their_own_language(lambeth, editor):
    with inside(lambeth):
        prefers_polish(make_user("polski.editor@lambeth.example.org", EDITORS))
    response = client_for(lambeth).post(JOIN_URL, form_data(website="", charity_number=""))
    assert response.status_code == 302

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == [
        "directory@lambeth.example.org",
        "editor@lambeth.example.org",
        "polski.editor@lambeth.example.org",
    ]
    assert len(mail.outbox) == 3, "one email each, as before"
    polish = by_address["polski.editor@lambeth.example.org"].body
    assert polish.startswith("Dzień dobry,\n")
    assert "nie podano" in polish and "not given" not in polish
    for english in ("editor@lambeth.example.org", "directory@lambeth.example.org"):
        assert by_address[english].body.startswith("Hello,\n")
        assert "not given" in by_address[english].body


def test_the_language_of_the_page_they_asked_on_is_kept_and_used_for_the_answer(lambeth, editor):
    offer(lambeth, "pl")
    response = client_for(lambeth).post("/pl" + JOIN_URL, form_data())
    assert response.status_code == 302
    (request,) = _requests(lambeth)
    assert request.language == "pl"
    assert mail.outbox[0].body.startswith("Hello,\n"), "the Editors' own language, not hers"
    mail.outbox = []

    with inside(lambeth):
        approval = approve_join_request(request, editor, lambeth)
    assert approval.email_sent
    (email,) = mail.outbox
    assert email.to == ["priya@walkers.example.org"]
    assert email.body.startswith("Witaj Priya Shah,\n")
    assert "/admin/password_reset/" in email.body, "the link to choose a password is kept"
    with inside(lambeth):
        assert language_of(approval.user) == "pl", "their admin and later emails too"


def test_a_declined_contact_is_answered_in_the_language_they_asked_in(lambeth, editor):
    with inside(lambeth):
        request = OrganisationJoinRequestFactory(contact_name="Sam Jones", language="pl")
        assert decline_join_request(request, editor, "Tylko grupy z Lambeth.", lambeth)
    (email,) = mail.outbox
    assert email.body.startswith("Witaj Sam Jones,\n")
    assert "Tylko grupy z Lambeth." in email.body


def test_a_request_from_before_languages_were_kept_is_answered_in_the_boroughs(lambeth, editor):
    lambeth.default_language = "pl"  # this test's copy of the borough only
    with inside(lambeth):
        request = OrganisationJoinRequestFactory(contact_name="Sam Jones", language="")
        decline_join_request(request, editor, "Not in Lambeth.", lambeth)
    (email,) = mail.outbox
    assert email.body.startswith("Witaj Sam Jones,\n")


def test_an_editor_who_prefers_polish_does_not_change_the_contacts_language(lambeth, editor):
    with inside(lambeth):
        prefers_polish(editor)
    with inside(lambeth), translation.override("pl"):  # the Editor's Polish admin
        request = OrganisationJoinRequestFactory(contact_name="Sam Jones", language="en-gb")
        decline_join_request(request, editor, "Not in Lambeth.", lambeth)
    (email,) = mail.outbox
    assert email.body.startswith("Hello Sam Jones,\n")


def test_an_address_already_known_is_told_so_in_the_language_of_the_page(lambeth, editor):
    offer(lambeth, "pl")
    client = client_for(lambeth)
    assert client.post("/pl" + JOIN_URL, form_data(contact_email=editor.email)).status_code == 302
    [has_an_account] = mail.outbox
    assert has_an_account.to == [editor.email]
    assert has_an_account.body.startswith("Dzień dobry,\n")
    assert client.post("/pl" + JOIN_URL, form_data()).status_code == 302  # a first request
    mail.outbox = []
    assert client.post("/pl" + JOIN_URL, form_data(organisation_name="Another")).status_code == 302
    [already_asked] = mail.outbox
    assert already_asked.to == ["priya@walkers.example.org"]
    assert already_asked.body.startswith("Dzień dobry,\n")


def _requests(borough):
    with inside(borough):
        return list(OrganisationJoinRequest.objects.all())
