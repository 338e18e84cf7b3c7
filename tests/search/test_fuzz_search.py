"""Fuzzing the search page and its JSON endpoints (see tests/fuzzing.py), on PostgreSQL
alone and on the search engine: whatever a web address holds, the answer is a page (or
JSON) and never a server error."""

import pytest

from tests.fuzzing import fuzz_listing

pytestmark = pytest.mark.django_db

SEARCH_PARAMETERS = {
    "q": ["garden", "choir", "tues", "", "garden OR 1=1", '"unclosed', "a:b (c"],
    "type": ["activity", "event", "group", "organisation", "nothing"],
    "interest": ["gardening-and-outdoors"],
    "day": ["0", "3", "7", "-1"],
    "time": ["morning", "evening"],
    "cost": ["free", "paid"],
    "way": ["online", "in-person"],
    "access": ["step_free_access"],
    "postcode": ["SW2 5SG", "SW9", "NOT A POSTCODE", "ZZ99 9ZZ"],
    "within": ["1", "10", "0", "-5", "1e9"],
    "sort": ["relevance", "distance", "title", "price"],
    "page": ["1", "2", "0", "99999999999999999999"],
}


@pytest.mark.parametrize(
    ("path", "is_json"),
    [("/search/", False), ("/search.json", True), ("/search/autocomplete.json", True)],
)
def test_fuzz_search(lambeth, directory, monkeypatch, path, is_json):
    fuzz_listing(
        monkeypatch, lambeth, path, SEARCH_PARAMETERS, (lambda r: r.json()) if is_json else None
    )
