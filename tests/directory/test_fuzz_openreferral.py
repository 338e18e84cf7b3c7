"""Fuzzing the Open Referral API's query parameters and ids (see tests/fuzzing.py)
beyond what its OpenAPI document describes (test_fuzz_openreferral_schema.py checks
that): hostile values for every parameter it knows and names it does not. Every answer
is JSON with open CORS: a page (200), or a 400 naming the parameter at fault, or a 404
for an id that is not published."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sites.directory.openreferral.ids import Ids
from tests.fuzzing import (
    assert_answered,
    each_example,
    example_client,
    filter_queries,
    hostile_text,
)

pytestmark = pytest.mark.django_db

API = "/api/openreferral/"
PARAMETERS = {
    "page": ["1", "2", "1000000", "1000001", "0", "-1", "", "1.5"],
    "per_page": ["1", "100", "101", "0", ""],
    "text": ["garden", "", " ", "a\x00b"],
    "search": ["choir"],
    "taxonomy_term_id": ["3f7b145d-84af-42d7-8fae-eaca714b02b2", "", "123"],
    "taxonomy_id": ["{3f7b145d-84af-42d7-8fae-eaca714b02b2}", "urn:uuid:x"],
    "organization_id": ["3F7B145D84AF42D78FAEEACA714B02B2", ""],
    "day": ["TU", "tuesday,th", "Funday", "TU,", ""],
    "start_time": ["09:30", "23:59:59", "24:00", ""],
    "end_time": ["10:00", "00:00", "9"],
    "minimum_age": ["0", "150", "151", "-0", "1e308", "nan", "inf", ""],
    "maximum_age": ["18", "18.5", ""],
    "modified_after": ["2026-01-31", "2026-01-31T09:00:00Z", "2026-01-31 09:00:00 01:00", ""],
    "postcode": ["SE1 7PB", "sw9", "NOT A POSTCODE", ""],
    "proximity": ["1000", ""],
    "full_service": ["true", "no", "maybe", ""],
}
LISTS = ["services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"]


def answer(response) -> dict:
    assert_answered(response)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    if response.status_code == 400:
        assert data["parameter"] and data["message"]
    return data


@pytest.mark.parametrize("collection", LISTS)
def test_fuzz_list_parameters(lambeth, lambeth_directory, monkeypatch, collection):
    @given(filter_queries(PARAMETERS))
    def query(parameters):
        with each_example(monkeypatch):
            response = example_client(lambeth).get(API + collection, parameters)
            data = answer(response)
            assert response.status_code in (200, 400)
            if response.status_code == 200:
                assert data["size"] == len(data["contents"]) <= 100

    query()


def test_fuzz_ids(lambeth, lambeth_directory, monkeypatch):
    ids = Ids("lambeth")
    real = [
        ("services", ids.service(lambeth_directory.activity.pk)),
        ("organizations", ids.organization(lambeth_directory.organisation.pk)),
    ]
    paths = st.one_of(
        st.sampled_from([f"{collection}/{record}" for collection, record in real]),
        st.builds(
            lambda collection, record: f"{collection}/{record}",
            st.sampled_from(LISTS),
            st.one_of(st.uuids().map(str), hostile_text(40).filter(lambda t: "/" not in t)),
        ),
    )

    @given(paths, filter_queries(PARAMETERS))
    def fetch(path, parameters):
        with each_example(monkeypatch):
            response = example_client(lambeth).get(API + path, parameters)
            answer(response)
            assert response.status_code in (200, 400, 404)

    fetch()
