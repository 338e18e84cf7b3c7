"""Someone's home in the search box (sites/directory/homes.py).

A home's name may hold its host's ("Canaryname's home"): it is in no search document,
neither the place's own nor its events', so searching for it finds nothing, for visitors
and members alike; the documents hold its area (the postcode district) instead, which
still finds its events. A home is never a result itself. Every test runs on PostgreSQL
alone and on the engine (``search_backend``).
"""

import json

import pytest

from search.engine import _search
from search.fallback import engine_backend
from sites.community.models import Event
from sites.directory.factories import PlacePageFactory
from sites.directory.models import PlaceIndexPage, PlacePage
from sites.directory.services.organisation_access import grant_organisation_access
from tests.community.conftest import make_event, make_member
from tests.conftest import client_for, inside
from tests.directory.conftest import make_user
from tests.directory.test_organisation_access import logged_in, submit_change
from tests.search.conftest import make_canary_word, refresh_engine, reindex
from tests.search.test_community import ANONYMOUS, found, stored, suggested

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(lambeth, search_backend):
    """(name word, event word, the home, an event there), indexed."""
    name, title = make_canary_word("host"), make_canary_word("trip")
    with inside(lambeth):
        place = PlacePageFactory(
            parent=PlaceIndexPage.objects.get(),
            title=f"{name.capitalize()}'s home",
            summary=f"{name.capitalize()} hosts the knitting circle in her front room.",
            address_line_1="3 Hidden Mews",
            postcode="SW9 7AB",
            hide_street_address=True,
        )
    event = make_event(lambeth, title=f"Knit and natter {title}", place=place)
    with inside(lambeth):
        reindex(place, event)
    return name, title, place, event


@pytest.fixture
def member(lambeth):
    return make_member(lambeth, display_name="Sam")


def test_a_homes_name_finds_nothing_its_area_finds_its_events(lambeth, home, member):
    name, title, place, event = home
    with inside(lambeth):
        assert found(title) == [("event", event.title)], "the event is indexed"
        for viewer in (ANONYMOUS, member):
            assert found(name, viewer) == []
        assert suggested(name[:12]) == []
        # Not stored at all, in any backend: the place's own document and the event's.
        assert stored(PlacePage, name) == 0
        assert stored(Event, name) == 0
        # The area is: it finds the event, as any place's words do.
        assert stored(Event, "SW9") == stored(Event, title) > 0
        assert ("event", event.title) in found(f"SW9 {title}")
    client = client_for(lambeth)
    assert client.get("/search.json", {"q": name}).json()["results"] == []


def test_a_home_is_never_a_result_itself(lambeth, home, member):
    name, title, place, event = home
    with inside(lambeth):
        refresh_engine()
        for viewer in (ANONYMOUS, member):
            assert all(kind != "place" for kind, _ in found("SW9", viewer))


@pytest.mark.search_engine
@pytest.mark.parametrize("search_backend", ["engine"], indirect=True)  # its documents
def test_the_engine_holds_nothing_of_a_homes_name_in_any_field(lambeth, home):
    """Filter and autocomplete fields, the language fields and the answers included."""
    name, title, place, event = home
    backend = engine_backend()
    with inside(lambeth):
        refresh_engine()
        for obj in (place, event):
            index = backend.get_index_for_model(type(obj)).name
            body = {"query": {"bool": {"filter": [{"term": {"pk": str(obj.pk)}}]}}}
            [hit] = _search(backend, index, body)["hits"]["hits"]
            document = json.dumps(hit["_source"]).lower()
            assert name not in document, type(obj).__name__
            assert "sw9 area" in document, type(obj).__name__


def test_a_managers_hide_rewrites_the_documents_at_once(lambeth, directory):
    """An organisation manager ticks "Hide street address" on their live place and
    submits it for approval: the place's and its event's documents lose its name at once,
    not when an Editor approves (sites/directory/services/homes.py)."""
    name = make_canary_word("host")
    with inside(lambeth):
        manager = make_user("manager@gardeners.example.org")
        grant_organisation_access(directory.organisation, manager)
        place = PlacePage.objects.get(pk=directory.place.pk)
        place.title = f"{name.capitalize()}'s home"
        place.save_revision().publish()
    event = make_event(lambeth, title="Knit and natter", place=place)
    with inside(lambeth):
        reindex(place, event)
        assert ("place", place.title) in found(name), "the canary is found before"
        assert stored(Event, name) == 1

    client = logged_in(lambeth, manager)
    url, data = submit_change(client, place, hide_street_address="on")
    data["action-submit"] = "Submit for moderation"
    assert client.post(url, data).status_code == 302

    with inside(lambeth):
        assert PlacePage.objects.get(pk=place.pk).has_unpublished_changes, "the rest waits"
        assert found(name) == []
        assert stored(PlacePage, name) == 0
        assert stored(Event, name) == 0
        assert ("event", event.title) in found("SW2 natter")
