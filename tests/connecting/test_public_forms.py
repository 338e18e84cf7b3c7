"""'Get support from a Community Connector': both forms, their checks, and who is told."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from sites.connecting.models import Referral
from sites.core.antispam import human_check_data
from sites.core.ratelimit import RATE_LIMITS
from sites.core.roles import CONNECTING_TEAM_LEADS
from sites.directory.models import Interest
from tests.conftest import client_for, inside

pytestmark = pytest.mark.django_db

SELF_URL = "/get-support/"
PRO_URL = "/get-support/professional/"


@pytest.fixture
def team_lead(lambeth):
    with inside(lambeth):
        user = get_user_model().objects.create_user(
            username="lead@lambeth.example.org", email="lead@lambeth.example.org"
        )
        user.groups.add(Group.objects.get(name=CONNECTING_TEAM_LEADS))
        return user


def self_data(**changes) -> dict:
    data = {
        "first_name": "Ada",
        "contact_method": "email",
        "contact_detail": "ada@example.org",
        "contact_times": "Weekday mornings",
        "postcode_district": "se11",
        "help_wanted": "I would like to meet people.",
        "support_needed": "",
        "consent": "on",
        **human_check_data(),
    }
    data.update(changes)
    return data


def pro_data(**changes) -> dict:
    data = self_data(
        contact_method="phone",
        contact_detail="07700 900123",
        referrer_name="Dr Sam Patel",
        referrer_role="GP",
        referrer_organisation="Kennington Health Centre",
        referrer_email="sam.patel@nhs.example.org",
        reason="Lives alone and rarely goes out since a bereavement.",
        person_agreed="on",
    )
    del data["consent"]
    data.update(changes)
    return data


def referrals(borough):
    with inside(borough):
        return list(Referral.objects.all())


def error_summary(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    summary = soup.select_one(".error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def test_both_forms_show_plain_questions_without_javascript(lambeth):
    client = client_for(lambeth)
    page = client.get(SELF_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Get support from a Community Connector" in html
    assert "action=" not in html.split('class="referral-form"')[1].split(">")[0], "posts to itself"
    soup = BeautifulSoup(html, "html.parser")
    labels = {label.get_text(strip=True) for label in soup.select("label, legend")}
    assert {"First name", "First part of the postcode", "Email"} <= labels
    with inside(lambeth):
        assert Interest.objects.first().name in labels, "the borough's own interests"
    assert not soup.find("script", src=lambda src: src and "connecting" in src)
    pro = client.get(PRO_URL)
    assert pro.status_code == 200
    assert "The person knows about this referral and has agreed to it." in pro.content.decode()


def test_home_page_links_to_get_support(lambeth):
    html = client_for(lambeth).get("/").content.decode()
    assert f'href="{SELF_URL}"' in html


def test_a_self_referral_is_saved_acknowledged_and_sent_to_the_team_lead(lambeth, team_lead):
    with inside(lambeth):
        gardening = Interest.objects.get(slug="gardening-and-outdoors")
    response = client_for(lambeth).post(SELF_URL, self_data(interests=[gardening.pk]))
    assert response.status_code == 302 and response.url == "/get-support/thank-you/"
    [referral] = referrals(lambeth)
    assert referral.kind == Referral.Kind.SELF and referral.status == Referral.Status.NEW
    assert referral.postcode_district == "SE11" and referral.consent
    with inside(lambeth):
        assert list(referral.interests.all()) == [gardening]
    by_address = {tuple(message.to): message for message in mail.outbox}
    assert set(by_address) == {("ada@example.org",), ("lead@lambeth.example.org",)}
    acknowledgement = by_address[("ada@example.org",)].body
    assert "Community Connector" in acknowledgement
    assert "Ada" not in acknowledgement, "nothing typed is repeated to the address typed"
    team = by_address[("lead@lambeth.example.org",)].body
    assert f"/admin/referrals/edit/{referral.pk}/" in team
    assert "ada@example.org" not in team and "meet people" not in team, "no personal details"
    assert "Thank you" in client_for(lambeth).get(response.url).content.decode()


def test_the_same_request_sent_twice_is_one_referral_told_once(lambeth, team_lead):
    """A double click, or Back and Send again: the team sees one referral, and nobody gets
    two emails. A request with other words is a new one."""
    browser = client_for(lambeth)
    for _ in range(2):
        assert browser.post(SELF_URL, self_data()).url == "/get-support/thank-you/"
    assert len(referrals(lambeth)) == 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ada@example.org",
        "lead@lambeth.example.org",
    ]
    browser.post(SELF_URL, self_data(help_wanted="Somewhere to go on Sundays."))
    assert len(referrals(lambeth)) == 2 and len(mail.outbox) == 4


def test_no_email_to_a_person_who_chose_a_phone_call(lambeth, team_lead):
    data = self_data(contact_method="phone", contact_detail="020 7946 0000")
    assert client_for(lambeth).post(SELF_URL, data).status_code == 302
    assert [message.to for message in mail.outbox] == [["lead@lambeth.example.org"]]


def test_without_a_team_lead_the_borough_contact_address_is_told(lambeth):
    data = self_data(contact_method="text", contact_detail="07700 900123")
    assert client_for(lambeth).post(SELF_URL, data).status_code == 302
    assert [message.to for message in mail.outbox] == [[lambeth.contact_email]]


def test_a_professional_referral_needs_the_persons_agreement(lambeth, team_lead):
    refused = client_for(lambeth).post(PRO_URL, pro_data(person_agreed=""))
    assert refused.status_code == 400
    assert "only take a referral the person has agreed to" in error_summary(refused)
    assert referrals(lambeth) == [] and mail.outbox == []

    response = client_for(lambeth).post(PRO_URL, pro_data())
    assert response.status_code == 302
    [referral] = referrals(lambeth)
    assert referral.kind == Referral.Kind.PROFESSIONAL and referral.person_agreed
    assert referral.referrer_organisation == "Kennington Health Centre"
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["lead@lambeth.example.org", "sam.patel@nhs.example.org"]
    [acknowledgement] = [m for m in mail.outbox if m.to == ["sam.patel@nhs.example.org"]]
    assert "Thank you for your referral to Community Connecting" in acknowledgement.body
    # The names typed stay out of an email to the address typed beside them.
    assert "Ada" not in acknowledgement.body and "Sam" not in acknowledgement.body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"postcode_district": "SE11 5AB"}, "Do not enter the full postcode"),
        ({"postcode_district": "12 Acre Lane"}, "Do not enter the full postcode"),
        ({"postcode_district": ""}, "Enter the first part of the postcode"),
        ({"consent": ""}, "Tick the box to say you agree"),
        ({"first_name": ""}, "Enter a first name"),
        ({"contact_method": ""}, "Choose how we should get in touch"),
        ({"contact_detail": "not-an-email"}, "Enter an email address like"),
        ({"contact_method": "phone", "contact_detail": "call me"}, "Enter a phone number"),
        ({"contact_method": "phone", "contact_detail": "----------"}, "Enter a phone number"),
        ({"contact_method": "phone", "contact_detail": "2026-02-30"}, "Enter a phone number"),
        ({"contact_method": "phone", "contact_detail": "0770 0900 1234 5678"}, "Enter a phone"),
        ({"help_wanted": "x" * 1001}, "1,000 characters or fewer"),
        ({"interests": ["999999"]}, "Choose interests from the list"),
        ({"website": "http://spam.example"}, "Leave this empty"),
        ({"form_started": "forged"}, "very quick"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(lambeth, changes, message):
    response = client_for(lambeth).post(SELF_URL, self_data(**changes))
    assert response.status_code == 400
    assert message in error_summary(response)
    assert "Error:" in response.content.decode().split("<title>")[1]
    assert referrals(lambeth) == [] and mail.outbox == []


def test_a_flood_from_one_address_is_refused(lambeth):
    most, _period = RATE_LIMITS["referral"]
    client = client_for(lambeth)
    for n in range(most):
        assert client.post(SELF_URL, self_data(first_name=f"Ada {n}")).status_code == 302
    refused = client.post(SELF_URL, self_data(first_name="Bea"))
    assert refused.status_code == 429
    assert "Please wait" in error_summary(refused)
    assert len(referrals(lambeth)) == most


def test_a_referral_stays_in_its_borough(lambeth, southwark):
    assert client_for(southwark).post(SELF_URL, self_data()).status_code == 302
    assert referrals(lambeth) == [] and len(referrals(southwark)) == 1
    assert ["ada@example.org"] in [message.to for message in mail.outbox]
    assert {m.extra_headers["X-Connectdo-Borough"] for m in mail.outbox} == {southwark.schema_name}
