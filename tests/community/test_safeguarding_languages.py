"""Safeguarding emails reach each reader in their own admin language (their account's
"Preferred language"): the lead who reads Polish gets Polish, an English admin English,
whatever the language of the page that opened the case.

Polish is recognised by words the Polish catalogue already has and by the month, which
Django writes in Polish ("2 marca 2026")."""

import datetime

import pytest
import time_machine

from django.core import mail
from django.core.management import call_command
from django.utils import translation

from sites.community.factories import SafeguardingCaseFactory
from sites.community.services import safeguarding
from sites.core.roles import SAFEGUARDING_LEAD
from tests.conftest import inside

from .conftest import make_staff

pytestmark = pytest.mark.django_db

LEAD = "safeguarding@lambeth.example.org"
OPENED = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def polish_lead(lambeth, settings_for):
    from wagtail.users.models import UserProfile

    settings_for(safeguarding_lead_name="Pat Lead", safeguarding_email=LEAD)
    lead = make_staff(lambeth, LEAD, SAFEGUARDING_LEAD)
    with inside(lambeth):
        UserProfile.get_for_user(lead)
        UserProfile.objects.filter(user=lead).update(preferred_language="pl")
    return lead


def a_case(lambeth):
    with inside(lambeth):
        return SafeguardingCaseFactory(opened_at=OPENED)


def test_a_lead_who_reads_polish_gets_the_new_case_in_polish(lambeth, polish_lead):
    case = a_case(lambeth)
    with inside(lambeth), translation.override("es"):  # the page that opened it: Spanish
        assert safeguarding.send_case_email(case, borough=lambeth)
    [email] = mail.outbox
    assert email.to == [LEAD]
    assert email.subject == "Sprawa ochrony – Connect & Do Lambeth"
    assert "Sprawa ochrony jest otwarta." in email.body
    assert "Otwarta: 2 marca 2026, 09:00" in email.body
    assert f"/admin/community/safeguarding/{case.pk}/" in email.body


def test_a_lead_without_a_preference_gets_english_whatever_the_page(lambeth, settings_for):
    settings_for(safeguarding_email=LEAD)  # an address with no account
    case = a_case(lambeth)
    with inside(lambeth), translation.override("pl"):
        assert safeguarding.send_case_email(case, borough=lambeth)
    [email] = mail.outbox
    assert email.subject == "Safeguarding case – Connect & Do Lambeth"
    assert "Opened: 2 March 2026, 09:00" in email.body


def test_an_overdue_case_reaches_each_reader_once_in_their_own_language(
    lambeth, polish_lead, settings_for
):
    settings_for(safeguarding_escalate_after_hours=2)
    case = a_case(lambeth)
    with time_machine.travel(OPENED + datetime.timedelta(hours=3), tick=False):
        call_command("escalate_safeguarding_cases", borough="lambeth")
        call_command("escalate_safeguarding_cases", borough="lambeth")

    by_reader = {tuple(email.to): email for email in mail.outbox}
    assert sorted(by_reader) == [("admin@lambeth.example.org",), (LEAD,)], "once each"
    polish, english = by_reader[(LEAD,)], by_reader[("admin@lambeth.example.org",)]
    assert polish.subject == "Nadal otwarta: sprawa ochrony – Connect & Do Lambeth"
    assert "Otwarta: 2 marca 2026, 09:00" in polish.body
    assert english.subject == "Still open: safeguarding case – Connect & Do Lambeth"
    assert "more than 2 hours" in english.body
    with inside(lambeth):
        case.refresh_from_db()
        assert case.escalated_at == OPENED + datetime.timedelta(hours=3)
