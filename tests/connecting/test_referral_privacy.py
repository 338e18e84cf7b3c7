"""A referral that never became a coaching record: its details deleted on request or
after the borough's period, every opening and refusal in the audit log, no bulk exports,
and no link on the referral's page that leads nowhere."""

import datetime
import io
import re

import pytest
import time_machine

from django.core.management import call_command

from sites.connecting import retention
from sites.connecting.factories import (
    CoachFactory,
    ParticipantFactory,
    ReferralFactory,
    TeamLeadFactory,
)
from sites.connecting.models import ParticipantAuditEntry, Referral
from sites.directory.models import Interest
from tests.conftest import inside

from .coaching import PARTICIPANTS, register_swemwbs, signed_in

pytestmark = pytest.mark.django_db

REFERRALS = "/admin/referrals/"
NOW = datetime.datetime(2027, 3, 15, 2, 0, tzinfo=datetime.UTC)


def edit(pk: int) -> str:
    return f"{REFERRALS}edit/{pk}/"


def forget(pk: int) -> str:
    return f"{REFERRALS}{pk}/delete-details/"


def entries(**where):
    return list(ParticipantAuditEntry.objects.filter(**where).order_by("pk"))


@pytest.fixture
def people(lambeth):
    with inside(lambeth):
        alice, bob = CoachFactory(), CoachFactory()
        interest = Interest.objects.create(name="Allotments")
        declined = ReferralFactory(
            professional=True,
            first_name="Philomena",
            contact_detail="07700 900555",
            help_wanted="Wants company after losing Bartholomew",
            support_needed="Wheelchair user",
            reason="Bereaved and alone",
            language="so",
        )
        declined.interests.add(interest)
        return {
            "lead": TeamLeadFactory(),
            "alice": alice,
            "declined": declined,
            "theirs": ParticipantFactory(coach=bob),
        }


def assert_forgotten(referral: Referral) -> None:
    referral.refresh_from_db()
    for name in retention.REFERRAL_PERSONAL:
        assert getattr(referral, name) == "", name
    assert not referral.interests.exists()
    assert referral.anonymised_at is not None


# --- 1. Deleting the details of a referral without a record ------------------------------


def test_the_service_empties_the_personal_details_and_keeps_what_is_counted(lambeth, people):
    with inside(lambeth):
        referral = people["declined"]
        received = referral.created_at
        assert referral.status == Referral.Status.NEW and referral.contacted_at is None
        retention.anonymise_referral(referral, by=people["lead"], now=NOW)
        assert_forgotten(referral)
        assert referral.contacted_at is None, "closed, but nobody was contacted (review)"
        assert referral.kind == Referral.Kind.PROFESSIONAL and referral.created_at == received
        assert referral.status == Referral.Status.CLOSED, "nobody can get in touch any more"
        assert referral.close_reason == Referral.CloseReason.OTHER and referral.closed_at == NOW
        [line] = entries(referral_id=referral.pk)
        assert (line.action, line.user, line.participant_id) == ("anonymise", people["lead"], None)
        # A referral with a record goes with the record, never on its own.
        with pytest.raises(retention.HasRecord):
            retention.anonymise_referral(people["theirs"].referral)
        assert Referral.objects.get(pk=people["theirs"].referral_id).first_name


def test_a_team_lead_deletes_a_persons_details_after_reading_what_goes(lambeth, people):
    referral = people["declined"]
    client = signed_in(lambeth, people["lead"])
    page = client.get(edit(referral.pk)).content.decode()
    assert f'href="{forget(referral.pk)}"' in page
    confirm = client.get(forget(referral.pk)).content.decode()
    assert "What is deleted" in confirm and "What is kept" in confirm
    assert "postcode district" in confirm and "self-referral or a professional" in confirm
    assert "Philomena" not in confirm, "the page names no one"
    unconfirmed = client.post(forget(referral.pk), {})
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.content.decode()
    with inside(lambeth):
        assert Referral.objects.get(pk=referral.pk).first_name == "Philomena", "nothing changed"
    assert client.post(forget(referral.pk), {"confirm": "on"}).status_code == 302
    with inside(lambeth):
        assert_forgotten(referral)
        actions = [(e.action, e.user) for e in entries(referral_id=referral.pk)]
        assert ("anonymise", people["lead"]) in actions
    # It leaves the admin, like an anonymised record.
    assert client.get(edit(referral.pk)).status_code == 404
    assert "Philomena" not in client.get(REFERRALS).content.decode()


def test_only_a_team_lead_deletes_details_and_never_of_a_referral_with_a_record(lambeth, people):
    referral = people["declined"]
    coach = signed_in(lambeth, people["alice"])
    assert forget(referral.pk) not in coach.get(edit(referral.pk)).content.decode()
    assert coach.post(forget(referral.pk), {"confirm": "on"}).status_code == 302  # dashboard
    lead = signed_in(lambeth, people["lead"])
    with_record = people["theirs"].referral_id
    assert forget(with_record) not in lead.get(edit(with_record)).content.decode()
    refused = lead.post(forget(with_record), {"confirm": "on"})
    assert refused.status_code == 400 and "has a coaching record" in refused.content.decode()
    with inside(lambeth):
        assert Referral.objects.get(pk=referral.pk).first_name == "Philomena"
        assert Referral.objects.get(pk=with_record).anonymised_at is None


def closed_referral(lambeth, months_ago: int, reason: str) -> Referral:
    with inside(lambeth):
        referral = ReferralFactory(status="closed", close_reason=reason)
        Referral.objects.filter(pk=referral.pk).update(
            closed_at=NOW - datetime.timedelta(days=round(30.44 * months_ago))
        )
        return referral


def test_closed_referrals_without_a_record_are_anonymised_after_the_period(lambeth):
    register_swemwbs(lambeth, registered=False)  # the defaults: 24 months
    old = [closed_referral(lambeth, 25, r) for r in ("declined", "could-not-be-reached")]
    recent = closed_referral(lambeth, 23, "moved-away")
    with inside(lambeth):
        waiting = ReferralFactory()
        record = ParticipantFactory()
    with time_machine.travel(NOW, tick=False):
        out = io.StringIO()
        call_command("anonymise_closed_participants", "--borough", "lambeth", stdout=out)
    assert "2 closed referral(s) without a record anonymised" in out.getvalue()
    with inside(lambeth):
        for referral in old:
            assert_forgotten(referral)
            assert entries(referral_id=referral.pk, action="anonymise", user=None)
        for kept in (recent, waiting, record.referral):
            kept.refresh_from_db()
            assert kept.anonymised_at is None and kept.first_name, kept.pk


# --- 3. The audit log: referral openings and refused attempts ----------------------------


def test_opening_a_referral_without_a_record_is_audited(lambeth, people):
    referral = people["declined"]
    assert signed_in(lambeth, people["alice"]).get(edit(referral.pk)).status_code == 200
    with inside(lambeth):
        [line] = entries(referral_id=referral.pk)
        assert (line.action, line.user, line.participant_id) == ("view", people["alice"], None)
        assert line.detail == f"referral {referral.pk}"


def test_refused_attempts_are_audited_without_content(lambeth, people):
    alice = signed_in(lambeth, people["alice"])
    theirs = people["theirs"]
    assert alice.get(f"{PARTICIPANTS}edit/{theirs.pk}/").status_code == 404
    assert alice.get(edit(theirs.referral_id)).status_code == 404
    assert alice.get(f"{PARTICIPANTS}{theirs.pk}/swemwbs/").status_code == 404
    assert alice.get(f"{PARTICIPANTS}{theirs.pk}/erase/").status_code == 302  # leads only
    assert alice.get(f"{PARTICIPANTS}edit/99999999999999999999999/").status_code == 404
    with inside(lambeth):
        refused = entries(action="refused", user=people["alice"])
        assert [(e.participant_id, e.referral_id, e.detail) for e in refused] == [
            (theirs.pk, None, "record page"),
            (None, theirs.referral_id, "referral page"),
            (theirs.pk, None, "swemwbs page"),
            (theirs.pk, None, "erase page"),
            (None, None, "record page"),
        ]
        assert all(e.username == people["alice"].username for e in refused)
        assert not entries(action="view", participant_id=theirs.pk)


def test_the_audit_log_lists_a_referrals_lines(lambeth, people):
    referral = people["declined"]
    lead = signed_in(lambeth, people["lead"])
    lead.get(edit(referral.pk))
    page = lead.get(f"{PARTICIPANTS}audit/?referral={referral.pk}").content.decode()
    assert page.count("data-audit-entry") == 1 and f"referral {referral.pk}" in page


# --- 4. No bulk exports --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"{REFERRALS}?export=csv",
        f"{REFERRALS}?export=xlsx",
        f"{PARTICIPANTS}?export=csv",
        f"{PARTICIPANTS}?export=xlsx",
        f"{REFERRALS}results/?export=csv",
    ],
)
def test_the_hidden_spreadsheet_exports_are_refused(lambeth, people, url):
    response = signed_in(lambeth, people["lead"]).get(url)
    assert response.status_code == 404
    assert "Philomena" not in response.content.decode()


# --- 5. Every link on the referral's page leads somewhere ---------------------------------


@pytest.mark.parametrize("who", ["lead", "alice"])
def test_no_link_on_the_referral_page_answers_404(lambeth, people, who):
    client = signed_in(lambeth, people[who])
    page = client.get(edit(people["declined"].pk)).content.decode()
    links = set(re.findall(r'href="(/admin/(?:referrals|participants)/[^"]*)"', page))
    assert links, "the page has links of its own"
    assert not any("/history/" in link or "/usage/" in link for link in links)
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code != 404, link
