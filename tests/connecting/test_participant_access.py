"""Who sees coaching records, URL by URL: a coach only their own, a team lead the
borough's, nobody else in the borough, nobody in another borough; every opening is in
the audit log; nothing reaches search, the API or the reference index."""

import pytest

from wagtail.models import ReferenceIndex, Site
from wagtail.test.utils.form_data import inline_formset

from sites.connecting.factories import (
    ActivityTriedFactory,
    CoachFactory,
    ContactFactory,
    ParticipantFactory,
    ReferralFactory,
    TeamLeadFactory,
)
from sites.connecting.models import Participant, ParticipantAuditEntry, Referral
from sites.core.roles import (
    BOROUGH_ADMINS,
    COACHES,
    EDITORS,
    MODERATORS,
    ORGANISATION_MANAGERS,
    SAFEGUARDING_LEAD,
)
from tests.conftest import client_for, inside

from .coaching import PARTICIPANTS, record_form, register_swemwbs, signed_in, user_in

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Zanzibar-note: afraid of the bus since the fall"


def record_urls(pk: int) -> list[str]:
    base = f"{PARTICIPANTS}{pk}/"
    return [
        f"{PARTICIPANTS}edit/{pk}/",
        f"{base}swemwbs/",
        f"{base}follow-up/",
        f"{base}link/",
        # Wagtail's generic views, switched off for participants.
        f"{PARTICIPANTS}history/{pk}/",
        f"{PARTICIPANTS}usage/{pk}/",
        f"{PARTICIPANTS}delete/{pk}/",
    ]


def lead_urls(pk: int) -> list[str]:
    base = f"{PARTICIPANTS}{pk}/"
    return [f"{base}export.json", f"{base}export.csv", f"{base}erase/"]


# Refused: Wagtail turns "permission denied" into a redirect to the dashboard (302).
REFUSED = (302, 403)


@pytest.fixture
def journeys(lambeth):
    register_swemwbs(lambeth)
    with inside(lambeth):
        alice, bob = CoachFactory(), CoachFactory()
        mine = ParticipantFactory(coach=alice, first_name="Quentin", notes=SECRET_NOTE)
        theirs = ParticipantFactory(coach=bob, first_name="Ottoline")
        return {"alice": alice, "bob": bob, "mine": mine, "theirs": theirs}


def test_a_coach_sees_and_opens_only_their_own_participants(lambeth, journeys):
    client = signed_in(lambeth, journeys["alice"])
    listing = client.get(PARTICIPANTS).content.decode()
    assert "Quentin" in listing and "Ottoline" not in listing
    assert client.get(f"{PARTICIPANTS}edit/{journeys['mine'].pk}/").status_code == 200
    for url in record_urls(journeys["theirs"].pk):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"confirm": "on"}).status_code == 404, url
    for url in lead_urls(journeys["theirs"].pk):
        assert client.get(url).status_code in REFUSED, url
        assert client.post(url, {"confirm": "on"}).status_code in REFUSED, url
    with inside(lambeth):
        assert Participant.objects.filter(pk=journeys["theirs"].pk).exists()


def test_a_coach_cannot_export_erase_or_read_the_audit_log(lambeth, journeys):
    client = signed_in(lambeth, journeys["alice"])
    pk = journeys["mine"].pk
    for url in lead_urls(pk):
        response = client.get(url)
        assert response.status_code in REFUSED and "Quentin" not in response.content.decode()
    assert client.post(f"{PARTICIPANTS}{pk}/erase/", {"confirm": "on"}).status_code in REFUSED
    assert client.get(f"{PARTICIPANTS}audit/").status_code in REFUSED
    with inside(lambeth):
        assert Participant.objects.filter(pk=pk).exists()


def test_a_team_lead_sees_every_participant_of_the_borough(lambeth, journeys):
    with inside(lambeth):
        lead = TeamLeadFactory()
    client = signed_in(lambeth, lead)
    listing = client.get(PARTICIPANTS).content.decode()
    assert "Quentin" in listing and "Ottoline" in listing
    for key in ("mine", "theirs"):
        pk = journeys[key].pk
        assert client.get(f"{PARTICIPANTS}edit/{pk}/").status_code == 200
        assert client.get(f"{PARTICIPANTS}{pk}/export.json").status_code == 200
    assert client.get(f"{PARTICIPANTS}audit/").status_code == 200


@pytest.mark.parametrize(
    "group", [EDITORS, MODERATORS, ORGANISATION_MANAGERS, SAFEGUARDING_LEAD, BOROUGH_ADMINS, None]
)
def test_nobody_else_in_the_borough_sees_anything(lambeth, journeys, group):
    client = signed_in(lambeth, user_in(lambeth, group, "other"))
    assert "Participants" not in client.get("/admin/").content.decode()
    for url in [PARTICIPANTS, f"{PARTICIPANTS}open/", f"{PARTICIPANTS}audit/"]:
        assert client.get(url).status_code in (302, 403), url
    for url in record_urls(journeys["mine"].pk) + lead_urls(journeys["mine"].pk):
        response = client.get(url)
        assert response.status_code in (*REFUSED, 404), url
        assert "Quentin" not in response.content.decode()


def test_even_a_superuser_sees_nothing_without_joining_the_team(lambeth, journeys):
    with inside(lambeth):
        root = CoachFactory.build().__class__.objects.create_superuser(
            "root@lambeth.example.org", "root@lambeth.example.org", "pw-0123456789"
        )
    client = signed_in(lambeth, root)
    assert "Quentin" not in client.get(PARTICIPANTS).content.decode()
    for url in record_urls(journeys["mine"].pk) + lead_urls(journeys["mine"].pk):
        response = client.get(url)
        assert response.status_code in (*REFUSED, 404), url
        assert "Quentin" not in response.content.decode()


def test_another_borough_sees_nothing(lambeth, southwark, journeys):
    southwark_coach = user_in(southwark, COACHES, "coach")
    client = signed_in(southwark, southwark_coach)
    assert "Quentin" not in client.get(PARTICIPANTS).content.decode()
    for url in record_urls(journeys["mine"].pk):
        assert client.get(url).status_code == 404, url
    for url in lead_urls(journeys["mine"].pk):
        assert client.get(url).status_code in REFUSED, url
    # A Lambeth session means nothing on Southwark's host.
    lambeth_session = signed_in(lambeth, journeys["alice"])
    stray = client_for(southwark)
    stray.cookies = lambeth_session.cookies
    assert stray.get(f"{PARTICIPANTS}edit/{journeys['mine'].pk}/").status_code == 302


def test_every_opening_is_in_the_audit_log(lambeth, journeys):
    client = signed_in(lambeth, journeys["alice"])
    pk = journeys["mine"].pk
    client.get(f"{PARTICIPANTS}edit/{pk}/")
    client.get(f"{PARTICIPANTS}edit/{pk}/")
    client.get(f"{PARTICIPANTS}edit/{journeys['theirs'].pk}/")  # refused: logged as refused
    with inside(lambeth):
        entries = ParticipantAuditEntry.objects.filter(participant_id=pk, action="view")
        assert entries.count() == 2
        entry = entries.first()
        assert entry.user == journeys["alice"]
        assert entry.username == journeys["alice"].username and entry.at is not None
        [refused] = ParticipantAuditEntry.objects.filter(participant_id=journeys["theirs"].pk)
        assert (refused.action, refused.user) == ("refused", journeys["alice"])
        lead = TeamLeadFactory()
    log = signed_in(lambeth, lead).get(f"{PARTICIPANTS}audit/?participant={pk}")
    assert log.content.decode().count("data-audit-entry") == 2
    assert "Quentin" not in log.content.decode(), "the log names records by id only"


def test_a_coach_changes_their_record_but_cannot_hand_it_to_another_coach(lambeth, journeys):
    client = signed_in(lambeth, journeys["alice"])
    mine = journeys["mine"]
    data = record_form(mine, coach=journeys["bob"].pk, notes="Now goes to the choir.")
    response = client.post(f"{PARTICIPANTS}edit/{mine.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    with inside(lambeth):
        mine.refresh_from_db()
        assert mine.coach == journeys["alice"] and mine.notes == "Now goes to the choir."
        assert ParticipantAuditEntry.objects.filter(participant_id=mine.pk, action="change")


def test_bad_input_on_the_record_changes_nothing(lambeth, journeys):
    client = signed_in(lambeth, journeys["alice"])
    mine = journeys["mine"]
    data = record_form(mine, status="completed", ended_on="2001-01-01", notes="should not be saved")
    response = client.post(f"{PARTICIPANTS}edit/{mine.pk}/", data)
    assert response.status_code == 200
    assert "The end cannot be before the start." in response.content.decode()
    with inside(lambeth):
        mine.refresh_from_db()
        assert mine.status == Participant.Status.ACTIVE and mine.notes == SECRET_NOTE


def test_completing_a_journey_closes_it_and_its_referral(lambeth, journeys):
    client = signed_in(lambeth, journeys["alice"])
    mine = journeys["mine"]
    response = client.post(f"{PARTICIPANTS}edit/{mine.pk}/", record_form(mine, status="completed"))
    assert response.status_code == 302
    with inside(lambeth):
        mine.refresh_from_db()
        assert mine.closed_at is not None and mine.ended_on is not None
        assert mine.referral.status == Referral.Status.CLOSED
        assert mine.referral.close_reason == Referral.CloseReason.COMPLETED


def test_a_coach_opens_a_record_from_a_referral(lambeth, journeys):
    with inside(lambeth):
        referral = ReferralFactory(first_name="Perpetua", status=Referral.Status.CONTACTED)
    client = signed_in(lambeth, journeys["alice"])
    form = client.get(f"{PARTICIPANTS}open/").content.decode()
    assert journeys["bob"].username not in form, "a coach opens records for themselves only"
    bad = client.post(f"{PARTICIPANTS}open/", {"referral": referral.pk, "started_on": "soon"})
    assert bad.status_code == 400 and "Enter a real date." in bad.content.decode()
    with inside(lambeth):
        assert not Participant.objects.filter(referral=referral).exists()
    response = client.post(
        f"{PARTICIPANTS}open/",
        {"referral": referral.pk, "coach": journeys["alice"].pk, "started_on": "2026-11-02"},
    )
    assert response.status_code == 302
    with inside(lambeth):
        participant = Participant.objects.get(referral=referral)
        assert participant.first_name == "Perpetua" and participant.coach == journeys["alice"]
        referral.refresh_from_db()
        assert referral.status == Referral.Status.IN_COACHING
        assert ParticipantAuditEntry.objects.filter(participant_id=participant.pk, action="add")
    again = client.post(
        f"{PARTICIPANTS}open/",
        {"referral": referral.pk, "coach": journeys["alice"].pk, "started_on": "2026-11-02"},
    )
    assert again.status_code == 400, "a referral opens one record only"


def test_nothing_reaches_search_the_api_or_the_reference_index(lambeth, journeys):
    with inside(lambeth):
        listing = Site.objects.get().root_page
        ActivityTriedFactory(participant=journeys["mine"], listing=listing, notes=SECRET_NOTE)
        ContactFactory(participant=journeys["mine"], notes=SECRET_NOTE)
        assert not ReferenceIndex.objects.filter(
            base_content_type__model__in=["participant", "activitytried"]
        ).exists()
    public = client_for(lambeth)
    for url in ["/search/?q=Zanzibar-note", "/search/?q=Quentin", "/search.json?q=Quentin"]:
        body = public.get(url).content.decode()
        assert "afraid of the bus" not in body and "participants" not in body, url
    assert "Quentin" not in public.get("/search.json?q=Zanzibar").content.decode()
    for url in ["/api/openreferral/services/", "/api/openreferral/organizations/"]:
        body = public.get(url).content.decode()
        assert "Quentin" not in body and "afraid of the bus" not in body, url


def test_the_contact_log_takes_minutes_and_only_this_persons_meetings(lambeth, journeys):
    from sites.connecting.factories import MeetingFactory  # noqa: PLC0415
    from sites.connecting.models import Contact  # noqa: PLC0415

    with inside(lambeth):
        other_meeting = MeetingFactory(participant=journeys["theirs"])
    client = signed_in(lambeth, journeys["alice"])
    mine = journeys["mine"]
    url = f"{PARTICIPANTS}edit/{mine.pk}/"

    def contact(**fields):
        row = {"channel": "call", "date": "2026-11-03", "minutes": "20", "meeting": "", "notes": ""}
        return record_form(mine, contacts=inline_formset([{**row, **fields}]))

    too_long = client.post(url, contact(minutes="700"))
    assert too_long.status_code == 200
    someone_elses = client.post(url, contact(meeting=str(other_meeting.pk)))
    assert someone_elses.status_code == 200
    assert "Choose one of the options shown" in someone_elses.content.decode()
    with inside(lambeth):
        assert not Contact.objects.filter(participant=mine).exists()
    assert client.post(url, contact(channel="text", minutes="2")).status_code == 302
    with inside(lambeth):
        saved = Contact.objects.get(participant=mine)
        assert (saved.channel, saved.minutes) == ("text", 2)


def test_communication_needs_are_kept_as_the_standard_asks(lambeth, journeys):
    from sites.connecting.models import CommunicationNeeds  # noqa: PLC0415

    client = signed_in(lambeth, journeys["alice"])
    mine = journeys["mine"]
    data = record_form(mine, details="Lip-reads: face the light")
    data["formats"] = ["large-print", "easy-read"]
    data["contact_methods"] = ["text"]
    assert client.post(f"{PARTICIPANTS}edit/{mine.pk}/", data).status_code == 302
    with inside(lambeth):
        needs = CommunicationNeeds.objects.get(participant=mine)
        assert needs.formats == ["large-print", "easy-read"]
        assert needs.contact_methods == ["text"] and needs.details == "Lip-reads: face the light"
    bad = dict(data, formats=["smoke-signals"])
    assert client.post(f"{PARTICIPANTS}edit/{mine.pk}/", bad).status_code == 200
    with inside(lambeth):
        assert CommunicationNeeds.objects.get(participant=mine).formats == [
            "large-print",
            "easy-read",
        ]
