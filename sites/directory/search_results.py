"""How the directory appears in the borough's search box (see search/registry.py).

Found at start-up by the search app. Visibility comes from selectors.py, and each
facet condition means what the same filter means on "Things to do"
(``selectors.filter_activities``; tests/search/test_facets.py checks they agree). The
conditions follow relations directly (``interests__slug``, ``schedules__weekday``) so
the search can count every option in one query over its matches.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from search.indexing import resync_on_change
from search.registry import (
    Facet,
    ResultDetails,
    ResultType,
    place_locations,
    register_facet,
    register_result_type,
)

from .models import ActivityPage, ActivitySchedule, Interest, OrganisationPage, PlacePage
from .models.mixins import ACCESSIBILITY_FIELDS, ACCESSIBILITY_FILTERS
from .models.schedule import WEEKDAYS, date_in_words, time_in_words
from .selectors import TIMES_OF_DAY, visible_activities, visible_organisations, visible_places

TIME_LABELS = {  # the keys of selectors.TIMES_OF_DAY
    "morning": "Morning (before 12 noon)",
    "afternoon": "Afternoon (12 noon to 5pm)",
    "evening": "Evening (from 5pm)",
}
WAYS = [("in_person", "In person"), ("online", "Online"), ("by_phone", "By phone")]
ONCE = ActivitySchedule.Frequency.ONCE
REPEATING = [frequency for frequency in ActivitySchedule.Frequency.values if frequency != ONCE]


def session(days=(), times=(), today: datetime.date | None = None) -> Q:
    """An activity with a time that still happens, on one of ``days`` (0 = Monday) and
    starting in one of ``times`` (keys of TIMES_OF_DAY). One Q, so that every part
    applies to the same time: Tuesday evening, not Tuesday morning plus Friday evening."""
    today = today or timezone.localdate()
    # No negations: a negated condition on a many-valued relation becomes a subquery of
    # its own, and would no longer be about the same time.
    condition = (Q(schedules__ends_on__isnull=True) | Q(schedules__ends_on__gte=today)) & (
        Q(schedules__frequency__in=REPEATING) | Q(schedules__starts_on__gte=today)
    )
    if days:
        condition &= Q(schedules__weekday__in=days) | Q(
            schedules__frequency=ONCE, schedules__starts_on__iso_week_day__in=[d + 1 for d in days]
        )
    if times:
        windows = Q()
        for name in times:
            start, end = TIMES_OF_DAY[name]
            window = Q(schedules__start_time__gte=start)
            if end is not None:
                window &= Q(schedules__start_time__lt=end)
            windows |= window
        condition &= windows
    return condition


def _days(values) -> list[int]:
    return [int(value) for value in values]


# --- Facets ------------------------------------------------------------------------------

register_facet(
    Facet(
        "interest",
        "Interest",
        lambda: list(Interest.objects.values_list("slug", "name")),
        order=10,
    )
)
register_facet(
    Facet("day", "Day of the week", lambda: [(str(n), day) for n, day in WEEKDAYS], order=20)
)
register_facet(Facet("time", "Time of day", lambda: list(TIME_LABELS.items()), order=30))
register_facet(
    Facet("cost", "Free or paid", lambda: [("free", "Free"), ("paid", "Paid")], order=40)
)
register_facet(Facet("way", "Online or in person", lambda: WAYS, order=50))
register_facet(
    Facet("access", "Accessibility", lambda: ACCESSIBILITY_FILTERS, match="all", order=60)
)


# --- Activities -------------------------------------------------------------------------


def describe_activity(activity: ActivityPage) -> ResultDetails:
    upcoming = activity.next_occurrences(count=1)
    when = ""
    if upcoming:
        moment = upcoming[0][0]
        when = f"Next on {date_in_words(moment.date())}, {time_in_words(moment.time())}"
    if activity.place is not None:
        where = activity.place.public_address  # a hidden address shows its district only
    elif activity.online:
        where = "Online"
    else:
        where = ""
    facts = [activity.cost_in_words]
    facts += [label for value, label in WAYS if getattr(activity, value)]
    return ResultDetails(when=when, where=where, facts=tuple(facts))


register_result_type(
    ResultType(
        key="activity",
        model=ActivityPage,
        label="Activity",
        plural="Activities",
        visible=lambda viewer: visible_activities(),  # the same for everyone
        describe=describe_activity,
        prepare=lambda queryset: queryset.select_related("place").prefetch_related(
            "schedules", "closures"
        ),
        facet_filters={
            "interest": lambda value, chosen: Q(interests__slug=value),
            "day": lambda value, chosen: session(days=[int(value)], times=chosen.get("time", [])),
            "time": lambda value, chosen: session(times=[value], days=_days(chosen.get("day", []))),
            "cost": lambda value, chosen: Q(is_free=(value == "free")),
            "way": lambda value, chosen: Q(**{value: True}),
            # The activity's own feature, or its place's.
            "access": lambda value, chosen: Q(**{value: True}) | Q(**{f"place__{value}": True}),
        },
        locate=place_locations("place"),
        order=10,
    )
)


# --- Organisations ----------------------------------------------------------------------


def describe_organisation(organisation: OrganisationPage) -> ResultDetails:
    addresses = [place.public_address for place in organisation.places.all() if place.live]
    return ResultDetails(where="; ".join(addresses[:2]))


register_result_type(
    ResultType(
        key="organisation",
        model=OrganisationPage,
        label="Organisation",
        plural="Organisations",
        visible=lambda viewer: visible_organisations(),  # the same for everyone
        describe=describe_organisation,
        prepare=lambda queryset: queryset.prefetch_related("places"),
        locate=place_locations("places"),
        order=20,
    )
)


# --- Places -----------------------------------------------------------------------------


def describe_place(place: PlacePage) -> ResultDetails:
    return ResultDetails(
        where=place.public_address,
        facts=tuple(label for _, label in place.accessibility_features),
    )


register_result_type(
    ResultType(
        key="place",
        model=PlacePage,
        label="Place",
        plural="Places",
        visible=lambda viewer: visible_places(),  # the same for everyone
        describe=describe_place,
        facet_filters={"access": lambda value, chosen: Q(**{value: True})},
        locate=place_locations(""),
        order=30,
    )
)


def activities_using(interest: Interest):
    """Activities hold their interests' names in their entries (boosted: people search
    by interest), so a renamed interest re-indexes them."""
    return [(ActivityPage, ActivityPage.objects.filter(interests=interest))]


def activities_at(place: PlacePage):
    """Activities hold their place's accessibility features in their entries, so
    "wheelchair" finds an activity at a step-free place."""
    return [(ActivityPage, ActivityPage.objects.filter(place=place))]


resync_on_change(Interest, ["name"], activities_using)
resync_on_change(PlacePage, ACCESSIBILITY_FIELDS, activities_at)
