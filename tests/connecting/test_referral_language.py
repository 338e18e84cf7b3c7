"""Get support in any of the borough's languages: the referral records the language the
person asked in, the team reads it in the admin, and the thank-you email is in it."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from sites.connecting.factories import ParticipantFactory, ReferralFactory
from sites.connecting.models import Referral
from sites.connecting.retention import anonymise_participant, export_csv, export_participant
from sites.core.roles import CONNECTING_TEAM_LEADS
from tests.conftest import client_for, inside
from tests.connecting.test_public_forms import pro_data, self_data
from tests.i18n.helpers import offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(lambeth):
    with inside(lambeth):
        user = get_user_model().objects.create_user(
            username="lead@lambeth.example.org", email="lead@lambeth.example.org"
        )
        user.groups.add(Group.objects.get(name=CONNECTING_TEAM_LEADS))
        return user


def only_referral(borough) -> Referral:
    with inside(borough):
        [referral] = Referral.objects.all()
        return referral


def sent_to(address: str):
    [message] = [message for message in mail.outbox if message.to == [address]]
    return message


def test_a_person_asking_in_somali_is_thanked_in_somali_and_the_team_told_in_english(lambeth, lead):
    offer(lambeth, "so")
    response = client_for(lambeth).post("/so/get-support/", self_data())
    assert response.status_code == 302
    assert only_referral(lambeth).language == "so"
    thanks = sent_to("ada@example.org")
    assert thanks.body.startswith("Salaan,"), "the greeting of the page's language"
    assert "Lambeth" in thanks.body and "Ada" not in thanks.body
    team = sent_to("lead@lambeth.example.org")
    assert team.body.startswith("Hello,") and "Salaan" not in team.body


def test_a_professional_referring_in_polish_is_thanked_in_polish(lambeth, lead):
    offer(lambeth, "pl")
    response = client_for(lambeth).post("/pl/get-support/professional/", pro_data())
    assert response.status_code == 302
    assert only_referral(lambeth).language == "pl"
    assert sent_to("sam.patel@nhs.example.org").body.startswith("Dzień dobry,")


def test_asking_in_english_is_recorded_as_english(lambeth, lead):
    assert client_for(lambeth).post("/get-support/", self_data()).status_code == 302
    assert only_referral(lambeth).language == "en-gb"
    assert sent_to("ada@example.org").body.startswith("Hello,")


def test_the_team_reads_which_language_the_person_asked_in(lambeth, lead):
    offer(lambeth, "so")
    client_for(lambeth).post(
        "/so/get-support/", self_data(contact_method="phone", contact_detail="07700 900123")
    )
    referral = only_referral(lambeth)
    client = client_for(lambeth)
    client.force_login(lead)
    queue = client.get("/admin/referrals/").content.decode()
    assert "Asked in" in queue and "Somali" in queue
    edit = client.get(f"/admin/referrals/edit/{referral.pk}/").content.decode()
    assert "Asked in" in edit and "Somali" in edit


def test_the_language_is_in_the_persons_export_and_goes_when_anonymised(lambeth, lead):
    with inside(lambeth):
        participant = ParticipantFactory(referral__language="so", completed=True)
        assert export_participant(participant, by=lead)["referral"]["language"] == "so"
        anonymise_participant(participant)
        participant.referral.refresh_from_db()
        assert participant.referral.language == "", "it goes with the other personal details"


def test_a_referral_made_before_the_language_was_recorded_says_not_recorded(lambeth, lead):
    with inside(lambeth):
        older = ReferralFactory(first_name="Olive", language="")  # before connecting/0008
        ReferralFactory(first_name="Sam", language="so")
        participant = ParticipantFactory(referral=older)
        client = client_for(lambeth)
        client.force_login(lead)
    queue = BeautifulSoup(client.get("/admin/referrals/").content, "html.parser")
    asked_in = {
        " ".join(row.select("td")[0].get_text().split()): row.select("td")[3].get_text().strip()
        for row in queue.select("tbody tr")
    }
    assert asked_in == {"Olive": "Not recorded", "Sam": "Somali"}
    edit = BeautifulSoup(client.get(f"/admin/referrals/edit/{older.pk}/").content, "html.parser")
    # A read-only field: its heading names the box that shows the value.
    heading = edit.find(lambda tag: tag.name == "h3" and tag.get_text(strip=True) == "Asked in")
    shown = edit.find(attrs={"aria-labelledby": heading["id"]})
    assert shown.get_text(strip=True) == "Not recorded", edit.get_text(" ")
    with inside(lambeth):
        data = export_participant(participant, by=lead)
    assert data["referral"]["language"] == "Not recorded"
    assert "referral,1,language,Not recorded" in export_csv(data).splitlines()
