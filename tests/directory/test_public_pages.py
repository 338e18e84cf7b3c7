"""The public directory pages: what residents see, and what they must never see."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from sites.directory.factories import ActivityPageFactory, OrganisationPageFactory
from sites.directory.models import ActivityPage, OrganisationPage, PlacePage
from tests.community.conftest import make_member, signed_in
from tests.conftest import client_for, inside

pytestmark = pytest.mark.django_db

STALE_NOTICE = "We are checking this listing. Some details may be out of date."


def get(borough, url: str, client=None) -> str:
    response = (client or client_for(borough)).get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def path(page) -> str:
    """A page's address on its borough's site ('/home/places/x/' is served at '/places/x/')."""
    return "/" + page.url_path.split("/", 2)[2]


def text_of(html: str) -> str:
    """The page as a person reads it: words only, spaces normalised."""
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def next_tuesday_at_ten(first: datetime.date) -> datetime.date:
    """When 'every Tuesday, 10am, from <first>' next happens, worked out by hand."""
    now = timezone.localtime()
    day = max(now.date(), first)
    if day == now.date() and day.weekday() == 1 and now.time() >= datetime.time(10):
        day += datetime.timedelta(days=1)
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def test_an_activity_page_says_what_when_where_cost_and_who_runs_it(lambeth, lambeth_directory):
    activity = lambeth_directory.activity
    html = get(lambeth, path(activity))
    text = text_of(html)

    next_on = next_tuesday_at_ten(datetime.date(2026, 1, 6))
    assert f"Every Tuesday, 10am to 12 noon — next on Tuesday {next_on.day} {next_on:%B}" in text
    assert "Group" in text
    assert "Planting, weeding and tea in the community garden." in text
    assert "Cost Free" in text
    assert "Good for people with mental health conditions" in text
    assert "Just turn up. You do not need to book." in text
    assert "Gardening and outdoors" in text
    # The place: name, full address, and a map, because it is a public venue.
    assert "Brixton Community Hall" in text and "12 Acre Lane" in text and "SW2 5SG" in text
    assert "https://www.openstreetmap.org/?mlat=51.4612" in html
    # Accessibility from the activity (step-free) and from its place (hearing loop), in words.
    soup = BeautifulSoup(html, "html.parser")
    features = [li.get_text(strip=True) for li in soup.select(".tick-list li")]
    assert {"Step-free access", "Accessible toilet", "Hearing loop"} <= set(features)
    # Who runs it, and how to reach them.
    assert "Brixton Gardeners" in text
    assert lambeth_directory.organisation.email in text
    assert 'href="tel:02079460123"' in html
    assert f'href="/report-a-problem/{activity.pk}/"' in html
    assert STALE_NOTICE not in text


def test_a_paid_online_activity_says_what_it_costs_and_how_to_join_online(
    lambeth, lambeth_directory
):
    text = text_of(html := get(lambeth, path(lambeth_directory.evening_activity)))
    assert "First Thursday of the month, 7pm to 8:30pm" in text
    assert "Club" in text
    assert "Cost £3 a session" in text
    assert "You can take part online." in text
    assert 'href="https://choir.example.org/join"' in html


def test_booking_and_referral_are_explained_in_plain_words(lambeth, lambeth_directory):
    activity = lambeth_directory.activity
    with inside(lambeth):
        ActivityPage.objects.filter(pk=activity.pk).update(
            access_mode=ActivityPage.AccessMode.BOOK, booking_url="https://book.example.org/"
        )
    html = get(lambeth, path(activity))
    assert "Book a place before you go." in text_of(html)
    assert 'href="https://book.example.org/"' in html

    with inside(lambeth):
        ActivityPage.objects.filter(pk=activity.pk).update(
            access_mode=ActivityPage.AccessMode.REFERRAL
        )
    assert "By referral." in text_of(get(lambeth, path(activity)))


HOME_SECRETS = ["7 Quiet Road", "Quiet Road", "8LF", "51.4701", "-0.1122", "openstreetmap"]


@pytest.mark.parametrize(
    "where",
    ["home place page", "activity page", "things to do", "places index", "organisation page"],
)
def test_a_home_meeting_place_never_shows_its_street_address(lambeth, lambeth_directory, where):
    directory = lambeth_directory
    url = {
        "home place page": path(directory.home_place),
        "activity page": path(directory.evening_activity),
        "things to do": path(directory.things_to_do),
        "places index": "/places/",
        "organisation page": path(directory.other_organisation),
    }[where]
    # Someone's home is for signed-in members only (tests/directory/test_homes.py).
    member = where in ("home place page", "places index")
    html = get(lambeth, url, signed_in(lambeth, make_member(lambeth)) if member else None)
    assert "SW9" in html, "the area is shown, so people know roughly where it is"
    for secret in HOME_SECRETS:
        if where in ("things to do", "places index") and secret == "openstreetmap":
            continue  # these list the public hall too, which has a map
        assert secret not in html, f"{where} shows {secret!r} of a home address"


def test_the_home_place_page_explains_why_there_is_no_street_address(lambeth, lambeth_directory):
    member = signed_in(lambeth, make_member(lambeth))
    text = text_of(get(lambeth, path(lambeth_directory.home_place), member))
    assert "SW9 area" in text
    assert "we do not show the street address" in text


def test_a_place_page_shows_address_opening_times_accessibility_and_what_happens_there(
    lambeth, lambeth_directory
):
    directory = lambeth_directory
    html = get(lambeth, path(directory.place))
    text = text_of(html)
    assert "12 Acre Lane London SW2 5SG" in text
    assert "Monday to Friday, 9am to 5pm" in text
    assert "Hearing loop" in text and "Step-free access" in text
    assert "Tuesday garden club" in text
    assert "Evening choir" not in text, "the choir meets somewhere else"
    assert f'href="/report-a-problem/{directory.place.pk}/"' in html


def test_an_organisation_page_shows_its_contact_details_and_live_activities_only(
    lambeth, lambeth_directory
):
    organisation = lambeth_directory.organisation
    with inside(lambeth):
        ActivityPageFactory(parent=organisation, title="Draft seed swap", live=False)
    html = get(lambeth, path(organisation))
    text = text_of(html)
    assert "We grow food together." in text
    assert organisation.email in text and organisation.website in text
    assert "Tuesday garden club" in text
    assert "Draft seed swap" not in text
    assert "Evening choir" not in text, "another organisation runs the choir"
    assert f'href="/report-a-problem/{organisation.pk}/"' in html


def test_index_pages_list_their_listings_from_a_to_z(lambeth, lambeth_directory):
    with inside(lambeth):
        OrganisationPageFactory(
            parent=lambeth_directory.organisation.get_parent(), title="allotment friends"
        )
    soup = BeautifulSoup(get(lambeth, "/organisations/"), "html.parser")
    names = [h3.get_text(strip=True) for h3 in soup.select(".listing__title")]
    assert names == ["allotment friends", "Brixton Gardeners", "Stockwell Singers"]

    member = signed_in(lambeth, make_member(lambeth))
    soup = BeautifulSoup(get(lambeth, "/places/", member), "html.parser")
    names = [h3.get_text(strip=True) for h3 in soup.select(".listing__title")]
    assert names == ["Brixton Community Hall", "Knitters' front room"]
    # Someone's home is listed for members only (tests/directory/test_homes.py).
    soup = BeautifulSoup(get(lambeth, "/places/"), "html.parser")
    assert [h3.get_text(strip=True) for h3 in soup.select(".listing__title")] == [
        "Brixton Community Hall"
    ]


def test_a_stale_activity_is_listed_nowhere_but_its_own_page_warns(lambeth, lambeth_directory):
    directory = lambeth_directory
    with inside(lambeth):
        ActivityPage.objects.filter(pk=directory.activity.pk).update(hidden_as_stale=True)

    for url in (path(directory.things_to_do), path(directory.organisation), path(directory.place)):
        assert "Tuesday garden club" not in get(lambeth, url), url
    assert "Evening choir" in get(lambeth, path(directory.things_to_do))

    assert STALE_NOTICE in text_of(get(lambeth, path(directory.activity)))
    assert STALE_NOTICE not in text_of(get(lambeth, path(directory.evening_activity)))


def test_a_stale_organisation_or_place_is_listed_nowhere_but_its_own_page_warns(
    lambeth, lambeth_directory
):
    directory = lambeth_directory
    with inside(lambeth):
        OrganisationPage.objects.filter(pk=directory.organisation.pk).update(hidden_as_stale=True)
        PlacePage.objects.filter(pk=directory.home_place.pk).update(hidden_as_stale=True)

    organisations = get(lambeth, "/organisations/")
    assert "Brixton Gardeners" not in organisations and "Stockwell Singers" in organisations
    places = get(lambeth, "/places/")
    assert "Knitters" not in places and "Brixton Community Hall" in places
    # An activity is no more current than the organisation that runs it.
    assert "Tuesday garden club" not in get(lambeth, path(directory.things_to_do))

    assert STALE_NOTICE in text_of(get(lambeth, path(directory.organisation)))
    member = signed_in(lambeth, make_member(lambeth))  # a home's page is for members
    assert STALE_NOTICE in text_of(get(lambeth, path(directory.home_place), member))
    # The choir still shows where it meets, but does not link to the hidden place page.
    choir = get(lambeth, path(directory.evening_activity))
    assert f'href="{path(directory.home_place)}"' not in choir
    assert "SW9 area" in text_of(choir)


def test_southwark_never_shows_lambeths_listings(lambeth, southwark, lambeth_directory):
    directory = lambeth_directory
    lambeth_names = ["Brixton Gardeners", "Tuesday garden club", "Brixton Community Hall"]
    for url in ("/things-to-do/", "/organisations/", "/places/"):
        html = get(southwark, url)
        for name in lambeth_names:
            assert name not in html, f"Southwark's {url} shows Lambeth's {name}"
    for page in (directory.activity, directory.organisation, directory.place):
        assert client_for(southwark).get(path(page)).status_code == 404
    assert "Tuesday garden club" in get(lambeth, "/things-to-do/")
