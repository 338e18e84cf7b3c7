"""Distances from a postcode: exact for public places, never for hidden ones."""

import json
import re

import pytest

from django.utils.html import strip_tags

from search.selectors import SearchRequest, search_borough
from tests.conftest import client_for, inside


def search(query="", **kwargs):
    return search_borough(SearchRequest(query=query, **kwargs))


@pytest.mark.django_db
def test_distances_sort_and_filter_from_a_postcode(lambeth, directory):
    with inside(lambeth):
        outcome = search(postcode="sw2", chosen={"type": ["activity"]})
    assert outcome.sort == "distance"
    garden, choir = outcome.results
    assert garden.title == "Tuesday garden club"  # SW2: nearer than SW9
    assert not garden.distance.approximate
    assert garden.distance.miles == round(garden.distance.miles, 1)
    # The choir meets in a home: distance from the SW9 district's centre, to the half mile.
    assert choir.distance.approximate
    assert choir.distance.miles * 2 == int(choir.distance.miles * 2)
    assert choir.distance.in_words.startswith("About ")
    with inside(lambeth):
        near = search(postcode="SW2", within=1, chosen={"type": ["activity"]})
    assert [r.title for r in near.results] == ["Tuesday garden club"]


@pytest.mark.django_db
def test_a_hidden_address_never_leaves_the_server(lambeth, directory):
    client = client_for(lambeth)
    for url in ("/search/?q=choir&postcode=SW9+8LF", "/search.json?q=choir&postcode=SW9"):
        body = client.get(url).content.decode()
        assert "Evening choir" in strip_tags(body)
        assert "Quiet Road" not in body
        assert "51.4701" not in body and "-0.1122" not in body  # its exact coordinates
    data = json.loads(client.get("/search.json?q=choir&postcode=SW2").content)
    choir = next(r for r in data["results"] if r["title"] == "Evening choir")
    assert choir["where"] == "SW9 area"
    assert choir["distance"]["approximate"] is True
    assert set(choir["distance"]) == {"miles", "approximate", "in_words"}


BAD_POSTCODES = {
    "not a postcode": "does not look like a UK postcode",
    "12345": "does not look like a UK postcode",
    "SW99 9ZZ": "We could not find the postcode SW99 9ZZ",
    "EH1 1YZ": "EH1 1YZ is not a London postcode. Try a postcode in the borough",
    "<script>": "“script” does not look like a UK postcode",
    "<>": "That does not look like a UK postcode",
}


@pytest.mark.django_db
def test_a_bad_postcode_gets_a_clear_message(lambeth, directory):
    client = client_for(lambeth)
    for postcode, message in BAD_POSTCODES.items():
        response = client.get("/search/", {"q": "garden", "postcode": postcode})
        assert response.status_code == 200
        body = response.content.decode()
        assert message in body, postcode
        assert "<script>" not in body
        assert "Tuesday garden club" in strip_tags(body)  # the search itself still works
        # A screen reader hears first that something needs fixing, as on every form.
        assert re.search(r"<title>Error: \d+ results? for “garden” – Search", body), postcode
        data = client.get("/search.json", {"q": "garden", "postcode": postcode}).json()
        assert message in data["postcode_error"], postcode


@pytest.mark.django_db
def test_an_unknown_postcode_in_a_known_district_uses_the_district(lambeth, directory):
    with inside(lambeth):
        outcome = search("garden", postcode="SW2 9ZZ")
    assert outcome.location.approximate
    assert "SW2" in outcome.notices[0]
    assert outcome.results[0].distance is not None


@pytest.mark.django_db
def test_a_postcode_pasted_with_an_invisible_mark_is_understood(lambeth, directory):
    client = client_for(lambeth)
    response = client.get("/search/", {"q": "garden", "postcode": "\u200fSW2"})
    body = response.content.decode()
    assert "Distance from" in strip_tags(body) and "SW2" in strip_tags(body)
    assert "Error:" not in body and "does not look like" not in body
    assert re.search(r"<title>\d+ results? for “garden” – Search", body)
