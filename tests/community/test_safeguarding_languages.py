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

from .conftest import make_member, make_staff, make_thread, page_text, signed_in

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


# --- What was reported: our words in the reader's language, the member's words as written ---

POST = "Nie dam rady dłużej. I can't cope any more."


def a_case_opened_in_english(lambeth):
    """A case opened from a real report while the page was in English."""
    from sites.community.factories import ReportFactory

    author, reporter = make_member(lambeth), make_member(lambeth)
    thread, post = make_thread(lambeth, author, body=POST, title="Bad days")
    with inside(lambeth), translation.override("en"):
        report = ReportFactory(
            post=post, reported_member=author, reporter=reporter, reason="safety", details=""
        )
        return safeguarding.open_case(report)


def test_what_was_reported_is_written_in_the_readers_language_and_quotes_the_post(
    lambeth, polish_lead
):
    case = a_case_opened_in_english(lambeth)
    with inside(lambeth):
        assert safeguarding.send_case_email(case, borough=lambeth)
    [email] = mail.outbox
    assert "Ktoś może być w niebezpieczeństwie" in email.body, "the reason, in Polish"
    assert "Someone may be at risk of harm" not in email.body
    assert POST in email.body and "Bad days" in email.body, "the member's words as written"

    page = signed_in(lambeth, polish_lead).get(f"/admin/community/safeguarding/{case.pk}/")
    assert "Ktoś może być w niebezpieczeństwie" in page_text(page)
    assert POST in page_text(page)


def test_an_english_reader_reads_what_was_reported_in_english(lambeth, settings_for):
    settings_for(safeguarding_email=LEAD)  # no account: the platform's language
    case = a_case_opened_in_english(lambeth)
    with inside(lambeth), translation.override("pl"):
        assert safeguarding.send_case_email(case, borough=lambeth)
    [email] = mail.outbox
    assert "Reason: Someone may be at risk of harm" in email.body
    assert f"In the discussion: Bad days\nThe post: {POST}" in email.body


def test_a_case_opened_before_keeps_its_stored_words(lambeth, settings_for):
    settings_for(safeguarding_email=LEAD)
    with inside(lambeth):
        case = SafeguardingCaseFactory(opened_at=OPENED, summary="Reason: stored long ago")
        assert safeguarding.send_case_email(case, borough=lambeth)
    assert "Reason: stored long ago" in mail.outbox[0].body


def test_an_escalation_that_reached_only_some_readers_is_sent_next_run_only_to_the_others(
    lambeth, polish_lead, settings_for, settings
):
    """The Polish lead's mail server refuses, the English admin's email goes: the next run
    sends to the lead only (never a second email to the admin), then marks it escalated."""
    from tests import refusing_mail

    settings_for(safeguarding_escalate_after_hours=2)
    case = a_case(lambeth)
    settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"
    later = OPENED + datetime.timedelta(hours=3)
    refusing_mail.REFUSED.add(LEAD)
    try:
        with time_machine.travel(later, tick=False):
            call_command("escalate_safeguarding_cases", borough="lambeth")
    finally:
        refusing_mail.REFUSED.discard(LEAD)
    assert [email.to for email in mail.outbox] == [["admin@lambeth.example.org"]]
    with inside(lambeth):
        case.refresh_from_db()
        assert case.escalated_at is None, "tried again next run"

    with time_machine.travel(later + datetime.timedelta(minutes=15), tick=False):
        call_command("escalate_safeguarding_cases", borough="lambeth")
        call_command("escalate_safeguarding_cases", borough="lambeth")
    assert [email.to for email in mail.outbox] == [["admin@lambeth.example.org"], [LEAD]]
    assert mail.outbox[1].subject.startswith("Nadal otwarta")
    with inside(lambeth):
        case.refresh_from_db()
        assert case.escalated_at == later + datetime.timedelta(minutes=15)
