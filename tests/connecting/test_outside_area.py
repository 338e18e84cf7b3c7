"""Get support never refuses a postcode district (districts cross borough lines), but
one far from every place the borough lists (more than 5 miles from each, and none of
their districts) gets a gentle notice on the thank-you page, and the team sees it on the
referral, to check and say where to get help. The person's thank-you email and the team's
new-referral email say it too, each in its reader's language."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import translation

from sites.connecting.models import Referral
from sites.connecting.models.referrals import outside_notice, outside_notice_for_the_team
from sites.core.roles import CONNECTING_TEAM_LEADS
from tests.conftest import client_for, inside
from tests.connecting.test_local_examples import add_places
from tests.connecting.test_public_forms import pro_data, self_data
from tests.i18n.helpers import offer

pytestmark = pytest.mark.django_db

NOTICE = "This postcode may be outside Lambeth. The team will check and tell you where to get help."
TEAM_NOTICE = "This postcode may be outside Lambeth. Check where the person lives"


def ask(borough, district: str) -> str:
    """Send Get support from ``district``; the thank-you page's words."""
    response = client_for(borough).post("/get-support/", self_data(postcode_district=district))
    assert response.status_code == 302, "never refused"
    thanks = client_for(borough).get(response["Location"])
    return " ".join(BeautifulSoup(thanks.content, "html.parser").get_text(" ").split())


def referral_of(borough, district: str) -> Referral:
    with inside(borough):
        return Referral.objects.get(postcode_district=district)


def test_a_district_far_from_every_place_is_taken_with_a_notice(lambeth):
    add_places(lambeth, "SW9 8LF", "SW2 5SG")
    assert NOTICE in ask(lambeth, "HA9"), "Wembley is about 8 miles from Brixton"
    assert referral_of(lambeth, "HA9").postcode_may_be_outside
    # Near the borough's places, or in their districts: nothing is said.
    for district in ("SW8", "sw9"):
        assert NOTICE not in ask(lambeth, district)
        assert not referral_of(lambeth, district.upper()).postcode_may_be_outside


def test_the_team_sees_the_notice_on_the_referral(lambeth):
    add_places(lambeth, "SW9 8LF")
    ask(lambeth, "HA9")
    referral = referral_of(lambeth, "HA9")
    with inside(lambeth):
        lead = get_user_model().objects.create_user(username="lead@lambeth.example.org")
        lead.groups.add(Group.objects.get(name=CONNECTING_TEAM_LEADS))
        client = client_for(lambeth)
        client.force_login(lead)
    queue = client.get("/admin/referrals/").content.decode()
    assert "HA9 (may be outside the borough)" in queue
    edit = client.get(f"/admin/referrals/edit/{referral.pk}/").content.decode()
    assert TEAM_NOTICE in " ".join(BeautifulSoup(edit, "html.parser").get_text(" ").split())


@pytest.mark.parametrize("district", ["EH1", "M1"])
def test_a_postcode_outside_london_is_taken_with_a_notice(lambeth, district):
    """The postcode data holds London's districts only: one from Edinburgh or Manchester
    is not unknown, it is outside."""
    add_places(lambeth, "SW9 8LF")
    assert NOTICE in ask(lambeth, district)
    assert referral_of(lambeth, district).postcode_may_be_outside


def test_nothing_is_said_while_the_borough_lists_no_places(lambeth):
    assert NOTICE not in ask(lambeth, "HA9")
    assert not referral_of(lambeth, "HA9").postcode_may_be_outside


def add_team_lead(borough, email: str, language: str = "") -> None:
    from wagtail.users.models import UserProfile

    with inside(borough):
        lead = get_user_model().objects.create_user(username=email, email=email)
        lead.groups.add(Group.objects.get(name=CONNECTING_TEAM_LEADS))
        if language:
            UserProfile.get_for_user(lead)
            UserProfile.objects.filter(user=lead).update(preferred_language=language)


def email_to(address: str) -> str:
    [message] = [message for message in mail.outbox if message.to == [address]]
    return " ".join(message.body.split())


def test_the_emails_say_the_postcode_may_be_outside(lambeth):
    """The person reads the thank-you page's words, the team the referral's; a district
    near the borough's places gets neither."""
    add_places(lambeth, "SW9 8LF")
    add_team_lead(lambeth, "lead@lambeth.example.org")
    ask(lambeth, "HA9")
    assert NOTICE in email_to("ada@example.org")
    team = email_to("lead@lambeth.example.org")
    assert TEAM_NOTICE in team and NOTICE not in team
    assert "HA9" not in team, "the team's email holds no personal details"

    mail.outbox.clear()
    ask(lambeth, "SW8")
    assert "may be outside" not in email_to("ada@example.org")
    assert "may be outside" not in email_to("lead@lambeth.example.org")


def test_a_professional_is_told_too(lambeth):
    add_places(lambeth, "SW9 8LF")
    response = client_for(lambeth).post(
        "/get-support/professional/", pro_data(postcode_district="HA9")
    )
    assert response.status_code == 302
    assert NOTICE in email_to("sam.patel@nhs.example.org")


def test_each_reader_is_told_in_their_own_language(lambeth):
    """Asked on the Polish page, the person reads the notice in Polish; the team leads in
    their admin language, whatever the page's."""
    offer(lambeth, "pl")
    add_places(lambeth, "SW9 8LF")
    add_team_lead(lambeth, "lider@lambeth.example.org", language="pl")
    add_team_lead(lambeth, "lead@lambeth.example.org")
    response = client_for(lambeth).post("/pl/get-support/", self_data(postcode_district="HA9"))
    assert response.status_code == 302
    with translation.override("pl"):
        polish, polish_team = outside_notice("Lambeth"), outside_notice_for_the_team("Lambeth")
    assert polish != NOTICE and not polish_team.startswith(TEAM_NOTICE), "the catalogue has them"
    assert " ".join(polish.split()) in email_to("ada@example.org")
    assert " ".join(polish_team.split()) in email_to("lider@lambeth.example.org")
    english_team = email_to("lead@lambeth.example.org")
    assert TEAM_NOTICE in english_team and polish_team not in english_team
