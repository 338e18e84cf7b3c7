"""Factories for every directory model: used by tests and by seed_demo."""

import datetime
import random

import factory
import wagtail_factories

from django.utils import timezone
from django.utils.text import slugify

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
    latitude = factory.LazyFunction(lambda: round(51.46 + random.uniform(-0.02, 0.02), 6))
    longitude = factory.LazyFunction(lambda: round(-0.11 + random.uniform(-0.02, 0.02), 6))
    opening_times = "Monday to Friday, 9am to 5pm"
    step_free_access = True
    accessible_toilet = True

    class Meta:
        model = PlacePage


class OrganisationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Neighbourhood group {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title)[:50])
    summary = "We bring neighbours together to try new things."
    email = factory.Sequence(lambda n: f"hello{n}@group.example.org")
    phone = "020 7946 0123"
    website = factory.Sequence(lambda n: f"https://group{n}.example.org")

    class Meta:
        model = OrganisationPage


class ActivityPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Friendly activity {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title)[:50])
    kind = ActivityPage.Kind.GROUP
    summary = "Come along, meet people and have a go."
    is_free = True

    class Meta:
        model = ActivityPage


class ActivityScheduleFactory(factory.django.DjangoModelFactory):
    frequency = ActivitySchedule.Frequency.WEEKLY
    weekday = 1
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    start_time = datetime.time(10, 0)
    end_time = datetime.time(12, 0)

    class Meta:
        model = ActivitySchedule


class ActivityClosureFactory(factory.django.DjangoModelFactory):
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    reason = "Holiday"

    class Meta:
        model = ActivityClosure


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
