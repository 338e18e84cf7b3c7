"""The map beside "Things to do", places and events: the same items as the list, from the
same selection and filters; homes never as a point; the list complete without it."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import override_settings

from search.postcodes.services import district_centre
from tests.community.conftest import make_event, make_member, signed_in
from tests.conftest import client_for, inside
from tests.directory.conftest import lambeth_directory  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

# The home meeting place's real coordinates (tests/directory/conftest.py), in any format.
HOME_COORDINATES = re.compile(r"51\.4701|-0\.1122")


def page(borough, url: str, client=None) -> BeautifulSoup:
    response = (client or client_for(borough)).get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def map_data(soup) -> list[dict]:
    return json.loads(soup.find("script", id="listing-map-data").string)


def linked_titles(spots) -> set[str]:
    return {item["title"] for spot in spots for item in spot["items"]}


def test_things_to_do_map_holds_the_listed_activities_and_never_a_home(lambeth, lambeth_directory):  # noqa: F811
    soup = page(lambeth, "/things-to-do/")
    html = str(soup)
    spots = map_data(soup)
    listed = {a.get_text(strip=True) for a in soup.select("#results-list .listing__title a")}

    assert listed == {"Tuesday garden club", "Evening choir"}
    assert linked_titles(spots) == listed
    hall = next(spot for spot in spots if not spot["area"])
    assert (hall["lat"], hall["lon"]) == (51.4612, -0.1183)
    assert hall["label"] == "Brixton Community Hall"
    # The choir meets in a home: only the SW9 district, as a circle, never its point.
    home = next(spot for spot in spots if spot["area"])
    with inside(lambeth):
        centre = district_centre("SW9")
    assert (home["lat"], home["lon"]) == (round(centre.latitude, 6), round(centre.longitude, 6))
    assert home["label"] == "SW9 area" and home["radius"] > 0
    assert not HOME_COORDINATES.search(html)


def test_the_map_uses_the_same_filters_as_the_list(lambeth, lambeth_directory):  # noqa: F811
    soup = page(lambeth, "/things-to-do/?free=yes")
    listed = {a.get_text(strip=True) for a in soup.select("#results-list .listing__title a")}
    assert listed == {"Tuesday garden club"}
    assert linked_titles(map_data(soup)) == listed


def test_without_javascript_the_map_is_hidden_and_the_list_is_complete(lambeth, lambeth_directory):  # noqa: F811
    soup = page(lambeth, "/things-to-do/")
    box = soup.find(attrs={"data-listing-map": True})
    assert box.has_attr("hidden")  # map.js shows it; nothing else needs it
    # After the list (a phone shows the first result first), with a way past it.
    assert soup.select_one("#results-list").find_next(attrs={"data-listing-map": True}) is box
    skip = box.find("a", class_="listing-map__skip")
    assert skip.get_text(strip=True) == "Skip the map"
    assert box.find_next(id=skip["href"].lstrip("#")) is not None
    # The list says when, where and cost for each item on its own.
    assert "SW9 area" in soup.select_one("#results-list").get_text()


def test_places_map_shows_a_home_only_as_its_district(lambeth, lambeth_directory):  # noqa: F811
    # Someone's home is listed for signed-in members only (tests/directory/test_homes.py).
    member = signed_in(lambeth, make_member(lambeth))
    soup = page(lambeth, "/places/", member)
    spots = map_data(soup)
    assert {spot["label"] for spot in spots} == {"Brixton Community Hall", "SW9 area"}
    assert [spot["area"] for spot in spots if spot["label"] == "SW9 area"] == [True]
    assert not HOME_COORDINATES.search(str(soup))
    visitor = page(lambeth, "/places/")
    assert {spot["label"] for spot in map_data(visitor)} == {"Brixton Community Hall"}


def test_events_map_holds_the_listed_events(lambeth, lambeth_directory):  # noqa: F811
    make_event(lambeth, title="Seed swap", place=lambeth_directory.place)
    make_event(lambeth, title="Knit and natter", place=lambeth_directory.home_place, days=8)
    make_event(lambeth, title="Online quiz", online_url="https://quiz.example.org/", days=9)
    soup = page(lambeth, "/events/")
    spots = map_data(soup)
    assert linked_titles(spots) == {"Seed swap", "Knit and natter"}  # the quiz has no place
    assert "Online quiz" in soup.select_one("#events-list").get_text()
    assert not HOME_COORDINATES.search(str(soup))


@override_settings(
    MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png",
    MAP_TILE_ATTRIBUTION="© Example Maps",
)
def test_the_tile_server_and_its_attribution_come_from_settings(lambeth, lambeth_directory):  # noqa: F811
    canvas = page(lambeth, "/things-to-do/").select_one(".listing-map__canvas")
    assert canvas["data-tiles"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert canvas["data-attribution"] == "© Example Maps"


def test_leaflet_is_pinned_and_served_as_our_own_static_files():
    root = Path(settings.BASE_DIR)
    pinned = json.loads((root / "package.json").read_text())["dependencies"]["leaflet"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin an exact version"
    installed = json.loads((root / "node_modules/leaflet/package.json").read_text())["version"]
    assert installed == pinned
    for name in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/marker-icon.png"):
        assert finders.find(name), name
    assert finders.find("core/map.js")
