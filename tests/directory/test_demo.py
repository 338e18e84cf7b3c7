"""The demo directory: its plan (no database) and a full-size seed of one borough."""

import datetime
import random
import re
from collections import Counter

import pytest

from django.core.exceptions import ValidationError

from wagtail.models import Page

from sites.demo.boroughs import DEMO_BOROUGHS
from sites.demo.data.directory import GEOGRAPHY
from sites.demo.directory import seed_directory
from sites.demo.directory_plan import plan_directory
from sites.demo.directory_records import DIRECTORY_SIZES
from sites.directory.models import (
    ActivityPage,
    ActivitySchedule,
    OrganisationPage,
    PlacePage,
)
from sites.directory.models.pages import validate_uk_postcode
from tests.conftest import inside

TODAY = datetime.date(2026, 11, 26)
DEMOS = {demo.slug: demo for demo in DEMO_BOROUGHS}


def full_plan(slug: str, today: datetime.date = TODAY):
    return plan_directory(DEMOS[slug], "full", random.Random(slug), today=today)


@pytest.mark.parametrize("slug", list(DEMOS))
def test_full_plan_keeps_the_promise_of_100_organisations_and_200_activities(slug):
    plan = full_plan(slug)

    assert len(plan.organisations) == DIRECTORY_SIZES["full"].organisations == 100
    assert len(plan.activities) == DIRECTORY_SIZES["full"].activities == 200
    assert len({o.slug for o in plan.organisations}) == 100
    assert len({p.slug for p in plan.places}) == len(plan.places)
    for organisation in plan.organisations:
        slugs = [activity.slug for activity in organisation.activities]
        assert organisation.activities and len(set(slugs)) == len(slugs)
    # Many kinds of organisation, from every neighbourhood.
    assert len(Counter(o.kind for o in plan.organisations)) >= 15
    assert {o.neighbourhood for o in plan.organisations} == set(DEMOS[slug].neighbourhoods)


@pytest.mark.parametrize("slug", list(DEMOS))
def test_full_plan_has_every_kind_of_schedule_cost_and_way_of_taking_part(slug):
    activities = full_plan(slug).activities
    schedules = [schedule for activity in activities for schedule in activity.schedules]

    assert {s["frequency"] for s in schedules} == {"weekly", "fortnightly", "monthly", "once"}
    for schedule in schedules:
        ActivitySchedule(**schedule).clean()  # end after start, weekday where needed...
        if schedule["frequency"] == "once":
            assert TODAY < schedule["starts_on"] <= TODAY + datetime.timedelta(weeks=8)
    assert any(a.closures and a.closures[0]["reason"].startswith("Christmas") for a in activities)
    assert 0.5 < sum(a.fields["is_free"] for a in activities) / len(activities) < 0.95
    assert any(a.fields["concessions"] for a in activities)
    assert any(a.fields["first_session_free"] for a in activities)
    assert any(a.fields["online"] and not a.fields["in_person"] for a in activities)
    assert any(a.fields["by_phone"] for a in activities)
    assert all(1 <= len(a.interests) <= 3 for a in activities)
    for flag in ("learning_disability_friendly", "mental_health_friendly", "carers_welcome"):
        assert any(a.fields[flag] for a in activities)
    assert {a.fields["gender"] for a in activities} & {"women", "men"}, "some are for one gender"


@pytest.mark.parametrize("slug", list(DEMOS))
def test_places_are_in_the_borough_and_about_one_in_ten_is_a_home(slug):
    plan = full_plan(slug)
    districts = {d for hood in GEOGRAPHY[slug] for d in hood.districts}
    centres = [hood.centre for hood in GEOGRAPHY[slug]]

    for place in plan.places:
        validate_uk_postcode(place.fields["postcode"])
        assert place.fields["postcode"].split()[0] in districts
        assert re.match(r"^\d+ \S", place.fields["address_line_1"])
        latitude, longitude = float(place.fields["latitude"]), float(place.fields["longitude"])
        assert min(abs(latitude - lat) + abs(longitude - lon) for lat, lon in centres) < 0.02
    hidden = [place for place in plan.places if place.hidden]
    assert 0.09 <= len(hidden) / len(plan.places) <= 0.2
    used = {a.place for a in plan.activities}
    assert any(place.slug in used for place in hidden)


@pytest.mark.parametrize("slug", list(DEMOS))
def test_names_say_where_things_are(slug):
    plan = full_plan(slug)

    for organisation in plan.organisations:
        if organisation.own_place:
            assert plan.place(organisation.own_place).neighbourhood == organisation.neighbourhood
        for activity in organisation.activities:
            where = plan.place(activity.place).neighbourhood if activity.place else None
            said = re.search(r" in ([A-Z][\w ]+)$", activity.title)
            if said and where and said.group(1) in DEMOS[slug].neighbourhoods:
                assert said.group(1) == where, activity.title
    titles = [activity.title for activity in plan.activities]
    assert len(set(titles)) > 0.9 * len(titles), "activity names are varied"


def test_plans_are_reproducible_and_names_do_not_depend_on_the_day():
    first, again = full_plan("lambeth"), full_plan("lambeth")
    later = full_plan("lambeth", today=TODAY + datetime.timedelta(days=40))

    assert first == again
    assert [o.slug for o in later.organisations] == [o.slug for o in first.organisations]
    assert [a.slug for a in later.activities] == [a.slug for a in first.activities]
    assert [o.title for o in full_plan("southwark").organisations] != [
        o.title for o in first.organisations
    ]


@pytest.mark.parametrize("slug", list(DEMOS))
def test_small_plan_is_small_but_still_has_a_group_meeting_in_a_home(slug):
    plan = plan_directory(DEMOS[slug], "small", random.Random(slug), today=TODAY)

    assert (len(plan.organisations), len(plan.activities)) == (8, 16)
    hidden = {place.slug for place in plan.places if place.hidden}
    assert hidden & {activity.place for activity in plan.activities}


def test_unknown_size():
    with pytest.raises(ValueError, match="full, small"):
        plan_directory(DEMOS["brent"], "huge", random.Random("brent"), today=TODAY)


def test_plan_only_uses_the_interests_the_borough_has():
    plan = plan_directory(
        DEMOS["ealing"],
        "small",
        random.Random("ealing"),
        today=TODAY,
        interest_names=["Walking", "Games"],
    )

    for activity in plan.activities:
        assert 1 <= len(activity.interests) <= 3
        assert set(activity.interests) <= {"Walking", "Games"}


@pytest.mark.django_db
def test_full_seed_of_one_borough_is_valid_and_complete(lambeth):
    """Inside the test's transaction: nothing reaches the search index or stays behind."""
    with inside(lambeth):
        seeded = seed_directory(DEMOS["lambeth"], "full", random.Random("lambeth"))

        assert seeded.organisations >= 100
        assert seeded.activities >= 200
        assert Page.find_problems() == ([], [], [], [], [])
        for page in Page.objects.type(OrganisationPage, ActivityPage, PlacePage).specific():
            try:
                page.full_clean()
            except ValidationError as error:  # pragma: no cover - the message is the point
                pytest.fail(f"{page.title}: {error}")
        assert PlacePage.objects.filter(hide_street_address=True).count() >= 8

        again = seed_directory(DEMOS["lambeth"], "full", random.Random("lambeth"))
        assert again.added == 0
        assert (again.organisations, again.activities) == (
            seeded.organisations,
            seeded.activities,
        )


@pytest.mark.django_db  # building a page looks up its content type
def test_factory_traits_and_faker_words():
    from faker import Faker

    from sites.directory.factories import (
        ActivityPageFactory,
        ActivityScheduleFactory,
        DirectoryProvider,
        PlacePageFactory,
    )

    home = PlacePageFactory.build(in_a_home=True)
    assert home.hide_street_address and home.public_address == "SW9 area"
    assert ActivityScheduleFactory.build(monthly=True).in_words.startswith("First Tuesday")
    assert ActivityScheduleFactory.build(once=True).in_words.startswith("On ")
    paid = ActivityPageFactory.build(paid=True)
    assert (paid.is_free, paid.cost_in_words) == (False, "£3 a session")
    assert not ActivityPageFactory.build(online_only=True).in_person

    fake = Faker("en_GB")
    fake.add_provider(DirectoryProvider)
    fake.seed_instance(1)
    postcode = fake.borough_postcode("brent")
    validate_uk_postcode(postcode)
    assert postcode.split()[0] in {d for hood in GEOGRAPHY["brent"] for d in hood.districts}
    assert fake.drama_phone_number().startswith("020 7946 0")
    assert fake.activity_summary().endswith(".")
