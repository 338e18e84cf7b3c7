"""Someone's home (a place whose street address is hidden: sites/directory/homes.py).

Its name may hold its host's ("Canaryname's home"). A visitor who is not signed in never
reads it and cannot open its page, whichever way they come: the place's own address,
the places index, an organisation, an activity, "Report a problem", the sitemap, the
Open Referral API, a shared list. A signed-in member reads it and opens its page, as on
events. Search is in tests/search/test_homes.py.
"""

from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from sites.directory.factories import ActivityPageFactory, PlacePageFactory
from sites.directory.models import ActivityPage, OrganisationPage, PlaceIndexPage, PlacePage
from sites.directory.openreferral.ids import Ids
from sites.mylist import selectors as my_list
from tests.community.conftest import make_member, signed_in
from tests.conftest import client_for, inside

pytestmark = pytest.mark.django_db


@dataclass
class Home:
    place: PlacePage
    activity: ActivityPage
    organisation: OrganisationPage
    path: str


@pytest.fixture
def home(lambeth, lambeth_directory) -> Home:
    """The directory's organisations and places, with Canaryname's home, used by the
    choir's organisation and by an activity of its own."""
    with inside(lambeth):
        place = PlacePageFactory(
            parent=PlaceIndexPage.objects.get(),
            title="Canaryname's home",
            slug="canarynames-home",
            summary="Canaryname hosts the knitting circle in her front room.",
            address_line_1="3 Hidden Mews",
            postcode="SW9 7AB",
            latitude="51.471100",
            longitude="-0.113300",
            hide_street_address=True,
        )
        organisation = lambeth_directory.other_organisation
        organisation.places.add(place)
        organisation.save_revision().publish()
        activity = ActivityPageFactory(
            parent=organisation, title="Knitting circle", place=place, in_person=True
        )
        activity.save_revision().publish()
        path = "/" + place.url_path.split("/", 2)[2]
    return Home(place=place, activity=activity, organisation=organisation, path=path)


@pytest.fixture
def member(lambeth):
    return make_member(lambeth, display_name="Robin")


def page_path(page) -> str:
    return "/" + page.url_path.split("/", 2)[2]


def names_it(response) -> bool:
    """Whether the response says the home's name or summary, or links to its page (a
    page not found may repeat the address the visitor typed, as its sign-in link's
    "next": that tells them nothing)."""
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        return "canaryname" in body.lower()
    soup = BeautifulSoup(body, "html.parser")
    text = " ".join(soup.get_text(" ").split()).lower()
    links = [a["href"] for a in soup.find_all("a", href=True)]
    return (
        "canaryname's" in text
        or "hosts the knitting" in text
        or any(link.endswith("/canarynames-home/") for link in links)
    )


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content.decode(), "html.parser").get_text(" ").split())


def test_a_visitor_cannot_open_a_homes_page_a_member_can(lambeth, home, member):
    visitor = client_for(lambeth).get(home.path)
    assert visitor.status_code == 404
    assert not names_it(visitor)
    seen = signed_in(lambeth, member).get(home.path)
    assert seen.status_code == 200 and "Canaryname's home" in text_of(seen)
    # A place that is not a home stays public.
    with inside(lambeth):
        hall = PlacePage.objects.get(title="Brixton Community Hall")
    assert client_for(lambeth).get(page_path(hall)).status_code == 200


def test_report_a_problem_does_not_name_a_home_to_a_visitor(lambeth, home, member):
    address = reverse("directory:report-problem", args=[home.place.pk])
    visitor = client_for(lambeth).get(address)
    assert visitor.status_code == 404 and not names_it(visitor)
    assert signed_in(lambeth, member).get(address).status_code == 200


@pytest.mark.parametrize("where", ["places index", "organisation", "activity"])
def test_a_visitor_never_reads_a_homes_name_in_the_directory(lambeth, home, member, where):
    path = {
        "places index": "/places/",
        "organisation": page_path(home.organisation),
        "activity": page_path(home.activity),
    }[where]
    visitor = client_for(lambeth).get(path)
    assert visitor.status_code == 200
    assert not names_it(visitor), f"the {where} page names the home (or links to it)"
    if where == "activity":
        assert "A member's home" in text_of(visitor) and "SW9 area" in text_of(visitor)
    seen = signed_in(lambeth, member).get(path)
    assert names_it(seen) and "Canaryname's home" in text_of(seen), where


def test_the_sitemap_never_lists_a_home(lambeth, home, member):
    for client in (client_for(lambeth), signed_in(lambeth, member)):
        sitemap = client.get("/sitemap.xml")
        assert sitemap.status_code == 200
        assert "/places/brixton-community-hall/" in sitemap.content.decode()
        assert "/places/canarynames-home/" not in sitemap.content.decode()


def test_the_open_referral_api_calls_a_home_a_members_home(lambeth, home):
    client = client_for(lambeth)
    for path in [
        f"/api/openreferral/services/?text={home.activity.title}",
        "/api/openreferral/service_at_locations/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not names_it(response), path
    service = Ids(lambeth.slug).service(home.activity.pk)
    detail = client.get(f"/api/openreferral/services/{service}")
    assert detail.status_code == 200 and not names_it(detail)
    [at] = detail.json()["service_at_locations"]
    assert at["location"]["name"] == "A member's home"
    assert "description" not in at["location"] and "latitude" not in at["location"]
    assert at["location"]["addresses"][0]["postal_code"] == "SW9"


def test_a_shared_list_leaves_a_home_out_a_members_own_keeps_it(lambeth, home, member):
    refs = [f"place:{home.place.pk}", f"activity:{home.activity.pk}"]
    with inside(lambeth):
        shared = my_list.entries(refs, None)
        own = my_list.entries(refs, member)
    assert [entry.ref for entry in shared] == [f"activity:{home.activity.pk}"]
    assert [entry.ref for entry in own] == refs
