"""Community Connecting's emails reach each reader in their own language: the team lead
in their admin language ("Preferred language"), the person asking in the language of
the form's page.

Polish is recognised by words the Polish catalogue already has ("Dzień dobry," for
"Hello,") and by dates, which Django writes in Polish ("środa 23 grudnia 2026")."""

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from sites.connecting.factories import ReferralFactory
from sites.core.roles import CONNECTING_TEAM_LEADS
from tests.conftest import client_for, inside
from tests.i18n.helpers import offer

from .test_public_forms import SELF_URL, self_data
from .test_reminders import at, remind

pytestmark = pytest.mark.django_db

POLISH_LEAD = "lider@lambeth.example.org"
ENGLISH_LEAD = "lead@lambeth.example.org"


@pytest.fixture
def team_leads(lambeth):
    """Two team leads: one reads the admin in Polish, one has no preference (English)."""
    from wagtail.users.models import UserProfile

    with inside(lambeth):
        for email in (POLISH_LEAD, ENGLISH_LEAD):
            user = get_user_model().objects.create_user(username=email, email=email)
            user.groups.add(Group.objects.get(name=CONNECTING_TEAM_LEADS))
        polish = get_user_model().objects.get(email=POLISH_LEAD)
        UserProfile.get_for_user(polish)
        UserProfile.objects.filter(user=polish).update(preferred_language="pl")


def by_reader():
    return {tuple(message.to): message for message in mail.outbox}


def test_a_new_referral_reaches_each_team_lead_in_their_language(lambeth, team_leads):
    response = client_for(lambeth).post(SELF_URL, self_data())  # the English form
    assert response.status_code == 302
    emails = by_reader()
    assert emails[(POLISH_LEAD,)].body.startswith("Dzień dobry,\n")
    assert emails[(ENGLISH_LEAD,)].body.startswith("Hello,\n")
    assert emails[("ada@example.org",)].body.startswith("Hello,\n"), "the form's language"


def test_someone_asking_on_the_polish_form_is_answered_in_polish(lambeth, team_leads):
    offer(lambeth, "pl")
    response = client_for(lambeth).post("/pl" + SELF_URL, self_data())
    assert response.status_code == 302
    emails = by_reader()
    assert emails[("ada@example.org",)].body.startswith("Dzień dobry,\n")
    assert emails[(ENGLISH_LEAD,)].body.startswith("Hello,\n"), "the lead's, not the page's"


def test_the_reminder_reaches_each_team_lead_once_in_their_language(lambeth, team_leads):
    with time_machine.travel(at(23, 12, 2026, 15), tick=False), inside(lambeth):
        ReferralFactory()
    with time_machine.travel(at(6, 1, 2027, 7), tick=False):
        assert "lambeth: 1 referral(s) reminded" in remind()
        assert "0 referral(s) reminded" in remind()
    emails = by_reader()
    assert sorted(emails) == [(ENGLISH_LEAD,), (POLISH_LEAD,)]
    assert len(mail.outbox) == 2, "once each"
    assert "środa 23 grudnia 2026" in emails[(POLISH_LEAD,)].body
    assert "Wednesday 23 December 2026" in emails[(ENGLISH_LEAD,)].body


def test_a_reminder_that_reached_one_lead_is_sent_next_run_only_to_the_other(
    lambeth, team_leads, settings
):
    """The Polish lead's mail server refuses, the English lead's email goes: the next run
    sends to the Polish lead only, then the referral counts as reminded."""
    from tests import refusing_mail

    with time_machine.travel(at(23, 12, 2026, 15), tick=False), inside(lambeth):
        ReferralFactory()
    settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"
    refusing_mail.REFUSED.add(POLISH_LEAD)
    try:
        with time_machine.travel(at(6, 1, 2027, 7), tick=False):
            assert "0 referral(s) reminded" in remind()
    finally:
        refusing_mail.REFUSED.discard(POLISH_LEAD)
    assert [message.to for message in mail.outbox] == [[ENGLISH_LEAD]]

    with time_machine.travel(at(6, 1, 2027, 8), tick=False):
        assert "lambeth: 1 referral(s) reminded" in remind()
        assert "0 referral(s) reminded" in remind()
    assert [message.to for message in mail.outbox] == [[ENGLISH_LEAD], [POLISH_LEAD]]
    assert mail.outbox[1].body.startswith("Dzień dobry,\n")
