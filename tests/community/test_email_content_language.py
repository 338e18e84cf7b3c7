"""Every email says the language it is written in (a ``Content-Language`` header), so a
mail program or a screen reader reads it in the right voice: members' emails in the
member's language, staff emails in each reader's admin language (tenants/emails.py)."""

import datetime

import pytest
import time_machine

from django.core import mail
from django.core.management import call_command
from django.utils import translation

from sites.community.factories import SafeguardingCaseFactory
from tests.conftest import client_for, inside

from .conftest import human, make_member
from .test_accounts import sign_up_data
from .test_safeguarding_languages import LEAD, OPENED, polish_lead  # noqa: F401

pytestmark = pytest.mark.django_db


def content_language(email) -> str:
    return email.message()["Content-Language"]


@pytest.mark.parametrize(("language", "header"), [("pl", "pl"), ("en-gb", "en-GB")])
def test_a_members_email_names_the_members_language(lambeth, language, header):
    member = make_member(lambeth, language=language)
    client_for(lambeth).post("/account/sign-up/", sign_up_data(email=member.email))
    [told] = mail.outbox
    assert content_language(told) == header


def test_a_password_reset_names_the_members_language_not_the_pages(lambeth):
    member = make_member(lambeth, language="pl")
    client = client_for(lambeth)
    client.post("/account/password/forgotten/", human({"email": member.email}))
    [reset] = mail.outbox
    assert reset.body.startswith("Dzień dobry,")
    assert content_language(reset) == "pl"


@pytest.mark.usefixtures("polish_lead")
def test_each_staff_reader_gets_a_header_for_their_own_language(lambeth, settings_for):
    settings_for(safeguarding_escalate_after_hours=2)
    with inside(lambeth):
        SafeguardingCaseFactory(opened_at=OPENED)
    with (
        time_machine.travel(OPENED + datetime.timedelta(hours=3), tick=False),
        translation.override("es"),  # whatever language the command ran in
    ):
        call_command("escalate_safeguarding_cases", borough="lambeth")
    by_reader = {tuple(email.to): content_language(email) for email in mail.outbox}
    assert by_reader == {(LEAD,): "pl", ("admin@lambeth.example.org",): "en-GB"}
