"""Directory fixtures: a small, realistic directory built from factories in a borough."""

import datetime
from dataclasses import dataclass

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from sites.core.roles import EDITORS
from sites.directory.factories import (
    ActivityPageFactory,
    ActivityScheduleFactory,
    OrganisationPageFactory,
    PlacePageFactory,
)
from sites.directory.models import (
    ActivityPage,
    Interest,
    OrganisationIndexPage,
    OrganisationPage,
    PlaceIndexPage,
    PlacePage,
    ThingsToDoPage,
)
from sites.directory.services.organisation_access import grant_organisation_access
from tests.conftest import inside


@dataclass
class Directory:
    organisation: OrganisationPage
    other_organisation: OrganisationPage
    place: PlacePage
    home_place: PlacePage
    activity: ActivityPage
    evening_activity: ActivityPage
    things_to_do: ThingsToDoPage


def build_directory(borough) -> Directory:
    """Two organisations, a public venue and a home meeting place, two activities."""
    with inside(borough):
        organisations = OrganisationIndexPage.objects.get()
        places = PlaceIndexPage.objects.get()
        place = PlacePageFactory(
            parent=places,
            title="Brixton Community Hall",
            address_line_1="12 Acre Lane",
            postcode="SW2 5SG",
            latitude="51.461200",
            longitude="-0.118300",
            hearing_loop=True,
        )
        home_place = PlacePageFactory(
            parent=places,
            title="Knitters' front room",
            address_line_1="7 Quiet Road",
            postcode="SW9 8LF",
            latitude="51.470100",
            longitude="-0.112200",
            hide_street_address=True,
        )
        organisation = OrganisationPageFactory(
            parent=organisations, title="Brixton Gardeners", summary="We grow food together."
        )
        other = OrganisationPageFactory(
            parent=organisations, title="Stockwell Singers", summary="A friendly choir."
        )
        gardening = Interest.objects.get(slug="gardening-and-outdoors")
        singing = Interest.objects.get(slug="music-and-singing")
        activity = ActivityPageFactory(
            parent=organisation,
            title="Tuesday garden club",
            summary="Planting, weeding and tea in the community garden.",
            place=place,
            mental_health_friendly=True,
            step_free_access=True,
        )
        activity.interests.set([gardening])
        activity.save_revision().publish()
        ActivityScheduleFactory(
            activity=activity,
            weekday=1,
            starts_on=datetime.date(2026, 1, 6),
            start_time=datetime.time(10),
            end_time=datetime.time(12),
        )
        evening = ActivityPageFactory(
            parent=other,
            title="Evening choir",
            summary="Sing together, no experience needed.",
            kind=ActivityPage.Kind.CLUB,
            place=home_place,
            is_free=False,
            cost_details="£3 a session",
            online=True,
            online_url="https://choir.example.org/join",
        )
        evening.interests.set([singing])
        evening.save_revision().publish()
        ActivityScheduleFactory(
            activity=evening,
            frequency="monthly",
            weekday=3,
            week_of_month=1,
            starts_on=datetime.date(2026, 1, 1),
            start_time=datetime.time(19),
            end_time=datetime.time(20, 30),
        )
        return Directory(
            organisation=organisation,
            other_organisation=other,
            place=place,
            home_place=home_place,
            activity=activity,
            evening_activity=evening,
            things_to_do=ThingsToDoPage.objects.get(),
        )


@pytest.fixture
def lambeth_directory(lambeth) -> Directory:
    return build_directory(lambeth)


@pytest.fixture
def southwark_directory(southwark) -> Directory:
    return build_directory(southwark)


def make_user(email, *groups):
    user = get_user_model().objects.create_user(username=email, email=email, password="pw-123456")
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def manager(lambeth, lambeth_directory):
    """A manager of Lambeth's first organisation (modules may have their own)."""
    with inside(lambeth):
        user = make_user("manager@gardeners.example.org")
        grant_organisation_access(lambeth_directory.organisation, user)
        return user


@pytest.fixture
def editor(lambeth):
    with inside(lambeth):
        return make_user("editor@lambeth.example.org", EDITORS)


HOME_NAME = "Canaryhost's home"
HOME_STREET = "12 Acre Lane"


@pytest.fixture
def hall(lambeth, lambeth_directory):
    """The manager's place (only their activity meets there), live, with a canary name:
    someone's home in the making (test_homes_at_once.py, test_homes_now.py)."""
    with inside(lambeth):
        place = PlacePage.objects.get(pk=lambeth_directory.place.pk)
        place.title = HOME_NAME
        place.save_revision().publish()
        return place
