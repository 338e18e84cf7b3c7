"""What the API may show, and its filters.

Everything starts from the directory's ``visible_*`` selectors: only live, public
listings that are not hidden as stale, and activities only while their organisation is
visible too. Only the borough's main language is published (translations of a page are
the same service, not another one).
"""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest, Lower
from django.utils import timezone

from wagtail.models import Locale, Site

from ..models import ActivitySchedule, OrganisationPage
from ..selectors import visible_activities, visible_organisations, visible_places
from .ids import Ids
from .params import ServiceFilters
from .taxonomies import Taxonomies


def main_locale(request) -> Locale | None:
    """The language of the borough's home page: the one the API publishes."""
    site = Site.find_for_request(request)
    return site.root_page.locale if site else None


def _modified(prefix: str = ""):
    return Coalesce(
        f"{prefix}last_published_at",
        f"{prefix}latest_revision_created_at",
        f"{prefix}first_published_at",
    )


def organisations(locale: Locale | None, text: str | None = None) -> QuerySet:
    queryset = visible_organisations()
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    if text:
        queryset = queryset.filter(
            Q(title__icontains=text) | Q(summary__icontains=text) | Q(description__icontains=text)
        )
    return queryset.select_related("logo").order_by(Lower("title"), "pk")


def places(locale: Locale | None) -> QuerySet:
    queryset = visible_places()
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return queryset


def services(locale: Locale | None) -> QuerySet:
    """Visible activities, each with ``last_modified``: the latest change to the activity,
    its place or its organisation (all three appear in the service)."""
    organisation_modified = OrganisationPage.objects.filter(path=OuterRef("parent_path")).values(
        modified=_modified()
    )[:1]
    return (
        visible_activities(locale=locale)
        .annotate(
            last_modified=Greatest(
                _modified(), _modified("place__"), Subquery(organisation_modified)
            )
        )
        .order_by(Lower("title"), "pk")
    )


def for_output(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("place").prefetch_related("interests", "schedules", "closures")


def _schedule_condition(filters: ServiceFilters, today: datetime.date) -> Q | None:
    """Day and times are checked against the same schedule, and only schedules that
    still happen count."""
    if not (filters.days or filters.start_time or filters.end_time):
        return None
    condition = Q(activity_id=OuterRef("pk")) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    if filters.days:
        condition &= Q(weekday__in=filters.days) | Q(
            frequency=ActivitySchedule.Frequency.ONCE,
            weekday__isnull=True,
            starts_on__iso_week_day__in=[day + 1 for day in filters.days],
        )
    if filters.start_time:
        condition &= Q(start_time__gte=filters.start_time)
    if filters.end_time:
        condition &= Q(end_time__lte=filters.end_time)
    schedules = ActivitySchedule.objects.filter(condition).exclude(
        frequency=ActivitySchedule.Frequency.ONCE, starts_on__lt=today
    )
    return Q(Exists(schedules))


def filter_services(
    queryset: QuerySet,
    filters: ServiceFilters,
    ids: Ids,
    taxonomies: Taxonomies,
    locale: Locale | None,
) -> QuerySet:
    if filters.text:
        queryset = queryset.filter(
            Q(title__icontains=filters.text)
            | Q(summary__icontains=filters.text)
            | Q(description__icontains=filters.text)
        )
    if filters.taxonomy_term_id:
        term = taxonomies.term(filters.taxonomy_term_id)
        queryset = queryset.filter(term.condition()) if term else queryset.none()
    if filters.taxonomy_id:
        taxonomy = taxonomies.taxonomy(filters.taxonomy_id)
        queryset = queryset.filter(taxonomy.condition()) if taxonomy else queryset.none()
    if filters.organization_id:
        organisation = find_organisation(filters.organization_id, ids, locale)
        if organisation is None:
            queryset = queryset.none()
        else:
            queryset = queryset.filter(
                path__startswith=organisation.path, depth=organisation.depth + 1
            )
    schedule_condition = _schedule_condition(filters, timezone.localdate())
    if schedule_condition is not None:
        queryset = queryset.filter(schedule_condition)
    # As the profile defines them: services whose minimum age is at least the value,
    # and whose maximum age is at most the value.
    if filters.minimum_age is not None:
        queryset = queryset.filter(age_min__gte=filters.minimum_age)
    if filters.maximum_age is not None:
        queryset = queryset.filter(age_max__lte=filters.maximum_age)
    if filters.modified_after is not None:
        queryset = queryset.filter(last_modified__gte=filters.modified_after)
    if filters.postcode_district:
        # Only ever the district: a full postcode of a hidden address is never matched.
        queryset = queryset.filter(
            place__postcode__iregex=rf"^{filters.postcode_district}\s*[0-9][A-Z]{{2}}$"
        )
    return queryset


def services_at_locations(locale: Locale | None) -> QuerySet:
    """Activities with a visible place: each is one service at one location."""
    return services(locale).filter(place__in=places(locale))


def find_organisation(wanted, ids: Ids, locale: Locale | None) -> OrganisationPage | None:
    queryset = organisations(locale)
    pk = ids.find(wanted, queryset.values_list("pk", flat=True), "organization")
    return queryset.filter(pk=pk).first() if pk is not None else None


def find_service(wanted, ids: Ids, locale: Locale | None):
    queryset = services(locale)
    pk = ids.find(wanted, queryset.values_list("pk", flat=True), "service")
    return for_output(queryset.filter(pk=pk)).first() if pk is not None else None


def find_service_at_location(wanted, ids: Ids, locale: Locale | None):
    queryset = services_at_locations(locale)
    found = ids.find(wanted, queryset.values_list("pk", "place_id"), "service_at_location")
    return for_output(queryset.filter(pk=found[0])).first() if found is not None else None


def organisations_by_path(paths) -> dict[str, OrganisationPage]:
    queryset = OrganisationPage.objects.filter(path__in=set(paths)).select_related("logo")
    return {organisation.path: organisation for organisation in queryset}


def organisation_places(organisation: OrganisationPage, locale: Locale | None) -> QuerySet:
    place_pks = [place.pk for place in organisation.places.all()]
    return places(locale).filter(pk__in=place_pks).order_by(Lower("title"), "pk")
