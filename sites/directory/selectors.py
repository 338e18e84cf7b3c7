"""Reading the directory for the public: what may be shown, and the "Things to do" filters.

Everything the public sees goes through the ``visible_*`` functions, so a listing that
is unpublished, behind a view restriction or hidden as stale never appears in any list.
Filters arrive already checked (see ``forms.ThingsToDoFilterForm``): every value here is
known to be valid.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Length, Lower, Substr
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from search.languages import in_reader_language
from sites.core.site_cache import cached

from .homes import names_the_place
from .models import (
    ActivityPage,
    ActivitySchedule,
    OrganisationPage,
    PlacePage,
    ThingsToDoPage,
)
from .services.organisation_access import GROUP_PREFIX

# Morning starts before 12 noon, afternoon before 5pm, evening from 5pm.
TIMES_OF_DAY = {
    "morning": (datetime.time(0), datetime.time(12)),
    "afternoon": (datetime.time(12), datetime.time(17)),
    "evening": (datetime.time(17), None),
}
REPORTABLE_PAGE_TYPES = (OrganisationPage, ActivityPage, PlacePage)


@dataclass
class ActivityFilters:
    """Checked filter values; an empty list means "any"."""

    interests: list[str] = field(default_factory=list)  # Interest slugs, any of them
    weekdays: list[int] = field(default_factory=list)  # 0 = Monday, any of them
    times_of_day: list[str] = field(default_factory=list)  # keys of TIMES_OF_DAY, any
    free_only: bool = False
    ways: list[str] = field(default_factory=list)  # in_person / online / by_phone, any
    accessibility: list[str] = field(default_factory=list)  # field names, all of them
    kinds: list[str] = field(default_factory=list)  # ActivityPage.Kind values, any

    @property
    def any_chosen(self) -> bool:
        return any(
            [
                self.interests,
                self.weekdays,
                self.times_of_day,
                self.free_only,
                self.ways,
                self.accessibility,
                self.kinds,
            ]
        )


def _public() -> Q:
    """Not behind a view restriction, on the page or above it: what Wagtail's
    ``public()`` means, asked in the same SQL (a subquery) instead of reading the
    restrictions first. One query fewer, and the query is the same whatever the
    restrictions are, so search compiles it once (search/page_reading.py)."""
    above = Substr(OuterRef("path"), 1, Length("page__path"))
    return ~Q(Exists(PageViewRestriction.objects.filter(page__path=above)))


def _visible(queryset: QuerySet) -> QuerySet:
    """Live, public, not hidden as stale."""
    return queryset.live().filter(_public()).filter(hidden_as_stale=False)


def visible_organisations() -> QuerySet:
    return _visible(OrganisationPage.objects.all())


def visible_places() -> QuerySet:
    return _visible(PlacePage.objects.all())


def local_postcode_districts(most: int = 2) -> list[str]:
    """The borough's own postcode districts ("HA9", "NW10"), those of most of its public
    places first: examples its forms can give. Empty while it lists no places."""
    # Postcodes are saved as "SW9 8LF": the district is the part before the space.
    district = Func(
        F("postcode"), Value(" "), Value(1), function="split_part", output_field=CharField()
    )
    rows = (
        visible_places()
        .annotate(district=district)
        .exclude(district="")
        .values("district")
        .annotate(places=Count("pk"))
        .order_by("-places", "district")
    )
    return [row["district"] for row in rows[:most]]


def remembered_postcode_district(request) -> str:
    """The borough's most used postcode district (``local_postcode_districts``), or ""
    while it lists no places: remembered per borough in each process (site_cache.py), so
    a page that gives it as an example makes no query for it. Places are pages: adding,
    changing, hiding or deleting one, or retiring the borough, makes it be read again."""
    districts = cached(request, "postcode-district", lambda: local_postcode_districts(most=1))
    return districts[0] if districts else ""


def visible_activities(locale=None) -> QuerySet:
    """Live, public, not hidden as stale, and run by an organisation that is the same.

    An activity is only as trustworthy as its organisation: when the organisation's
    listing is unpublished or hidden, so are its activities.
    """
    steplen = Page.steplen
    organisation_paths = _visible(OrganisationPage.objects.all()).values("path")
    queryset = (
        _visible(ActivityPage.objects.all())
        .alias(parent_path=Substr("path", 1, Length("path") - steplen))
        .filter(parent_path__in=organisation_paths)
    )
    if locale is not None:
        # A listing in Polish shows the Polish activities, then the English ones not
        # translated yet (each once), as search does.
        queryset = in_reader_language(queryset, locale.language_code)
    return queryset


def for_listing(queryset: QuerySet) -> QuerySet:
    """What a list of activities shows (place, interests, times), fetched in a few queries."""
    return (
        queryset.select_related("place")
        .prefetch_related("interests", "schedules", "closures")
        .order_by(Lower("title"), "pk")
    )


def a_to_z(queryset: QuerySet) -> QuerySet:
    return queryset.order_by(Lower("title"), "pk")


def organisation_activities(organisation: OrganisationPage) -> QuerySet:
    """Its activities in its own language, and those not translated into it yet."""
    organisations = OrganisationPage.objects.filter(translation_key=organisation.translation_key)
    activities = visible_activities(locale=organisation.locale)
    return for_listing(activities.filter(parent_path__in=organisations.values("path")))


def listed_below(queryset: QuerySet, parent: Page) -> QuerySet:
    """The pages of ``queryset`` below ``parent`` or any of its translations, in
    ``parent``'s language, and those not translated into it yet (each listing once)."""
    parents = Page.objects.filter(translation_key=parent.translation_key).values("path")
    below = queryset.alias(_parent_path=Substr("path", 1, Length("path") - Page.steplen))
    return in_reader_language(below.filter(_parent_path__in=parents), parent.locale.language_code)


def organisation_places(organisation: OrganisationPage) -> QuerySet:
    """Its places (copied to its translations) in its language, else in English. A draft
    or preview holds its places in memory, so the keys are a list then, not a subquery."""
    keys = organisation.places.values_list("translation_key", flat=True)
    places = visible_places().filter(translation_key__in=keys)
    return in_reader_language(places, organisation.locale.language_code)


def place_activities(place: PlacePage) -> QuerySet:
    """The same for a place (an activity's place is copied to its translations)."""
    places = PlacePage.objects.filter(translation_key=place.translation_key)
    return for_listing(visible_activities(locale=place.locale).filter(place__in=places))


def managed_organisations(user) -> list[OrganisationPage]:
    """The organisations ``user`` manages (services/organisation_access.py), by title."""
    if not user.is_authenticated:
        return []
    pages = OrganisationPage.objects.filter(
        group_permissions__group__in=user.groups.filter(name__startswith=GROUP_PREFIX)
    )
    return list(pages.distinct().order_by("title"))


def managed_place_ids(user) -> list[int]:
    """The places ``user``'s organisations may change (one they alone use, or a new one
    they added that waits for approval: services/organisation_access.py)."""
    if not user.is_authenticated:
        return []
    groups = user.groups.filter(name__startswith=GROUP_PREFIX)
    places = PlacePage.objects.filter(group_permissions__group__in=groups)
    return list(places.values_list("pk", flat=True).distinct())


def things_to_do_page(locale=None) -> ThingsToDoPage | None:
    queryset = ThingsToDoPage.objects.live()
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return queryset.first()


def reportable_page(page_id: int, viewer=None) -> Page | None:
    """A live, public organisation, activity or place: the only pages people may report;
    someone's home only for a ``viewer`` who may open its page (homes.py)."""
    page = Page.objects.live().public().type(*REPORTABLE_PAGE_TYPES).filter(pk=page_id).first()
    page = page.specific if page else None
    if isinstance(page, PlacePage) and not names_the_place(page, viewer):
        return None
    return page


# --- Filters ---------------------------------------------------------------------------


def _current_schedules(today: datetime.date) -> QuerySet:
    """Times that still happen: not ended, and one-off dates not yet past."""
    not_ended = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    past_one_off = Q(frequency=ActivitySchedule.Frequency.ONCE, starts_on__lt=today)
    return ActivitySchedule.objects.filter(not_ended).exclude(past_one_off)


def on_days(days, prefix: str = "") -> Q:
    """A time on one of ``days`` (0 = Monday): weekly on it, or once on a date that is.
    ``prefix`` reaches the time through a relation (``"schedules__"``)."""
    return Q(**{f"{prefix}weekday__in": days}) | Q(
        **{
            f"{prefix}frequency": ActivitySchedule.Frequency.ONCE,
            f"{prefix}starts_on__iso_week_day__in": [day + 1 for day in days],
        }
    )


def starting_in(times, prefix: str = "") -> Q:
    """A time starting in one of ``times`` (keys of TIMES_OF_DAY)."""
    windows = Q()
    for name in times:
        start, end = TIMES_OF_DAY[name]
        window = Q(**{f"{prefix}start_time__gte": start})
        if end is not None:
            window &= Q(**{f"{prefix}start_time__lt": end})
        windows |= window
    return windows


def _schedule_condition(filters: ActivityFilters) -> Q:
    """Day and time are checked against the same time, so 'Tuesday' and 'evening'
    finds Tuesday evenings, not a Tuesday morning plus a Friday evening."""
    condition = Q()
    if filters.weekdays:
        condition &= on_days(filters.weekdays)
    if filters.times_of_day:
        condition &= starting_in(filters.times_of_day)
    return condition


def filter_activities(
    queryset: QuerySet, filters: ActivityFilters, today: datetime.date | None = None
) -> QuerySet:
    """Narrow ``queryset`` (of ActivityPage) to what the filters ask for.

    Within one filter any chosen value matches (Tuesday or Thursday), except
    accessibility, where every chosen feature must be there. Different filters all
    apply together. A feature counts when the activity or its place has it.
    """
    if filters.interests:
        queryset = queryset.filter(
            pk__in=ActivityPage.interests.through.objects.filter(
                interest__slug__in=filters.interests
            ).values("activitypage_id")
        )
    if filters.weekdays or filters.times_of_day:
        today = today or timezone.localdate()
        queryset = queryset.filter(
            pk__in=_current_schedules(today)
            .filter(_schedule_condition(filters))
            .values("activity_id")
        )
    if filters.free_only:
        queryset = queryset.filter(is_free=True)
    if filters.ways:
        ways = Q()
        for way in filters.ways:
            ways |= Q(**{way: True})
        queryset = queryset.filter(ways)
    for feature in filters.accessibility:
        queryset = queryset.filter(Q(**{feature: True}) | Q(**{f"place__{feature}": True}))
    if filters.kinds:
        queryset = queryset.filter(kind__in=filters.kinds)
    return queryset


def accessibility_features_of(activity: ActivityPage) -> list[tuple[str, str]]:
    """The activity's own features and its place's, once each, in the usual order."""
    return activity.shown_accessibility_features()
