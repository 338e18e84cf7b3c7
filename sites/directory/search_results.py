"""How the directory appears in the borough's search box (see search/registry.py).

Found at start-up by the search app. Visibility comes from selectors.py, and each
facet condition means what the same filter means on "Things to do"
(``selectors.filter_activities``; tests/search/test_facets.py checks they agree). The
conditions follow relations directly (``interests__slug``, ``schedules__weekday``) so
the search can count every option in one query over its matches.
"""

from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from search.document import EngineValues, answer_field
from search.indexing import resync_on_change, resync_on_save
from search.reader_words import register_examples, register_labels
from search.registry import (
    Facet,
    ResultDetails,
    ResultType,
    place_locations,
    place_points,
    register_facet,
    register_postcode_example,
    register_result_type,
)
from sites.core.words import in_each_language

from .homes import homes
from .interests import interest_options
from .models import ActivityPage, ActivitySchedule, Interest, OrganisationPage, PlacePage
from .models.mixins import ACCESSIBILITY_FIELDS, ACCESSIBILITY_FILTERS
from .models.schedule import WEEKDAYS, date_in_words, time_in_words
from .models.taxonomy import DEFAULT_INTERESTS, SEARCH_EXAMPLES
from .search_sessions import days_of, engine_session, session, until_numbers, weekly_keys
from .selectors import (
    remembered_postcode_district,
    visible_activities,
    visible_organisations,
    visible_places,
)

TIME_LABELS = {  # the keys of selectors.TIMES_OF_DAY
    "morning": gettext_lazy("Morning (before 12 noon)"),
    "afternoon": gettext_lazy("Afternoon (12 noon to 5pm)"),
    "evening": gettext_lazy("Evening (from 5pm)"),
}
WAYS = [
    ("in_person", gettext_lazy("In person")),
    ("online", gettext_lazy("Online")),
    ("by_phone", gettext_lazy("By phone")),
]


def _has(name: str):
    """An engine condition: the indexed list ``name`` holds the option's value."""
    return lambda value, chosen, today: {"term": {answer_field(name): value}}


# --- Facets ------------------------------------------------------------------------------

register_facet(
    Facet(
        "interest",
        gettext_lazy("Interest"),
        interest_options,
        order=10,
        engine=_has("interests"),
        options_in_original_language=True,
    )
)
register_facet(
    Facet(
        "day",
        gettext_lazy("Day of the week"),
        lambda: [(str(n), day) for n, day in WEEKDAYS],
        order=20,
        engine=lambda value, chosen, today: engine_session(
            days=[int(value)], times=chosen.get("time", []), today=today
        ),
    )
)
register_facet(
    Facet(
        "time",
        gettext_lazy("Time of day"),
        lambda: list(TIME_LABELS.items()),
        order=30,
        engine=lambda value, chosen, today: engine_session(
            times=[value], days=days_of(chosen.get("day", [])), today=today
        ),
    )
)
register_facet(
    Facet(
        "cost",
        gettext_lazy("Free or paid"),
        lambda: [("free", gettext_lazy("Free")), ("paid", gettext_lazy("Paid"))],
        order=40,
        engine=_has("cost"),
    )
)
register_facet(
    Facet("way", gettext_lazy("Online or in person"), lambda: WAYS, order=50, engine=_has("ways"))
)
register_facet(
    Facet(
        "access",
        gettext_lazy("Accessibility"),
        lambda: ACCESSIBILITY_FILTERS,
        match="all",
        order=60,
        engine=_has("access"),
    )
)


# --- Words readers type in their own language (search/reader_words.py) -----------------
# Beside every facet option: the kinds of activity, and the interests every borough
# starts with (in the catalogues, whatever a borough kept or renamed).

register_labels(lambda: [label for _, label in ActivityPage.Kind.choices])
register_labels(lambda: [name for name, _ in DEFAULT_INTERESTS])
register_examples(lambda: SEARCH_EXAMPLES)
# The postcode box's errors give the district its hint gives (directory_tags.postcode_hint).
register_postcode_example(remembered_postcode_district)


# --- What the engine holds about each listing -------------------------------------------


def _shown(page, visible) -> bool:
    """Whether the public may see ``page``: what ``visible()`` says (set for a chunk
    by ``_mark_shown`` when indexing many, else one query)."""
    known = page.__dict__.get("shown_to_public")
    if known is not None:
        return known
    return page.pk is not None and visible().filter(pk=page.pk).exists()


def _read_in_bulk(*related, prefetch=()):
    def prepare(queryset):
        return queryset.select_related(*related).prefetch_related(*prefetch)

    return prepare


def _mark_shown(visible):
    """Which of a chunk the public may see, in one query by key. As an annotation
    (``Exists`` per row) PostgreSQL hashed the visibility of every listing in the
    borough for each chunk: half the time of reading 500 activities. A rebuild's pass
    (``whole_pass``) reads every visible key once, for all its chunks: a tenth of its
    time went to asking for each chunk."""

    def mark(items, whole_pass=None):
        if whole_pass is None:
            keys = [item.pk for item in items]
            shown = set(visible().filter(pk__in=keys).values_list("pk", flat=True))
        else:
            if "shown" not in whole_pass:
                whole_pass["shown"] = set(visible().values_list("pk", flat=True))
            shown = whole_pass["shown"]
        for item in items:
            item.shown_to_public = item.pk in shown

    return mark


def _access(obj, place) -> list[str]:
    """Features of the object itself, or of its place (as the "access" facet means)."""
    return [
        name
        for name in ACCESSIBILITY_FIELDS
        if getattr(obj, name) or (place is not None and getattr(place, name))
    ]


def _live_place(activity: ActivityPage):
    """The activity's place, unless an Editor has not approved it yet (a place its
    organisation added): then it is nowhere in the results, as on the activity's page."""
    place = activity.place
    return place if place is not None and place.live else None


def activity_values(activity: ActivityPage) -> EngineValues:
    place = _live_place(activity)
    exact, area = place_points([place])
    schedules = activity.schedules.all()  # one read for both (a rebuild's: in memory)
    return EngineValues(
        shown=_shown(activity, visible_activities),
        title=activity.title.lower(),
        interests=[interest.slug for interest in activity.interests.all()],
        cost="free" if activity.is_free else "paid",
        ways=[value for value, _ in WAYS if getattr(activity, value)],
        access=_access(activity, place),
        weekly=weekly_keys(schedules),
        until=until_numbers(schedules),
        exact_points=exact,
        area_points=area,
    )


def organisation_values(organisation: OrganisationPage) -> EngineValues:
    exact, area = place_points(organisation.places.all())
    return EngineValues(
        shown=_shown(organisation, visible_organisations),
        title=organisation.title.lower(),
        exact_points=exact,
        area_points=area,
    )


def searchable_places():
    """The places a search may show: never someone's home, to anyone (homes.py): its
    document holds its area, not its name, so it could not be found by name anyway."""
    return visible_places().exclude(homes())


def place_values(place: PlacePage) -> EngineValues:
    exact, area = place_points([place])
    return EngineValues(
        shown=_shown(place, searchable_places),
        title=place.title_in_search.lower(),
        access=_access(place, None),
        exact_points=exact,
        area_points=area,
    )


# --- Activities -------------------------------------------------------------------------


@in_each_language
def _next_on() -> str:
    return gettext("Next on %(date)s, %(time)s")


def describe_activity(activity: ActivityPage) -> ResultDetails:
    upcoming = activity.next_occurrences(count=1)
    when = ""
    if upcoming:
        moment = upcoming[0][0]
        when = _next_on() % {
            "date": date_in_words(moment.date()),
            "time": time_in_words(moment.time()),
        }
    if (place := _live_place(activity)) is not None:
        where = place.public_address  # a hidden address shows its district only
    elif activity.online:
        where = gettext("Online")
    else:
        where = ""
    facts = [activity.cost_in_words]
    facts += [label for value, label in WAYS if getattr(activity, value)]
    return ResultDetails(when=when, where=where, facts=tuple(facts))


register_result_type(
    ResultType(
        key="activity",
        model=ActivityPage,
        label=gettext_lazy("Activity"),
        plural=gettext_lazy("Activities"),
        visible=lambda viewer: visible_activities(),  # the same for everyone
        same_for_everyone=True,
        describe=describe_activity,
        prepare=lambda queryset: queryset.select_related("place").prefetch_related(
            "schedules", "closures"
        ),
        facet_filters={
            "interest": lambda value, chosen: Q(interests__slug=value),
            "day": lambda value, chosen: session(days=[int(value)], times=chosen.get("time", [])),
            "time": lambda value, chosen: session(
                times=[value], days=days_of(chosen.get("day", []))
            ),
            "cost": lambda value, chosen: Q(is_free=(value == "free")),
            "way": lambda value, chosen: Q(**{value: True}),
            # The activity's own feature, or its place's.
            "access": lambda value, chosen: Q(**{value: True}) | Q(**{f"place__{value}": True}),
        },
        locate=place_locations("place"),
        order=10,
        engine_values=activity_values,
        engine_prepare=_read_in_bulk("place", prefetch=["schedules"]),
        engine_prepare_chunk=_mark_shown(visible_activities),
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
        label=gettext_lazy("Organisation"),
        plural=gettext_lazy("Organisations"),
        visible=lambda viewer: visible_organisations(),  # the same for everyone
        same_for_everyone=True,
        describe=describe_organisation,
        prepare=lambda queryset: queryset.prefetch_related("places"),
        locate=place_locations("places"),
        order=20,
        engine_values=organisation_values,
        engine_prepare=_read_in_bulk(prefetch=["places"]),
        engine_prepare_chunk=_mark_shown(visible_organisations),
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
        label=gettext_lazy("Place"),
        plural=gettext_lazy("Places"),
        visible=lambda viewer: searchable_places(),  # the same for everyone
        same_for_everyone=True,
        describe=describe_place,
        facet_filters={"access": lambda value, chosen: Q(**{value: True})},
        locate=place_locations(""),
        order=30,
        engine_values=place_values,
        engine_prepare_chunk=_mark_shown(searchable_places),
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


def organisation_activities(organisation: OrganisationPage):
    """An activity is shown only while its organisation is (selectors.visible_activities)."""
    return [(ActivityPage, ActivityPage.objects.child_of(organisation))]


def places_users(place: PlacePage):
    """Organisations hold their places' points (a hidden address: its district's)."""
    return [(OrganisationPage, OrganisationPage.objects.filter(places=place))]


resync_on_change(Interest, ["name", "slug"], activities_using)
resync_on_change(OrganisationPage, ["live", "hidden_as_stale"], organisation_activities)
# An activity shows its place only once the place is live (_live_place).
resync_on_change(
    PlacePage, ["live", "latitude", "longitude", "postcode", "hide_street_address"], activities_at
)
resync_on_change(
    PlacePage, ["latitude", "longitude", "postcode", "hide_street_address"], places_users
)
resync_on_change(PlacePage, ACCESSIBILITY_FIELDS, activities_at)


def activity_of(schedule: ActivitySchedule):
    """An activity's times are in its entry (the "day" and "time" facets)."""
    return [(ActivityPage, ActivityPage.objects.filter(pk=schedule.activity_id))]


resync_on_save(ActivitySchedule, activity_of)
