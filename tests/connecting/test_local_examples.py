"""Every borough's forms give examples from the borough itself: its own postcode districts
(those of its places), never another borough's; without places, plain words with no place."""

import pytest
from bs4 import BeautifulSoup

from sites.directory.factories import PlacePageFactory
from sites.directory.models import PlaceIndexPage
from tests.community.conftest import make_member, signed_in
from tests.conftest import client_for, inside
from tests.connecting.test_public_forms import error_summary, self_data

pytestmark = pytest.mark.django_db


def add_places(borough, *postcodes: str) -> None:
    with inside(borough):
        places = PlaceIndexPage.objects.get()
        for postcode in postcodes:
            PlacePageFactory(parent=places, postcode=postcode)


def postcode_hint(borough) -> str:
    soup = BeautifulSoup(client_for(borough).get("/get-support/").content.decode(), "html.parser")
    box = soup.find("input", attrs={"name": "postcode_district"})
    return soup.find(id=box["aria-describedby"].split()[0]).get_text(" ", strip=True)


def test_each_borough_gives_its_own_most_used_district_as_the_example(lambeth, southwark):
    add_places(lambeth, "SW2 5SG", "SW2 1JQ", "SW9 8LF")
    add_places(southwark, "SE15 5JR")
    assert "like SW2." in postcode_hint(lambeth)
    southwark_hint = postcode_hint(southwark)
    assert "like SE15." in southwark_hint
    assert "SW2" not in southwark_hint and "SE11" not in southwark_hint

    refused = client_for(southwark).post("/get-support/", self_data(postcode_district="SE15 5JR"))
    assert refused.status_code == 400
    assert "first part of the postcode, like SE15" in error_summary(refused)


def test_a_borough_without_places_explains_without_an_example(lambeth):
    hint = postcode_hint(lambeth)
    assert "before the space" in hint and "like" not in hint
    refused = client_for(lambeth).post("/get-support/", self_data(postcode_district=""))
    assert "Enter the first part of the postcode, before the space." in error_summary(refused)


def test_no_boroughs_group_or_name_examples_name_a_place_in_lambeth(lambeth, southwark):
    for borough in (lambeth, southwark):
        member = make_member(borough, display_name="Sam")
        page = signed_in(borough, member).get("/groups/propose/").content.decode()
        assert "For example, “Sunday morning walkers”." in page
        assert "Brixton" not in page

        other = make_member(borough, display_name="Robin")
        taken = signed_in(borough, other).post(
            "/account/profile/", {"display_name": "Sam", "profile_visibility": "members"}
        )
        assert "Someone here already uses this name" in taken.content.decode()
        assert "Brixton" not in taken.content.decode()
