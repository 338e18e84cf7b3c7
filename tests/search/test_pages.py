"""The search page, its JSON twin and autocomplete, in every borough, and odd input."""

import pytest

from django.urls import reverse

from search.selectors import SearchRequest, autocomplete, search_borough
from tests.conftest import client_for, inside

HOSTILE_QUERIES = [
    "x" * 10_000,
    "yoga " * 2_000,
    "!!!???...,,,;;;",
    "title:(a OR",
    "*",
    '"',
    "\\",
    "\\\\'\"",
    "' OR 1=1 --",
    "a && b || !c ~2 ^3",
    '{"query": {"match_all": {}}}',
    "<script>alert(1)</script>",
    "%00%ff",
    "\x00\x01",
    "مرحبا بالعالم",
    "যোগ ব্যায়াম",
    "瑜伽课程",
    "🧘‍♀️🌳🎶",
    "garden 🌳 club",
    "Ünïcödé çafé",
]


@pytest.mark.django_db
def test_the_page_works_without_javascript_and_is_labelled(lambeth, directory):
    response = client_for(lambeth).get("/search/", {"q": "garden club"})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<form class="search-form" id="search-form" method="get" action="/search/" role="search"'
        in html
    )
    assert '<label for="search-q">' in html and 'id="search-q" name="q"' in html
    assert 'role="status"' in html and "1 result for “garden club”" in html
    assert "<title>1 result for “garden club” – Search" in html
    assert '<a href="/organisations/brixton-gardeners/tuesday-garden-club/">' in html
    assert "<mark>" in html
    # Filters are ordinary checkboxes with counts, sent by an ordinary submit button.
    assert 'type="checkbox" form="search-form"' in html
    assert '<button type="submit" form="search-form" class="button">Show results</button>' in html
    assert reverse("search:autocomplete") == "/search/autocomplete.json"


@pytest.mark.django_db
def test_an_empty_search_shows_just_the_form(lambeth, directory):
    response = client_for(lambeth).get("/search/")
    assert response.status_code == 200
    assert "Narrow your results" not in response.content.decode()


@pytest.mark.django_db
def test_the_json_endpoint(lambeth, directory):
    data = client_for(lambeth).get("/search.json", {"q": "choir", "cost": "paid"}).json()
    assert data["query"] == "choir"
    assert data["total"] == 1 and data["pages"] == 1
    result = data["results"][0]
    assert result["title"] == "Evening choir" and result["type"] == "activity"
    assert (
        result["url"] == "http://lambeth.localhost/organisations/stockwell-singers/evening-choir/"
    )
    assert result["when"].startswith("Next on Thursday")
    assert "<mark>" in result["title_html"] or "<mark>" in result["snippet_html"]
    cost = next(f for f in data["facets"] if f["key"] == "cost")
    assert {o["value"]: o["chosen"] for o in cost["options"]}["paid"] is True


@pytest.mark.django_db
def test_autocomplete_suggests_visible_titles(lambeth, directory):
    data = client_for(lambeth).get("/search/autocomplete.json", {"q": "tues"}).json()
    assert [s["title"] for s in data["suggestions"]] == ["Tuesday garden club"]
    assert data["suggestions"][0]["type"] == "Activity"
    assert (
        client_for(lambeth).get("/search/autocomplete.json", {"q": "t"}).json()["suggestions"] == []
    )


@pytest.mark.django_db
def test_the_search_page_is_on_every_borough(lambeth, southwark, directory):
    for borough in (lambeth, southwark):
        assert client_for(borough).get("/search/", {"q": "walk"}).status_code == 200


@pytest.mark.django_db
def test_odd_queries_never_fail(lambeth, directory, search_backend):
    """Every odd query over one directory (building it takes longer than the queries)."""
    client = client_for(lambeth)
    for number, query in enumerate(HOSTILE_QUERIES):
        with inside(lambeth):
            outcome = search_borough(SearchRequest(query=query, postcode=query[:20]))
            autocomplete(query)
        if search_backend == "engine" and outcome.query:
            # Answered by the engine, not by falling back.
            assert outcome.mode == "engine", f"query {number}: {query[:40]!r}"
        for url in ("/search/", "/search.json", "/search/autocomplete.json"):
            response = client.get(url, {"q": query, "postcode": query[:20], "page": query[:5]})
            assert response.status_code == 200, f"{url}, query {number}: {query[:40]!r}"
            assert b"<script>alert" not in response.content


@pytest.mark.django_db
def test_every_pages_header_has_a_labelled_search_form_that_works_without_javascript(
    lambeth, southwark, directory
):
    from bs4 import BeautifulSoup

    for borough, path in ((lambeth, "/"), (southwark, "/"), (lambeth, "/search/")):
        html = client_for(borough).get(path).content.decode()
        form = BeautifulSoup(html, "html.parser").select_one("header form[role=search]")
        assert form is not None, (borough, path)
        assert form["action"] == "/search/" and form["method"] == "get"
        assert form["aria-label"] == "Site search"  # tells it apart from the page's own
        field = form.select_one("input[type=search][name=q]")
        assert form.select_one(f"label[for={field['id']}]").get_text(strip=True) == (
            "Search this site"
        )
        assert form.select_one("button[type=submit]").get_text(strip=True) == "Search"
    # What the form sends is an ordinary search.
    assert client_for(lambeth).get("/search/", {"q": "garden club"}).status_code == 200
