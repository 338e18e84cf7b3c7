"""Get support never refuses a postcode district (districts cross borough lines), but
one far from every place the borough lists (more than 5 miles from each, and none of
their districts) gets a gentle notice on the thank-you page, and the team sees it on the
referral, to check and say where to get help."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from sites.connecting.models import Referral
from sites.core.roles import CONNECTING_TEAM_LEADS
from tests.conftest import client_for, inside
from tests.connecting.test_local_examples import add_places
from tests.connecting.test_public_forms import self_data

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
