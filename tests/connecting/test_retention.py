"""Notes encrypted at rest; closed records anonymised after the borough's period; a
person's records exported and erased on request."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from cryptography.fernet import Fernet

from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from sites.connecting.encryption import NotesKeyError
from sites.connecting.factories import (
    ContactFactory,
    GoalFactory,
    ParticipantFactory,
    TeamLeadFactory,
)
from sites.connecting.models import (
    Contact,
    Goal,
    Participant,
    ParticipantAuditEntry,
    Referral,
)
from tests.conftest import inside

from .coaching import PARTICIPANTS, register_swemwbs, signed_in

pytestmark = pytest.mark.django_db

NOTE = "Told me about her late husband Bartholomew and the allotment"


def column(table: str, name: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {name} FROM connecting_{table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_notes_are_encrypted_in_the_table_and_read_back_with_the_key(lambeth):
    with inside(lambeth):
        participant = ParticipantFactory(notes=NOTE)
        contact = ContactFactory(participant=participant, notes=NOTE)
        goal = GoalFactory(participant=participant, text="Visit Bartholomew's allotment")
        for table, name, pk in [
            ("participant", "notes", participant.pk),
            ("contact", "notes", contact.pk),
            ("goal", "text", goal.pk),
        ]:
            stored = column(table, name, pk)
            assert "Bartholomew" not in stored and stored.startswith("gAAAAA"), table
        assert Participant.objects.get(pk=participant.pk).notes == NOTE
        assert Contact.objects.get(pk=contact.pk).notes == NOTE
        # Two saves of the same words give different ciphertext: nothing to compare.
        other = ParticipantFactory(notes=NOTE)
        assert column("participant", "notes", other.pk) != column(
            "participant", "notes", participant.pk
        )
        other_key = [Fernet.generate_key().decode()]
        with override_settings(NOTES_ENCRYPTION_KEYS=other_key), pytest.raises(NotesKeyError):
            Participant.objects.get(pk=participant.pk)


def test_an_old_key_still_reads_after_rotation(lambeth, settings):
    old = settings.NOTES_ENCRYPTION_KEYS
    with inside(lambeth):
        participant = ParticipantFactory(notes=NOTE)
        settings.NOTES_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *old]
        assert Participant.objects.get(pk=participant.pk).notes == NOTE


def closed(lambeth, months_ago: int, now: datetime.datetime) -> Participant:
    with inside(lambeth):
        participant = ParticipantFactory(
            completed=True,
            notes=NOTE,
            started_on=(now - datetime.timedelta(days=30 * months_ago + 90)).date(),
        )
        Participant.objects.filter(pk=participant.pk).update(
            closed_at=now - datetime.timedelta(days=round(30.44 * months_ago))
        )
        ContactFactory(participant=participant, minutes=45, notes=NOTE)
        GoalFactory(participant=participant, text=NOTE)
        return participant


NOW = datetime.datetime(2027, 3, 15, 2, 0, tzinfo=datetime.UTC)


def test_closed_records_are_anonymised_after_the_boroughs_period(lambeth):
    register_swemwbs(lambeth, registered=False)  # the defaults: 24 months
    old = closed(lambeth, 25, NOW)
    recent = closed(lambeth, 23, NOW)
    with inside(lambeth):
        active = ParticipantFactory(notes=NOTE)
    with time_machine.travel(NOW, tick=False):
        out = io.StringIO()
        call_command("anonymise_closed_participants", "--borough", "lambeth", stdout=out)
    assert "lambeth: 1 closed record(s) anonymised" in out.getvalue()
    with inside(lambeth):
        old.refresh_from_db()
        assert old.anonymised_at == NOW and old.first_name == "" and old.notes == ""
        assert Contact.objects.get(participant=old).notes == ""
        assert Contact.objects.get(participant=old).minutes == 45, "counts are kept"
        assert Goal.objects.get(participant=old).text == ""
        referral = Referral.objects.get(pk=old.referral_id)
        assert referral.first_name == referral.contact_detail == referral.help_wanted == ""
        assert referral.kind == "self", "self or professional is still counted"
        for kept in (recent, active):
            kept.refresh_from_db()
            assert kept.anonymised_at is None and kept.notes == NOTE
        assert ParticipantAuditEntry.objects.filter(participant_id=old.pk, action="anonymise")
        # Anonymised records leave the admin.
        lead = TeamLeadFactory()
    assert signed_in(lambeth, lead).get(f"{PARTICIPANTS}edit/{old.pk}/").status_code == 404


def test_a_borough_can_keep_records_for_less_time(lambeth):
    register_swemwbs(lambeth, registered=False, anonymise_after_months=12)
    record = closed(lambeth, 13, NOW)
    with time_machine.travel(NOW, tick=False):
        call_command("anonymise_closed_participants", "--borough", "lambeth", stdout=io.StringIO())
    with inside(lambeth):
        record.refresh_from_db()
        assert record.anonymised_at is not None


@pytest.fixture
def lead_and_record(lambeth):
    with inside(lambeth):
        lead = TeamLeadFactory()
        participant = ParticipantFactory(first_name="Winifred", notes=NOTE)
        ContactFactory(participant=participant, minutes=30, notes="=HYPERLINK(evil)")
    return lead, participant


def test_a_team_lead_exports_a_persons_records(lambeth, lead_and_record):
    lead, participant = lead_and_record
    client = signed_in(lambeth, lead)
    data = json.loads(client.get(f"{PARTICIPANTS}{participant.pk}/export.json").content)
    assert data["participant"]["first_name"] == "Winifred"
    assert data["participant"]["notes"] == NOTE
    assert data["contacts"][0]["minutes"] == 30
    assert data["referral"]["help_wanted"]
    response = client.get(f"{PARTICIPANTS}{participant.pk}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["participant", "1", "notes", NOTE] in rows
    assert ["contacts", "1", "notes", "'=HYPERLINK(evil)"] in rows, "no formula runs"
    assert client.get(f"{PARTICIPANTS}{participant.pk}/export.xml").status_code == 404
    with inside(lambeth):
        assert (
            ParticipantAuditEntry.objects.filter(
                participant_id=participant.pk, action="export", user=lead
            ).count()
            == 2
        )


def test_a_team_lead_erases_a_persons_records_on_request(lambeth, lead_and_record):
    lead, participant = lead_and_record
    client = signed_in(lambeth, lead)
    url = f"{PARTICIPANTS}{participant.pk}/erase/"
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.content.decode()
    with inside(lambeth):
        assert Participant.objects.filter(pk=participant.pk).exists()
    assert client.post(url, {"confirm": "on"}).status_code == 302
    with inside(lambeth):
        assert not Participant.objects.filter(pk=participant.pk).exists()
        assert not Referral.objects.filter(pk=participant.referral_id).exists()
        assert not Contact.objects.filter(participant_id=participant.pk).exists()
        erased = ParticipantAuditEntry.objects.get(participant_id=participant.pk, action="erase")
        assert erased.user == lead
    assert client.get(f"{PARTICIPANTS}edit/{participant.pk}/").status_code == 404
