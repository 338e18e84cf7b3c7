"""Referrals in the admin, once a coaching record is opened from one: as private as the
record (its coach and the team leads only), moving with the record, and every opening
written in the record's audit log."""

import pytest

from sites.connecting.factories import CoachFactory, ParticipantFactory, ReferralFactory
from sites.connecting.models import ParticipantAuditEntry, Referral
from sites.core.roles import CONNECTING_TEAM_LEADS
from tests.conftest import inside

from .coaching import PARTICIPANTS, signed_in, user_in

pytestmark = pytest.mark.django_db

REFERRALS = "/admin/referrals/"


@pytest.fixture
def team(lambeth):
    with inside(lambeth):
        alice, bob = CoachFactory(), CoachFactory()
        return {
            "alice": alice,
            "bob": bob,
            "queue": ReferralFactory(first_name="Araminta"),
            "mine": ParticipantFactory(coach=alice, referral__first_name="Quentin"),
            "theirs": ParticipantFactory(coach=bob, referral__first_name="Ottoline"),
        }


def edit(referral_id: int) -> str:
    return f"{REFERRALS}edit/{referral_id}/"


def test_a_coach_reads_the_queue_and_their_own_peoples_referrals_only(lambeth, team):
    client = signed_in(lambeth, team["alice"])
    listing = client.get(REFERRALS).content.decode()
    assert "Araminta" in listing and "Quentin" in listing
    assert "Ottoline" not in listing
    theirs = edit(team["theirs"].referral_id)
    assert client.get(theirs).status_code == 404
    closing = {"status": "closed", "close_reason": "declined"}
    assert client.post(theirs, closing).status_code == 404
    with inside(lambeth):
        referral = Referral.objects.get(pk=team["theirs"].referral_id)
        assert referral.status == Referral.Status.IN_COACHING, "nothing changed"
    # The team lead reads them all.
    lead = signed_in(lambeth, user_in(lambeth, CONNECTING_TEAM_LEADS, "lead"))
    assert "Ottoline" in lead.get(REFERRALS).content.decode()
    assert lead.get(theirs).status_code == 200


def test_a_referral_with_a_record_moves_with_the_record(lambeth, team):
    client = signed_in(lambeth, team["alice"])
    mine = edit(team["mine"].referral_id)
    for status in ({"status": "closed", "close_reason": "declined"}, {"status": "new"}):
        refused = client.post(mine, status)
        assert refused.status_code == 200
        assert "it moves with the record" in refused.content.decode()
    with inside(lambeth):
        referral = Referral.objects.get(pk=team["mine"].referral_id)
        assert referral.status == Referral.Status.IN_COACHING


def test_opening_a_referral_with_a_record_is_in_the_records_audit_log(lambeth, team):
    client = signed_in(lambeth, team["alice"])
    assert client.get(edit(team["mine"].referral_id)).status_code == 200
    assert client.get(edit(team["queue"].pk)).status_code == 200
    with inside(lambeth):
        entry = ParticipantAuditEntry.objects.get(participant_id=team["mine"].pk)
        assert entry.action == "view" and entry.user == team["alice"]
        assert entry.detail == f"referral {team['mine'].referral_id}"


def test_each_name_in_the_lists_links_to_its_page(lambeth, team):
    client = signed_in(lambeth, team["alice"])
    referrals = client.get(REFERRALS).content.decode()
    assert f'href="{edit(team["queue"].pk)}"' in referrals
    participants = client.get(PARTICIPANTS).content.decode()
    assert f'href="{PARTICIPANTS}edit/{team["mine"].pk}/"' in participants


def test_the_record_leads_to_its_referral_with_the_ways_to_get_in_touch(lambeth, team):
    client = signed_in(lambeth, team["alice"])
    record = client.get(f"{PARTICIPANTS}edit/{team['mine'].pk}/").content.decode()
    assert f'href="{edit(team["mine"].referral_id)}"' in record
    assert "How to get in touch (the referral)" in record


def test_wagtails_history_and_usage_pages_of_a_referral_are_closed(lambeth, team):
    from django.urls import reverse

    client = signed_in(lambeth, team["alice"])
    pk = team["theirs"].referral_id
    for name in ("history", "usage"):
        assert client.get(reverse(f"referrals:{name}", args=[pk])).status_code == 404, name
    with inside(lambeth):
        assert "Ottoline" not in str(Referral.objects.get(pk=pk)), "titles reach the history"
