"""The Open Referral UK API at /api/openreferral/ on each borough host.

Every response is validated against the published Open Referral UK profile schemas (and
the HSDS 3.0 schemas they build on), read from the shared copy next to the repository;
and against our own OpenAPI document, which must itself be valid and list every
endpoint we serve.
"""

import datetime
import json
import uuid
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import pytest
import wagtail_factories
from jsonschema import Draft202012Validator, FormatChecker
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_openapi_document
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

from sites.directory.factories import (
    ActivityClosureFactory,
    ActivityPageFactory,
    ActivityScheduleFactory,
)
from sites.directory.models import ActivityPage, Interest
from sites.directory.openreferral import urls as openreferral_urls
from sites.directory.openreferral.ids import Ids
from tests.conftest import client_for, inside

API = "/api/openreferral/"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "openreferral"
UK_SCHEMA_DIR = SHARED / "uk-profile-3.0" / "schema"
HSDS_SCHEMA_DIR = SHARED / "hsds-3.0" / "schema"
# Where the schemas' own $refs point; resolved from the shared copy, never the network.
UK_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
HSDS_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

HIDDEN_STREET = "7 Quiet Road"
HIDDEN_POSTCODE = "SW9 8LF"
HIDDEN_SECRETS = [
    HIDDEN_STREET,
    "Quiet Road",
    HIDDEN_POSTCODE,
    "SW98LF",
    "8LF",
    "51.4701",
    "0.1122",
]

# An id no record has; fixed, so every test worker collects the same test names.
UNKNOWN_ID = "3b9d6f0e-8a51-4c1e-9f3a-6d2b7c4e1a90"


# --- Published schemas ---------------------------------------------------------------------


def _require_shared_schemas():
    if not (UK_SCHEMA_DIR.is_dir() and HSDS_SCHEMA_DIR.is_dir()):
        pytest.fail(
            f"The published Open Referral schemas are missing: expected {UK_SCHEMA_DIR} and "
            f"{HSDS_SCHEMA_DIR} (the shared 'openreferral' folder next to the repository).",
            pytrace=False,
        )


def _retrieve(uri: str) -> Resource:
    """A schema by its published address, from disk: the UK profile's own file where it
    has one, else HSDS 3.0's (the profile leaves some files to HSDS)."""
    if uri.startswith(UK_BASE):
        relative = uri.removeprefix(UK_BASE)
        candidates = [UK_SCHEMA_DIR / relative, HSDS_SCHEMA_DIR / relative]
    elif uri.startswith(HSDS_BASE):
        candidates = [HSDS_SCHEMA_DIR / uri.removeprefix(HSDS_BASE)]
    else:
        raise NoSuchResource(ref=uri)
    for path in candidates:
        if path.is_file():
            return DRAFT202012.create_resource(json.loads(path.read_text()))
    raise NoSuchResource(ref=uri)


FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlparse(value)
    return bool(parts.scheme in {"http", "https", "mailto"} and (parts.netloc or parts.path))


@cache
def published_validator(address: str) -> Draft202012Validator:
    """A validator for the schema published at ``address``, e.g. UK_BASE + 'taxonomy.json'."""
    _require_shared_schemas()
    registry = Registry(retrieve=_retrieve)
    return Draft202012Validator({"$ref": address}, registry=registry, format_checker=FORMATS)


@cache
def uk_openapi() -> dict:
    _require_shared_schemas()
    return json.loads((UK_SCHEMA_DIR / "openapi.json").read_text())


def assert_valid(instance, *addresses: str) -> None:
    for address in addresses:
        errors = sorted(published_validator(address).iter_errors(instance), key=str)
        assert not errors, f"not valid against {address}:\n" + "\n".join(
            f"  at {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in errors[:10]
        )


def assert_page(data: dict) -> None:
    """The profile's page envelope: every field present, with the published types."""
    page_schema = uk_openapi()["components"]["schemas"]["Page"]
    Draft202012Validator(page_schema).validate(data)
    assert set(page_schema["properties"]) | {"contents"} <= set(data)
    assert data["size"] == len(data["contents"])


# Which published schemas each endpoint's records must satisfy.
SERVICE_LIST = (UK_BASE + "compiled/service_list.json", HSDS_BASE + "compiled/service_list.json")
SERVICE = (
    UK_BASE + "compiled/service.json",
    UK_BASE + "service.json",
    HSDS_BASE + "compiled/service.json",
)
SAL_LIST = (
    UK_BASE + "compiled/service_at_location_list.json",
    HSDS_BASE + "compiled/service_at_location_list.json",
)
SAL = (
    UK_BASE + "compiled/service_at_location.json",
    HSDS_BASE + "compiled/service_at_location.json",
)
ORGANIZATION_LIST = (
    UK_BASE + "compiled/organization_list.json",
    HSDS_BASE + "compiled/organization_list.json",
)
ORGANIZATION = (UK_BASE + "compiled/organization.json", HSDS_BASE + "compiled/organization.json")
TAXONOMY = (UK_BASE + "taxonomy.json", HSDS_BASE + "taxonomy.json")
TAXONOMY_TERM = (UK_BASE + "taxonomy_term.json", HSDS_BASE + "taxonomy_term.json")


# --- Helpers -------------------------------------------------------------------------------


def get(client, path: str, status: int = 200, **query) -> dict:
    response = client.get(API + path, query)
    assert response.status_code == status, (path, query, response.content[:500])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def ids_of(data: dict) -> list[str]:
    return [item["id"] for item in data["contents"]]


def service_names(client, **query) -> list[str]:
    return [item["name"] for item in get(client, "services", **query)["contents"]]


def crawl(client) -> dict[str, dict]:
    """Every endpoint, and the record behind every id any list gives: path -> JSON."""
    pages = {
        "": get(client, ""),
        "openapi.json": get(client, "openapi.json"),
    }
    for collection in ["services", "service_at_locations", "organizations", "taxonomies"]:
        data = get(client, collection, per_page=100)
        pages[collection] = data
        for record_id in ids_of(data):
            pages[f"{collection}/{record_id}"] = get(client, f"{collection}/{record_id}")
    for organization_id in ids_of(pages["organizations"]):
        path = f"organizations/{organization_id}"
        pages[f"{path}?full_service=true"] = get(client, path, full_service="true")
    terms = get(client, "taxonomy_terms", per_page=100)
    pages["taxonomy_terms"] = terms
    for term_id in ids_of(terms):
        pages[f"taxonomy_terms/{term_id}"] = get(client, f"taxonomy_terms/{term_id}")
    return pages


def term_id(client, name: str) -> str:
    terms = get(client, "taxonomy_terms", per_page=100)["contents"]
    return next(term["id"] for term in terms if term["name"] == name)


def taxonomy_id(client, name_part: str) -> str:
    taxonomies = get(client, "taxonomies")["contents"]
    return next(t["id"] for t in taxonomies if name_part in t["name"])


# --- Schemas -------------------------------------------------------------------------------


def test_root_describes_the_api(lambeth, lambeth_directory):
    client = client_for(lambeth)
    data = get(client, "")
    schema = uk_openapi()["paths"]["/"]["get"]["responses"]["200"]["content"]
    Draft202012Validator(schema["application/json"]["schema"], format_checker=FORMATS).validate(
        data
    )
    assert data["version"] == "HSDS-UK-3.0"
    assert data["openapi_url"] == "http://lambeth.localhost/api/openreferral/openapi.json"
    assert data["profile"].startswith("https://")


def test_every_response_is_valid_against_the_published_schemas(lambeth, lambeth_directory):
    client = client_for(lambeth)
    pages = crawl(client)

    services = pages["services"]
    assert_page(services)
    assert services["total_items"] == 2
    for item in services["contents"]:
        assert_valid(item, *SERVICE_LIST)
        assert_valid(pages[f"services/{item['id']}"], *SERVICE)

    sals = pages["service_at_locations"]
    assert_page(sals)
    assert sals["total_items"] == 2
    for item in sals["contents"]:
        assert_valid(item, *SAL_LIST)
        assert_valid(pages[f"service_at_locations/{item['id']}"], *SAL)

    organizations = pages["organizations"]
    assert_page(organizations)
    assert organizations["total_items"] == 2
    for item in organizations["contents"]:
        assert_valid(item, *ORGANIZATION_LIST)
        assert_valid(pages[f"organizations/{item['id']}"], *ORGANIZATION)
        assert_valid(pages[f"organizations/{item['id']}?full_service=true"], *ORGANIZATION)

    taxonomies = pages["taxonomies"]
    assert_page(taxonomies)
    for item in taxonomies["contents"]:
        assert_valid(item, *TAXONOMY)
        detail = pages[f"taxonomies/{item['id']}"]
        assert_valid(detail, *TAXONOMY)
        assert detail["taxonomy_terms"]

    terms = pages["taxonomy_terms"]
    assert_page(terms)
    for item in terms["contents"]:
        assert_valid(item, *TAXONOMY_TERM)
        assert_valid(pages[f"taxonomy_terms/{item['id']}"], *TAXONOMY_TERM)


def test_the_schema_checks_would_catch_mistakes(lambeth, lambeth_directory):
    """The validators above are not vacuous: broken records fail them."""
    client = client_for(lambeth)
    service = get(client, f"services/{Ids('lambeth').service(lambeth_directory.activity.pk)}")
    validator = published_validator(SERVICE[0])
    assert validator.is_valid(service)

    def broken(change) -> dict:
        copy = json.loads(json.dumps(service))
        change(copy)
        return copy

    mistakes = [
        lambda s: s.pop("status"),
        lambda s: s.update(id="123"),
        lambda s: s["schedules"][0].update(freq="DAILY"),
        lambda s: s["organization"].pop("description"),
        lambda s: s["service_at_locations"][0]["location"]["addresses"][0].pop("postal_code"),
        lambda s: s["service_at_locations"][0]["location"].update(location_type="home"),
        lambda s: s["attributes"][0]["taxonomy_term"].pop("name"),
        lambda s: s.update(url="not a url"),
    ]
    for mistake in mistakes:
        assert not validator.is_valid(broken(mistake))


def test_lists_take_the_same_number_of_queries_however_long(lambeth, lambeth_directory):
    client = client_for(lambeth)

    def queries(path):
        get(client, path, per_page=100)  # warm the host and site caches first
        with CaptureQueriesContext(connection) as captured:
            get(client, path, per_page=100)
        return len(captured)

    before = {path: queries(path) for path in ["services", "service_at_locations", "organizations"]}
    with inside(lambeth):
        for number in range(4):
            ActivityPageFactory(
                parent=lambeth_directory.other_organisation,
                title=f"Another choir {number}",
                place=lambeth_directory.place,
            )
    after = {path: queries(path) for path in before}
    assert after == before


def test_a_full_service_carries_everything_the_profile_describes(lambeth, lambeth_directory):
    client = client_for(lambeth)
    garden_id = Ids("lambeth").service(lambeth_directory.activity.pk)
    service = get(client, f"services/{garden_id}")

    assert service["name"] == "Tuesday garden club"
    assert service["status"] == "active"
    assert service["organization"]["name"] == "Brixton Gardeners"
    assert service["organization_id"] == service["organization"]["id"]
    assert service["url"].endswith("/tuesday-garden-club/")
    assert service["assured_date"] == lambeth_directory.activity.last_checked_on.isoformat()

    [schedule] = service["schedules"]
    assert schedule["freq"] == "WEEKLY"
    assert schedule["interval"] == 1
    assert schedule["byday"] == "TU"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("10:00", "12:00")
    assert schedule["valid_from"] == schedule["dtstart"] == "2026-01-06"

    [at_location] = service["service_at_locations"]
    location = at_location["location"]
    assert location["name"] == "Brixton Community Hall"
    assert (location["latitude"], location["longitude"]) == (51.4612, -0.1183)
    [address] = location["addresses"]
    assert address["address_1"] == "12 Acre Lane"
    assert address["postal_code"] == "SW2 5SG"
    assert address["country"] == "GB"
    assert "Hearing loop" in [a["description"] for a in location["accessibility"]]

    assert [c["option"] for c in service["cost_options"]] == ["Free"]
    assert service["cost_options"][0]["amount"] == 0
    assert [language["code"] for language in service["languages"]] == ["en"]
    assert service["contacts"][0]["email"] == lambeth_directory.organisation.email
    assert service["phones"][0]["number"] == lambeth_directory.organisation.phone
    terms = {a["taxonomy_term"]["name"] for a in service["attributes"]}
    assert {"Gardening and outdoors", "Mental-health friendly", "Step-free access"} <= terms
    assert "Online" not in terms

    choir_id = Ids("lambeth").service(lambeth_directory.evening_activity.pk)
    choir = get(client, f"services/{choir_id}")
    [schedule] = choir["schedules"]
    assert (schedule["freq"], schedule["byday"]) == ("MONTHLY", "1TH")
    assert choir["cost_options"][0]["amount_description"] == "£3 a session"


def test_one_off_dates_and_fortnightly_times_fit_the_profile(lambeth, lambeth_directory):
    with inside(lambeth):
        activity = lambeth_directory.activity
        ActivityScheduleFactory(
            activity=activity,
            frequency="once",
            weekday=None,
            starts_on=datetime.date(2026, 6, 6),
            start_time=datetime.time(14),
            end_time=datetime.time(16),
        )
        ActivityScheduleFactory(
            activity=activity,
            frequency="fortnightly",
            weekday=4,
            starts_on=datetime.date(2026, 1, 2),
            ends_on=datetime.date(2026, 12, 31),
        )
    client = client_for(lambeth)
    service = get(client, f"services/{Ids('lambeth').service(activity.pk)}")
    assert_valid(service, *SERVICE)
    by_start = {s["valid_from"]: s for s in service["schedules"]}
    once = by_start["2026-06-06"]
    assert "freq" not in once
    assert once["valid_to"] == "2026-06-06"
    fortnightly = by_start["2026-01-02"]
    assert (fortnightly["freq"], fortnightly["interval"], fortnightly["byday"]) == (
        "WEEKLY",
        2,
        "FR",
    )
    assert fortnightly["valid_to"] == "2026-12-31"


def test_closures_show_as_an_alert_and_today_as_temporarily_closed(lambeth, lambeth_directory):
    today = timezone.localdate()
    with inside(lambeth):
        ActivityClosureFactory(
            activity=lambeth_directory.activity,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=3),
            reason="Garden flooded",
        )
    client = client_for(lambeth)
    service = get(client, f"services/{Ids('lambeth').service(lambeth_directory.activity.pk)}")
    assert_valid(service, *SERVICE)
    assert service["status"] == "temporarily closed"
    assert "Garden flooded" in service["alert"]
    assert "Garden flooded" in service["schedules"][0]["notes"]


def test_an_organisation_shows_its_logo_and_identifiers(lambeth, lambeth_directory):
    with inside(lambeth):
        organisation = lambeth_directory.organisation
        organisation.logo = wagtail_factories.ImageFactory()
        organisation.charity_number = "1234567"
        organisation.company_number = "07654321"
        organisation.save()
    client = client_for(lambeth)
    data = get(client, f"organizations/{Ids('lambeth').organization(organisation.pk)}")
    assert_valid(data, *ORGANIZATION)
    assert data["logo"].startswith("http://lambeth.localhost/")
    schemes = {i["identifier_scheme"]: i["identifier"] for i in data["organization_identifiers"]}
    assert schemes == {"GB-CHC": "1234567", "GB-COH": "07654321"}
    assert [s["name"] for s in data["services"]] == ["Tuesday garden club"]


def test_responses_match_our_own_openapi_document(lambeth, lambeth_directory):
    client = client_for(lambeth)
    document = get(client, "openapi.json")
    pages = crawl(client)

    def check(instance, schema_name):
        schema = {"$ref": f"#/components/schemas/{schema_name}", **document}
        OAS30Validator(schema).validate(instance)

    check(pages[""], "ApiInfo")
    for collection, list_item, detail in [
        ("services", "ServiceSummary", "Service"),
        ("service_at_locations", "ServiceAtLocationSummary", "ServiceAtLocation"),
        ("organizations", "OrganizationSummary", "Organization"),
        ("taxonomies", "Taxonomy", "Taxonomy"),
        ("taxonomy_terms", "TaxonomyTerm", "TaxonomyTerm"),
    ]:
        check(pages[collection], "Page")
        for item in pages[collection]["contents"]:
            check(item, list_item)
            check(pages[f"{collection}/{item['id']}"], detail)


# --- The OpenAPI document ------------------------------------------------------------------


def served_paths() -> set[str]:
    """Every path our URLconf serves, as OpenAPI templates ('/services/{id}')."""
    paths = set()
    for pattern in openreferral_urls.urlpatterns:
        if pattern.name == "not-found":
            continue
        args = ["ID"] if "(?P<id>" in str(pattern.pattern) else []
        url = reverse(f"openreferral:{pattern.name}", args=args, urlconf="connectdo.urls_borough")
        paths.add("/" + url.removeprefix(API).replace("ID", "{id}"))
    return paths


def test_openapi_document_is_valid_and_lists_every_endpoint(lambeth, lambeth_directory):
    client = client_for(lambeth)
    document = get(client, "openapi.json")
    validate_openapi_document(document)

    assert set(document["paths"]) == served_paths()
    assert document["servers"] == [{"url": "http://lambeth.localhost/api/openreferral"}]
    assert "Lambeth" in document["info"]["title"]

    # Every documented path answers, with a real id where it takes one.
    pages = crawl(client)
    first = {name: ids_of(data)[0] for name, data in pages.items() if "contents" in data}
    for template in document["paths"]:
        collection = template.strip("/").split("/")[0]
        path = template.strip("/").replace("{id}", first.get(collection, ""))
        get(client, path)

    # The profile's filters are all documented for /services.
    parameters = {
        p["$ref"].rsplit("/", 1)[1] for p in document["paths"]["/services"]["get"]["parameters"]
    }
    assert {"search", "page", "per_page", "taxonomy_term_id", "taxonomy_id", "day"} <= parameters
    assert {"start_time", "end_time", "minimum_age", "maximum_age", "modified_after"} <= parameters


@pytest.mark.parametrize(
    ("path", "name", "accepted", "refused"),
    [
        ("services", "day", ["TU", "tuesday", "Tue,th", "SU,MO,fri"], ["Funday", "TU,", "", "T U"]),
        ("services", "start_time", ["09:30", "9:30", "23:59:59"], ["25:00", "10am", "9.30", ""]),
        ("services", "end_time", ["00:01", "12:00:00"], ["noon", "12:60", "24:00"]),
        (
            "service_at_locations",
            "postcode",
            ["SE1 7PB", "se17pb", "SW1A 1AA", "SE1", "sw9"],
            ["NOT A POSTCODE", "SE", "1SE 7PB", ""],
        ),
        ("services", "text", ["garden", " choir "], ["", "   ", "a\x00b", "x" * 201]),
        ("services", "taxonomy_id", [UNKNOWN_ID], ["123", ""]),
    ],
)
def test_the_openapi_document_states_the_rules_the_api_enforces(
    lambeth, lambeth_directory, path, name, accepted, refused
):
    """What the document allows is answered (200); what it rules out is refused (400)."""
    client = client_for(lambeth)
    document = get(client, "openapi.json")
    schema = document["components"]["parameters"][name]["schema"]

    def allowed(value):
        return OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER).is_valid(value)

    for value in accepted:
        assert allowed(value), (name, value)
        get(client, path, **{name: value})
    for value in refused:
        assert not allowed(value), (name, value)
        assert get(client, path, 400, **{name: value})["parameter"] == name
    end_time = document["components"]["parameters"]["end_time"]["description"]
    assert "later than start_time" in end_time


# --- Pagination ----------------------------------------------------------------------------


@pytest.fixture
def seven_services(lambeth, lambeth_directory):
    with inside(lambeth):
        for number in range(5):
            ActivityPageFactory(
                parent=lambeth_directory.organisation, title=f"Extra session {number}"
            )
    return lambeth_directory


def test_pages_have_the_profile_envelope(lambeth, seven_services):
    client = client_for(lambeth)

    first = get(client, "services", per_page=3)
    assert_page(first)
    assert (first["total_items"], first["total_pages"], first["page_number"]) == (7, 3, 1)
    assert (first["size"], first["first_page"], first["last_page"], first["empty"]) == (
        3,
        True,
        False,
        False,
    )

    middle = get(client, "services", per_page=3, page=2)
    assert (middle["size"], middle["first_page"], middle["last_page"]) == (3, False, False)

    last = get(client, "services", per_page=3, page=3)
    assert (last["size"], last["first_page"], last["last_page"]) == (1, False, True)

    every_id = ids_of(first) + ids_of(middle) + ids_of(last)
    assert len(set(every_id)) == 7
    assert every_id == ids_of(get(client, "services", per_page=100))

    default = get(client, "services")
    assert (default["size"], default["total_pages"]) == (7, 1)


def test_a_page_after_the_last_is_an_empty_page(lambeth, seven_services):
    client = client_for(lambeth)
    for page in [4, 99, 1_000_000]:
        data = get(client, "services", per_page=3, page=page)
        assert_page(data)
        assert (data["total_items"], data["total_pages"], data["page_number"]) == (7, 3, page)
        assert (data["size"], data["contents"]) == (0, [])
        assert data["empty"] and data["last_page"] and not data["first_page"]
    # Paging until an empty page sees every service once, then stops.
    seen, page = [], 1
    while (data := get(client, "services", per_page=3, page=page))["contents"]:
        seen += ids_of(data)
        page += 1
    assert (page, len(set(seen))) == (4, 7)
    terms = get(client, "taxonomies", page=3)
    assert (terms["size"], terms["total_items"], terms["page_number"]) == (0, 2, 3)
    assert get(client, "services", 400, page=1_000_001)["parameter"] == "page"


def test_an_empty_result_is_one_empty_page(lambeth, lambeth_directory):
    data = get(client_for(lambeth), "services", text="no such thing anywhere")
    assert_page(data)
    assert (data["total_items"], data["total_pages"], data["size"]) == (0, 1, 0)
    assert data["empty"] and data["first_page"] and data["last_page"]
    assert data["contents"] == []


def test_per_page_is_bounded(lambeth, lambeth_directory):
    client = client_for(lambeth)
    assert get(client, "services", per_page=100)["size"] == 2
    assert get(client, "services", per_page=1)["size"] == 1
    assert get(client, "services", 400, per_page=101)["parameter"] == "per_page"


def test_every_list_is_paginated(lambeth, lambeth_directory):
    client = client_for(lambeth)
    for collection in ["services", "service_at_locations", "organizations", "taxonomies"]:
        data = get(client, collection, per_page=1)
        assert_page(data)
        assert data["size"] == 1
        assert data["total_pages"] == data["total_items"] == 2
    terms = get(client, "taxonomy_terms", per_page=10, page=2)
    assert_page(terms)
    assert terms["page_number"] == 2
    assert terms["size"] == 10


# --- Filters -------------------------------------------------------------------------------


def test_text_searches_names_and_descriptions(lambeth, lambeth_directory):
    client = client_for(lambeth)
    assert service_names(client, text="garden") == ["Tuesday garden club"]
    assert service_names(client, text="NO EXPERIENCE") == ["Evening choir"]
    assert service_names(client, search="choir") == ["Evening choir"]
    assert service_names(client, text="knitting circle") == []
    organizations = get(client, "organizations", text="choir")["contents"]
    assert [o["name"] for o in organizations] == ["Stockwell Singers"]


def test_taxonomy_term_filter(lambeth, lambeth_directory):
    client = client_for(lambeth)
    gardening = term_id(client, "Gardening and outdoors")
    assert service_names(client, taxonomy_term_id=gardening) == ["Tuesday garden club"]
    singing = term_id(client, "Music and singing")
    assert service_names(client, taxonomy_term_id=singing) == ["Evening choir"]
    assert service_names(client, taxonomy_term_id=term_id(client, "Walking")) == []
    assert service_names(client, taxonomy_term_id=term_id(client, "Online")) == ["Evening choir"]
    hearing_loop = term_id(client, "Hearing loop")  # the garden club's place has one
    assert service_names(client, taxonomy_term_id=hearing_loop) == ["Tuesday garden club"]
    assert service_names(client, taxonomy_term_id=str(uuid.uuid4())) == []


def test_taxonomy_filter(lambeth, lambeth_directory):
    client = client_for(lambeth)
    interests = taxonomy_id(client, "interests")
    assert len(service_names(client, taxonomy_id=interests)) == 2
    with inside(lambeth):
        ActivityPage.interests.through.objects.filter(
            activitypage=lambeth_directory.evening_activity
        ).delete()
    assert service_names(client, taxonomy_id=interests) == ["Tuesday garden club"]
    assert service_names(client, taxonomy_id=str(uuid.uuid4())) == []

    terms = get(client, "taxonomy_terms", taxonomy_id=interests, per_page=100)
    with inside(lambeth):
        assert terms["total_items"] == Interest.objects.count()
    assert {t["taxonomy_id"] for t in terms["contents"]} == {interests}
    assert [t["name"] for t in get(client, "taxonomy_terms", text="garden")["contents"]] == [
        "Gardening and outdoors"
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("TU", ["Tuesday garden club"]),
        ("tuesday", ["Tuesday garden club"]),
        ("Tue", ["Tuesday garden club"]),
        ("TH", ["Evening choir"]),
        ("TU,TH", ["Evening choir", "Tuesday garden club"]),
        ("MO", []),
        ("SU", []),
    ],
)
def test_day_filter(lambeth, lambeth_directory, day, expected):
    assert service_names(client_for(lambeth), day=day) == expected


def test_day_filter_finds_one_off_dates_and_skips_ended_times(lambeth, lambeth_directory):
    client = client_for(lambeth)
    next_saturday = timezone.localdate() + datetime.timedelta(
        days=(5 - timezone.localdate().weekday()) % 7 or 7
    )
    with inside(lambeth):
        ActivityScheduleFactory(
            activity=lambeth_directory.evening_activity,
            frequency="once",
            weekday=None,
            starts_on=next_saturday,
        )
        ActivityScheduleFactory(
            activity=lambeth_directory.activity,
            weekday=6,
            starts_on=datetime.date(2020, 1, 5),
            ends_on=datetime.date(2020, 3, 1),
        )
    assert service_names(client, day="SA") == ["Evening choir"]
    assert service_names(client, day="SU") == []


def test_time_window_filters(lambeth, lambeth_directory):
    client = client_for(lambeth)
    assert service_names(client, start_time="18:00") == ["Evening choir"]
    assert service_names(client, start_time="09:30") == ["Evening choir", "Tuesday garden club"]
    assert service_names(client, end_time="12:00") == ["Tuesday garden club"]
    assert service_names(client, start_time="09:00", end_time="12:00:00") == ["Tuesday garden club"]
    assert service_names(client, start_time="10:30", end_time="13:00") == []
    # Day and time are checked against the same schedule.
    assert service_names(client, day="TU", start_time="18:00") == []
    assert service_names(client, day="TH", start_time="18:00") == ["Evening choir"]


def test_age_filters(lambeth, lambeth_directory):
    client = client_for(lambeth)
    with inside(lambeth):
        ActivityPage.objects.filter(pk=lambeth_directory.activity.pk).update(age_min=18, age_max=99)
        ActivityPage.objects.filter(pk=lambeth_directory.evening_activity.pk).update(
            age_min=11, age_max=18
        )
    assert service_names(client, minimum_age=16) == ["Tuesday garden club"]
    assert service_names(client, maximum_age=18) == ["Evening choir"]
    assert service_names(client, minimum_age=10, maximum_age=99.5) == [
        "Evening choir",
        "Tuesday garden club",
    ]


def test_modified_after_filter(lambeth, lambeth_directory):
    client = client_for(lambeth)
    assert len(service_names(client, modified_after="2000-01-01")) == 2
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert service_names(client, modified_after=tomorrow) == []
    # A time with its own offset: an hour from now, written as +01:00 time. (Not
    # "tomorrow at 00:00+01:00": in winter that is 23:00 UTC today, already past at 23:30.)
    in_an_hour = timezone.now() + datetime.timedelta(hours=1)
    plus_one = in_an_hour.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    assert service_names(client, modified_after=plus_one.isoformat(timespec="seconds")) == []
    an_hour_ago = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    assert len(service_names(client, modified_after=an_hour_ago)) == 2


def test_organization_filter(lambeth, lambeth_directory):
    client = client_for(lambeth)
    singers = Ids("lambeth").organization(lambeth_directory.other_organisation.pk)
    assert service_names(client, organization_id=singers) == ["Evening choir"]
    assert service_names(client, organization_id=str(uuid.uuid4())) == []


def test_postcode_filter_matches_the_district_only(lambeth, lambeth_directory):
    client = client_for(lambeth)

    def names(postcode):
        data = get(client, "service_at_locations", postcode=postcode)
        return [item["service"]["name"] for item in data["contents"]]

    assert names("SW2") == ["Tuesday garden club"]
    assert names("sw2 5sg") == ["Tuesday garden club"]
    # Any postcode in SW9 finds the home group: the hidden postcode is not special.
    assert names("SW9 1AA") == names(HIDDEN_POSTCODE) == names("SW9") == ["Evening choir"]
    assert names("SW1A 1AA") == []


# --- Visibility ----------------------------------------------------------------------------


def test_only_live_public_fresh_listings_appear(lambeth, lambeth_directory):
    client = client_for(lambeth)
    directory = lambeth_directory
    ids = Ids("lambeth")
    garden_id = ids.service(directory.activity.pk)

    with inside(lambeth):
        directory.activity.unpublish()
    assert service_names(client) == ["Evening choir"]
    get(client, f"services/{garden_id}", 404)

    with inside(lambeth):
        directory.activity.save_revision().publish()
        ActivityPage.objects.filter(pk=directory.activity.pk).update(hidden_as_stale=True)
    assert service_names(client) == ["Evening choir"]
    assert [s["service"]["name"] for s in get(client, "service_at_locations")["contents"]] == [
        "Evening choir"
    ]

    with inside(lambeth):
        ActivityPage.objects.filter(pk=directory.activity.pk).update(hidden_as_stale=False)
        PageViewRestriction.objects.create(
            page=directory.activity, restriction_type="password", password="members"
        )
    assert service_names(client) == ["Evening choir"]
    get(client, f"services/{garden_id}", 404)


def test_a_hidden_organisation_hides_its_services(lambeth, lambeth_directory):
    client = client_for(lambeth)
    with inside(lambeth):
        type(lambeth_directory.other_organisation).objects.filter(
            pk=lambeth_directory.other_organisation.pk
        ).update(hidden_as_stale=True)
    assert service_names(client) == ["Tuesday garden club"]
    assert [o["name"] for o in get(client, "organizations")["contents"]] == ["Brixton Gardeners"]
    get(
        client,
        f"organizations/{Ids('lambeth').organization(lambeth_directory.other_organisation.pk)}",
        404,
    )


def test_a_stale_place_is_left_out_but_its_service_stays(lambeth, lambeth_directory):
    client = client_for(lambeth)
    with inside(lambeth):
        type(lambeth_directory.place).objects.filter(pk=lambeth_directory.place.pk).update(
            hidden_as_stale=True
        )
    garden_id = Ids("lambeth").service(lambeth_directory.activity.pk)
    assert get(client, f"services/{garden_id}")["service_at_locations"] == []
    sals = get(client, "service_at_locations")["contents"]
    assert [s["service"]["name"] for s in sals] == ["Evening choir"]


# --- Address masking -----------------------------------------------------------------------


def test_a_hidden_street_address_never_appears_anywhere(lambeth, lambeth_directory):
    client = client_for(lambeth)
    with inside(lambeth):
        lambeth_directory.other_organisation.places.add(lambeth_directory.home_place)
        lambeth_directory.other_organisation.save()
    pages = crawl(client)
    for path, data in pages.items():
        text = json.dumps(data, ensure_ascii=False)
        for secret in HIDDEN_SECRETS:
            assert secret not in text, f"{secret!r} leaked in {API}{path}"
    # Filtered lists too.
    for query in [{"postcode": HIDDEN_POSTCODE}, {"day": "TH"}, {"text": "choir"}]:
        text = json.dumps(get(client, "service_at_locations", **query))
        assert not any(secret in text for secret in HIDDEN_SECRETS)

    ids = Ids("lambeth")
    home = ids.location(lambeth_directory.home_place.pk)
    sal_id = ids.service_at_location(
        lambeth_directory.evening_activity.pk, lambeth_directory.home_place.pk
    )
    location = get(client, f"service_at_locations/{sal_id}")["location"]
    assert location["id"] == home
    assert "latitude" not in location and "longitude" not in location
    [address] = location["addresses"]
    assert (address["address_1"], address["postal_code"]) == ("SW9 area", "SW9")
    organisation_id = ids.organization(lambeth_directory.other_organisation.pk)
    [listed] = get(client, f"organizations/{organisation_id}")["locations"]
    assert listed["addresses"][0]["postal_code"] == "SW9"
    assert "latitude" not in listed
    # The public place still has its full address.
    garden_sal = ids.service_at_location(lambeth_directory.activity.pk, lambeth_directory.place.pk)
    public = get(client, f"service_at_locations/{garden_sal}")["location"]
    assert public["addresses"][0]["address_1"] == "12 Acre Lane"


# --- HTTP: CORS, methods, errors -----------------------------------------------------------


def test_cors_is_open_and_preflight_is_answered(lambeth, lambeth_directory):
    client = client_for(lambeth)
    response = client.get(API + "services", HTTP_ORIGIN="https://finder.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"

    preflight = client.options(
        API + "services",
        HTTP_ORIGIN="https://finder.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept, x-requested-with",
    )
    assert preflight.status_code in (200, 204)
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert preflight["Access-Control-Allow-Headers"] == "accept, x-requested-with"

    assert client.options(API + "nowhere")["Access-Control-Allow-Origin"] == "*"
    head = client.head(API + "services")
    assert head.status_code == 200
    assert head["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_get_is_allowed(lambeth, method):
    client = client_for(lambeth)
    for path in ["", "services", "taxonomies"]:
        response = getattr(client, method)(API + path, data="{}", content_type="application/json")
        assert response.status_code == 405
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "GET" in response["Allow"]
        assert response.json()["status"] == 405


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("services", {"page": "abc"}, "page"),
        ("services", {"page": "0"}, "page"),
        ("services", {"page": "-1"}, "page"),
        ("services", {"page": "99999999999999999999"}, "page"),
        ("services", {"per_page": "0"}, "per_page"),
        ("services", {"per_page": "10000"}, "per_page"),
        ("services", {"per_page": "1.5"}, "per_page"),
        ("services", {"day": "XX"}, "day"),
        ("services", {"day": "Funday"}, "day"),
        ("services", {"day": "TU,"}, "day"),
        ("services", {"start_time": "25:00"}, "start_time"),
        ("services", {"start_time": "10am"}, "start_time"),
        ("services", {"end_time": "noon"}, "end_time"),
        ("services", {"start_time": "12:00", "end_time": "10:00"}, "end_time"),
        ("services", {"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id"),
        ("services", {"taxonomy_id": "123"}, "taxonomy_id"),
        ("services", {"organization_id": "x"}, "organization_id"),
        ("services", {"modified_after": "yesterday"}, "modified_after"),
        ("services", {"modified_after": "2026-13-45"}, "modified_after"),
        ("services", {"modified_after": "0001-01-01T00:00:00+01:00"}, "modified_after"),
        ("services", {"minimum_age": "abc"}, "minimum_age"),
        ("services", {"minimum_age": "nan"}, "minimum_age"),
        ("services", {"maximum_age": "1e308"}, "maximum_age"),
        ("services", {"text": "a\x00b"}, "text"),
        ("services", {"text": "x" * 201}, "text"),
        # Found by schemathesis: a bad alias was not checked beside a good one.
        ("services", {"text": "garden", "search": "x" * 201}, "search"),
        ("organizations", {"search": "choir", "text": "a\x00b"}, "text"),
        ("service_at_locations", {"proximity": "1000", "postcode": "SW9"}, "proximity"),
        ("service_at_locations", {"postcode": "NOT A POSTCODE"}, "postcode"),
        ("service_at_locations", {"page": "x"}, "page"),
        ("organizations", {"per_page": "0"}, "per_page"),
        ("taxonomy_terms", {"taxonomy_id": "nope"}, "taxonomy_id"),
        ("taxonomy_terms", {"per_page": "-5"}, "per_page"),
        ("service_at_locations", {"proximity": ""}, "proximity"),
        ("organizations/" + UNKNOWN_ID, {"full_service": ""}, "full_service"),
        # An empty value is refused like any other bad one, never read as "no filter".
        *[
            ("services", {name: value}, name)
            for name in [
                "taxonomy_term_id",
                "taxonomy_id",
                "organization_id",
                "modified_after",
                "day",
                "start_time",
                "end_time",
                "minimum_age",
                "maximum_age",
                "text",
                "search",
                "page",
                "per_page",
            ]
            for value in ["", "  "]
        ],
        ("service_at_locations", {"postcode": ""}, "postcode"),
        ("organizations", {"text": ""}, "text"),
        ("taxonomy_terms", {"taxonomy_id": " "}, "taxonomy_id"),
    ],
)
def test_bad_parameters_are_a_clear_400(lambeth, path, query, parameter):
    """Refused before anything is looked up: an empty borough shows it as well as a full one."""
    data = get(client_for(lambeth), path, 400, **query)
    assert data["status"] == 400
    assert data["parameter"] == parameter
    assert parameter in data["message"]


def test_bad_and_unknown_ids(lambeth, lambeth_directory):
    client = client_for(lambeth)
    detail_paths = ["services", "service_at_locations", "organizations", "taxonomies"]
    for collection in [*detail_paths, "taxonomy_terms"]:
        assert get(client, f"{collection}/not-a-uuid", 400)["parameter"] == "id"
        assert get(client, f"{collection}/{uuid.uuid4()}", 404)["status"] == 404
    garden_id = Ids("lambeth").service(lambeth_directory.activity.pk)
    # A service id is not an organization's, nor anything else's.
    get(client, f"organizations/{garden_id}", 404)
    get(client, f"service_at_locations/{garden_id}", 404)
    get(client, f"organizations/{uuid.uuid4()}", 400, full_service="maybe")


def test_unknown_paths_are_a_json_404(lambeth):
    client = client_for(lambeth)
    for path in ["nothing-here", "services/abc/extra", "locations"]:
        data = get(client, path, 404)
        assert data["status"] == 404


def test_paths_work_with_a_trailing_slash(lambeth, lambeth_directory):
    client = client_for(lambeth)
    assert get(client, "services/")["total_items"] == 2
    service_id = Ids("lambeth").service(lambeth_directory.activity.pk)
    assert get(client, f"services/{service_id}/")["id"] == service_id


# --- Ids and boroughs ----------------------------------------------------------------------


def test_ids_are_stable_uuids_derived_from_the_borough(lambeth, lambeth_directory):
    client = client_for(lambeth)
    first = crawl(client)
    again = crawl(client)
    assert ids_of(first["services"]) == ids_of(again["services"])
    expected = Ids("lambeth").service(lambeth_directory.activity.pk)
    assert expected in ids_of(first["services"])
    assert uuid.UUID(expected).version == 5
    assert Ids("southwark").service(lambeth_directory.activity.pk) != expected


def test_southwark_never_serves_lambeth(lambeth, southwark, lambeth_directory):
    southwark_client = client_for(southwark)
    lambeth_pages = crawl(client_for(lambeth))
    assert get(southwark_client, "services")["total_items"] == 0
    assert get(southwark_client, "service_at_locations")["total_items"] == 0
    assert get(southwark_client, "organizations")["total_items"] == 0
    for path in lambeth_pages:
        if path.split("/")[0] in {"services", "service_at_locations", "organizations"} and (
            "/" in path
        ):
            get(southwark_client, path.split("?")[0], 404)
    southwark_openapi = get(southwark_client, "openapi.json")
    assert southwark_openapi["servers"] == [{"url": "http://southwark.localhost/api/openreferral"}]


def test_each_borough_has_its_own_ids(lambeth, southwark, lambeth_directory, southwark_directory):
    lambeth_ids = set(ids_of(get(client_for(lambeth), "services")))
    southwark_data = get(client_for(southwark), "services")
    assert southwark_data["total_items"] == 2
    assert lambeth_ids.isdisjoint(ids_of(southwark_data))
    text = json.dumps(southwark_data)
    assert "lambeth" not in text.lower()
