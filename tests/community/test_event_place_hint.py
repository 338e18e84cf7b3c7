"""The event form says what the person posting can really do when their place is not
listed: Editors and organisation managers add it in the admin (managers through "How to
add a place" on their dashboard), group organisers ask the team, whose contact details
are at the bottom of the page. Nobody is told to "ask the Editors"."""

import pytest
from bs4 import BeautifulSoup

from sites.core.roles import EDITORS
from sites.directory.services.organisation_access import grant_organisation_access
from tests.conftest import inside
from tests.directory.conftest import build_directory

from .conftest import make_event, make_group, make_member, make_staff, signed_in

pytestmark = pytest.mark.django_db


def place_hint(page) -> str:
    soup = BeautifulSoup(page.content, "html.parser")
    return " ".join(soup.find(id="id_place_helptext").get_text().split())


def footer(page) -> str:
    soup = BeautifulSoup(page.content, "html.parser")
    return " ".join(soup.select_one("footer").get_text(" ").split())


def test_a_group_organiser_is_told_to_ask_the_team_whose_details_are_below(lambeth):
    organiser = make_member(lambeth, display_name="Organiser")
    group = make_group(lambeth, organiser=organiser)
    client = signed_in(lambeth, organiser)
    page = client.get("/events/new/")
    assert place_hint(page) == (
        "Choose a place listed on this website, or “No place” if the event is online only. "
        "If your place is not listed, ask the team to add it. Their contact details are at "
        "the bottom of this page."
    )
    assert "Contact" in footer(page) and "@" in footer(page), "the team's details are there"
    # The same words when they change their group's event.
    event = make_event(lambeth, group=group, posted_by=organiser)
    assert "ask the team to add it" in place_hint(client.get(f"/events/{event.slug}/edit/"))


def test_an_organisation_manager_is_told_to_add_the_place_in_the_admin(lambeth):
    directory = build_directory(lambeth)
    manager = make_member(lambeth, display_name="Manager")
    with inside(lambeth):
        grant_organisation_access(directory.organisation, manager)
    client = signed_in(lambeth, manager)
    hint = place_hint(client.get("/events/new/"))
    assert "add it in the admin (“How to add a place” on your dashboard)" in hint
    assert "once an Editor has approved it" in hint
    assert "How to add a place" in client.get("/admin/").content.decode(), "it is there"


def test_an_editor_adds_it_in_the_admin_and_nobody_asks_the_editors(lambeth):
    editor = make_staff(lambeth, "editor@lambeth.example.org", EDITORS)
    client = signed_in(lambeth, editor)
    hint = place_hint(client.get("/events/new/"))
    assert hint.endswith("If your place is not listed, add it in the admin first.")
    assert "ask the Editors" not in hint
    # Changing a group's event, the Editor is still the one who adds places (found trying it).
    organiser = make_member(lambeth, display_name="Organiser")
    event = make_event(lambeth, group=make_group(lambeth, organiser=organiser), posted_by=organiser)
    hint = place_hint(client.get(f"/events/{event.slug}/edit/"))
    assert hint.endswith("If your place is not listed, add it in the admin first.")
