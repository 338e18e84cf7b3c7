"""The Open Referral UK API in the client's language: the languages a service's listing
is published in, and its words in the language ``Accept-Language`` asks for."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

from sites.directory.factories import ActivityPageFactory
from sites.directory.models import PlacePage
from tests.conftest import client_for, inside
from tests.directory.test_openreferral import (
    API,
    ORGANIZATION,
    SAL_LIST,
    SERVICE,
    SERVICE_LIST,
    assert_valid,
)
from tests.directory.test_translation import (
    published_at_commit,
    translate,
    translate_gardeners,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def polish_directory(lambeth, lambeth_directory):
    """The garden club, its organisation and its hall translated into Polish."""
    with inside(lambeth):
        polish = Locale.objects.get_or_create(language_code="pl")[0]
        Locale.objects.get_or_create(language_code="ar")  # chosen, nothing translated
        translate(
            PlacePage.objects.get(pk=lambeth_directory.place.pk),
            polish,
            {"Brixton Community Hall": "Sala społeczna Brixton"},
        )
        translate_gardeners(lambeth_directory, polish)
    return lambeth_directory


def get(client, path, language=None, **query):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(API + path, query, **headers)
    assert response.status_code == 200, response.content[:500]
    assert "Accept-Language" in response["Vary"]
    return response


def _service(client, name, language=None):
    services = get(client, "services", language, per_page=100).json()["contents"]
    found = next(s for s in services if s["name"] == name)
    return get(client, f"services/{found['id']}", language).json()


def test_a_service_lists_the_languages_its_listing_is_published_in(lambeth, polish_directory):
    client = client_for(lambeth)
    garden = _service(client, "Tuesday garden club")
    assert [(lang["code"], lang["name"]) for lang in garden["languages"]] == [
        ("en", "English"),
        ("pl", "Polish"),
    ]
    assert "note" not in garden["languages"][0]
    assert "description is published in this language" in garden["languages"][1]["note"]
    assert_valid(garden, *SERVICE)
    choir = _service(client, "Evening choir")
    assert [lang["code"] for lang in choir["languages"]] == ["en"], "not translated"


def test_the_words_come_in_the_language_asked_for(lambeth, polish_directory):
    client = client_for(lambeth)
    english = get(client, "services", per_page=100)
    polish = get(client, "services", "pl-PL,pl;q=0.9,en;q=0.5", per_page=100)
    assert english["Content-Language"] == "en-gb"
    assert polish["Content-Language"] == "pl"

    by_id = {s["id"]: s for s in english.json()["contents"]}
    for service in polish.json()["contents"]:
        assert_valid(service, *SERVICE_LIST)
        assert service["id"] in by_id, "the same services, with the same ids"
    names = {s["id"]: s["name"] for s in polish.json()["contents"]}
    garden_id = next(i for i, s in by_id.items() if s["name"] == "Tuesday garden club")
    assert names[garden_id] == "Wtorkowy klub ogrodniczy"
    assert sorted(names.values()) == ["Evening choir", "Wtorkowy klub ogrodniczy"]

    detail = get(client, f"services/{garden_id}", "pl").json()
    assert detail["description"].startswith("Sadzenie, pielenie")
    assert detail["organization"]["name"] == "Ogrodnicy z Brixton"
    location = detail["service_at_locations"][0]["location"]
    assert location["name"] == "Sala społeczna Brixton"
    assert location["addresses"][0]["address_1"] == "12 Acre Lane", "addresses never change"
    assert_valid(detail, *SERVICE)

    sals = get(client, "service_at_locations", "pl", per_page=100).json()["contents"]
    assert "Sala społeczna Brixton" in {sal["location"]["name"] for sal in sals}
    for sal in sals:
        assert_valid(sal, *SAL_LIST)
    organisation_id = detail["organization"]["id"]
    organisation = get(client, f"organizations/{organisation_id}", "pl").json()
    assert organisation["name"] == "Ogrodnicy z Brixton"
    assert_valid(organisation, *ORGANIZATION)


def test_other_languages_fall_back_to_english(lambeth, polish_directory):
    """A language the platform lacks, one the borough chose with nothing translated
    (Arabic), one refused (q=0), nonsense: English words, never an error."""
    for header in [
        "de-DE,de;q=0.9",
        "ar",
        "*",
        "pl;q=0",
        "xx-unknown, ;;;q=abc",
        "en-GB",
        "ó" * 600,
    ]:
        response = get(client_for(lambeth), "services", header, per_page=100)
        names = sorted(service["name"] for service in response.json()["contents"])
        assert names == ["Evening choir", "Tuesday garden club"], header[:30]
        expected = "ar" if header == "ar" else "en-gb"
        assert response["Content-Language"] == expected, header[:30]


def test_lists_in_polish_take_the_same_number_of_queries_however_long(lambeth, polish_directory):
    client = client_for(lambeth)

    def queries(path):
        get(client, path, "pl", per_page=100)
        with CaptureQueriesContext(connection) as captured:
            get(client, path, "pl", per_page=100)
        return len(captured)

    before = {path: queries(path) for path in ["services", "service_at_locations", "organizations"]}
    # Committed as the fixture's translations were, so the site cache is used alike.
    with inside(lambeth), published_at_commit():
        for number in range(3):
            ActivityPageFactory(
                parent=polish_directory.other_organisation,
                title=f"Another choir {number}",
                place=polish_directory.place,
            )
    assert {path: queries(path) for path in before} == before
