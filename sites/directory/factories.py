"""Factories for every directory model: used by tests and by seed_demo.

The defaults are plain and fixed, for tests. Traits give the other shapes a listing
can take (``PlacePageFactory(in_a_home=True)``, ``ActivityScheduleFactory(monthly=True)``,
``ActivityPageFactory(paid=True)``), and ``DirectoryProvider`` adds Faker words drawn
from the demo directory's lists (``factory.Faker("activity_summary")``). seed_demo
builds its pages with these factories from the plan in ``demo.py``.
"""

import datetime
import random
from decimal import Decimal

import factory
import wagtail_factories
from faker.providers import BaseProvider

from django.utils import timezone
from django.utils.text import slugify

from sites.core.factories import with_picture
from sites.demo.data.directory import GEOGRAPHY, ORGANISATION_KINDS, VENUES
from sites.demo.directory_records import INWARD_LETTERS

from .models import (
    ActivityClosure,
    ActivityPage,
    ActivitySchedule,
    Interest,
    ListingReport,
    OrganisationIndexPage,
    OrganisationJoinRequest,
    OrganisationPage,
    PlaceIndexPage,
    PlacePage,
    ThingsToDoPage,
)


class DirectoryProvider(BaseProvider):
    """Faker words for directory listings, from the demo directory's lists."""

    def drama_phone_number(self) -> str:
        """A London number from Ofcom's drama range (020 7946 0000 to 0999): never real."""
        return f"020 7946 0{self.random_int(0, 999):03d}"

    def borough_postcode(self, borough: str = "lambeth") -> str:
        """A postcode in one of the demo borough's real districts, e.g. 'SW9 4QT'."""
        district = self.random_element([d for hood in GEOGRAPHY[borough] for d in hood.districts])
        letters = self.random_elements(INWARD_LETTERS, length=2, unique=False)
        return f"{district} {self.random_int(1, 9)}{''.join(letters)}"

    def organisation_summary(self) -> str:
        return self.random_element([s for kind in ORGANISATION_KINDS for s in kind.summaries])

    def activity_summary(self) -> str:
        return self.random_element(
            [idea.summary for kind in ORGANISATION_KINDS for idea in kind.activities]
        )

    def venue_summary(self) -> str:
        return self.random_element([s for venue in VENUES.values() for s in venue.summaries])


factory.Faker.add_provider(DirectoryProvider)


class InterestFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Interest {n}")
    slug = factory.LazyAttribute(lambda interest: slugify(interest.name))
    icon = "star"

    class Meta:
        model = Interest
        django_get_or_create = ("name",)


class ThingsToDoPageFactory(wagtail_factories.PageFactory):
    title = "Things to do"
    slug = "things-to-do"

    class Meta:
        model = ThingsToDoPage


class OrganisationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Organisations"
    slug = "organisations"

    class Meta:
        model = OrganisationIndexPage


class PlaceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Places"
    slug = "places"

    class Meta:
        model = PlaceIndexPage


class PlacePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Community centre {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title)[:50])
    summary = "A friendly community centre with a cafe and rooms to hire."
    address_line_1 = factory.Sequence(lambda n: f"{n + 1} High Street")
    town = "London"
    postcode = "SW9 8LF"
    # Decimals with exactly six places: a float can carry more and fail the field's check.
    latitude = factory.LazyFunction(lambda: Decimal(f"{51.46 + random.uniform(-0.02, 0.02):.6f}"))
    longitude = factory.LazyFunction(lambda: Decimal(f"{-0.11 + random.uniform(-0.02, 0.02):.6f}"))
    opening_times = "Monday to Friday, 9am to 5pm"
    step_free_access = True
    accessible_toilet = True

    class Meta:
        model = PlacePage

    class Params:
        # A group that meets in someone's home: only the postcode district is shown.
        in_a_home = factory.Trait(
            title=factory.Sequence(lambda n: f"A member's home {n}"),
            summary="We meet in a member's living room. Ask us for the address.",
            hide_street_address=True,
            opening_times="",
            step_free_access=False,
            accessible_toilet=False,
        )
        with_picture = with_picture()


class OrganisationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Neighbourhood group {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title)[:50])
    summary = "We bring neighbours together to try new things."
    email = factory.Sequence(lambda n: f"hello{n}@group.example.org")
    phone = "020 7946 0123"
    website = factory.Sequence(lambda n: f"https://group{n}.example.org")

    class Meta:
        model = OrganisationPage

    class Params:
        with_picture = with_picture()


class ActivityPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Friendly activity {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title)[:50])
    kind = ActivityPage.Kind.GROUP
    summary = "Come along, meet people and have a go."
    is_free = True

    class Meta:
        model = ActivityPage

    class Params:
        paid = factory.Trait(
            is_free=False,
            cost_amount=3,
            cost_details="£3 a session",
            concessions="£1 if you get benefits.",
        )
        online_only = factory.Trait(
            in_person=False,
            online=True,
            online_url=factory.Sequence(lambda n: f"https://meet.example.org/activity-{n}"),
        )
        by_phone_only = factory.Trait(in_person=False, by_phone=True, contact_phone="020 7946 0999")
        with_picture = with_picture()


class ActivityScheduleFactory(factory.django.DjangoModelFactory):
    # In the order made, as the editor's inline panel numbers them: with none, an
    # activity's times came in whatever order PostgreSQL chose.
    sort_order = factory.Sequence(lambda n: n)
    frequency = ActivitySchedule.Frequency.WEEKLY
    weekday = 1
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    start_time = datetime.time(10, 0)
    end_time = datetime.time(12, 0)

    class Meta:
        model = ActivitySchedule

    class Params:
        fortnightly = factory.Trait(frequency=ActivitySchedule.Frequency.FORTNIGHTLY)
        # The first Tuesday of the month (weekday 1 unless given).
        monthly = factory.Trait(frequency=ActivitySchedule.Frequency.MONTHLY, week_of_month=1)
        once = factory.Trait(
            frequency=ActivitySchedule.Frequency.ONCE,
            weekday=None,
            starts_on=factory.LazyFunction(
                lambda: timezone.localdate() + datetime.timedelta(days=14)
            ),
        )


class ActivityClosureFactory(factory.django.DjangoModelFactory):
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    reason = "Holiday"

    class Meta:
        model = ActivityClosure

    class Params:
        christmas = factory.Trait(
            starts_on=factory.LazyFunction(
                lambda: datetime.date(timezone.localdate().year, 12, 24)
            ),
            ends_on=factory.LazyFunction(
                lambda: datetime.date(timezone.localdate().year + 1, 1, 1)
            ),
            reason="Christmas break",
        )


class ListingReportFactory(factory.django.DjangoModelFactory):
    reason = ListingReport.Reason.WRONG_DETAILS
    details = "The time has changed to 11am."

    class Meta:
        model = ListingReport


class OrganisationJoinRequestFactory(factory.django.DjangoModelFactory):
    organisation_name = factory.Sequence(lambda n: f"New community group {n}")
    summary = "A new group for people who like walking."
    contact_name = "Sam Jones"
    contact_email = factory.Sequence(lambda n: f"sam{n}@newgroup.example.org")

    class Meta:
        model = OrganisationJoinRequest
