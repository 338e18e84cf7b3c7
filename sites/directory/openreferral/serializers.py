"""Directory models -> Open Referral UK (HSDS 3.0) dicts.

Field names and shapes follow the UK profile's schemas. A few HSDS 3.0 fields the UK
profile leaves out are added where our data has them and a reader needs them (service
``phones``, contact ``email`` and ``phones``, ``eligibility_description``,
``application_process``, language ``name`` and ``code``, cost ``currency``): the profile
allows further properties that do not conflict with the specification.

ADDRESS MASKING: every location goes through ``location()``, which shows someone's home
(a place with ``hide_street_address``, sites/directory/homes.py) only as "A member's
home" and its postcode district (``SW9``): no name, no summary, no street, no full
postcode and no coordinates, in every endpoint.
"""

import datetime

from django.utils import timezone

from wagtail.rich_text import get_text_for_indexing

from ..homes import A_MEMBERS_HOME, is_home
from ..models import ActivityPage, OrganisationPage, PlacePage
from ..models.mixins import ACCESSIBILITY_FEATURES
from . import selectors
from .ids import Ids
from .languages import TranslatedText
from .service_details import ServiceDetails, without_empty
from .taxonomies import Taxonomies, Taxonomy, Term

COUNTRY = "GB"


def _plain(summary: str, rich_text: str) -> str:
    """A summary and a rich-text description as one plain text."""
    parts = [summary.strip(), get_text_for_indexing(rich_text or "")]
    return "\n\n".join(part for part in parts if part)


def _moment(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


class OpenReferralSerializer(ServiceDetails):
    """Serialises one request's records; keeps what several records share."""

    def __init__(self, request, borough, locale=None, text_locale=None):
        self.request = request
        self.borough = borough
        self.locale = locale
        # Words from the translation the client asked for (Accept-Language), if any.
        self.texts = TranslatedText(text_locale, locale)
        self.ids = Ids(borough.slug)
        self.taxonomies = Taxonomies(self.ids, borough.name)
        self._organisations: dict[str, OrganisationPage] = {}
        self._visible_place_pks: set[int] | None = None
        self.today = timezone.localdate()

    # --- Helpers ----------------------------------------------------------------------

    def url(self, page) -> str | None:
        relative = page.get_url(request=self.request)
        return self.request.build_absolute_uri(relative) if relative else None

    def organisation_of(self, activity: ActivityPage) -> OrganisationPage:
        parent_path = activity.path[: -activity.steplen]
        if parent_path not in self._organisations:
            self._organisations.update(selectors.organisations_by_path([parent_path]))
        return self._organisations[parent_path]

    def prime(self, activities) -> list[ActivityPage]:
        """Fetch the organisations of a page of activities in one query."""
        activities = list(activities)
        missing = {a.path[: -a.steplen] for a in activities} - self._organisations.keys()
        if missing:
            self._organisations.update(selectors.organisations_by_path(missing))
        self.texts.prime(activities)
        self.texts.prime(self._organisations[a.path[: -a.steplen]] for a in activities)
        self.texts.prime(a.place for a in activities)
        return activities

    def translated_url(self, page, text) -> str | None:
        return (self.url(text) if text is not page else None) or self.url(page)

    # --- Organizations ----------------------------------------------------------------

    def organization(self, organisation: OrganisationPage, full: bool = False) -> dict:
        text = self.texts.of(organisation)
        data = without_empty(
            {
                "id": self.ids.organization(organisation.pk),
                "name": text.title,
                "description": _plain(text.summary, text.description),
                "email": organisation.email,
                "website": organisation.website,
                "logo": (
                    self.request.build_absolute_uri(organisation.logo.file.url)
                    if organisation.logo
                    else None
                ),
                "uri": self.translated_url(organisation, text),
            }
        )
        data.setdefault("description", "")
        if full:
            data["organization_identifiers"] = self.organization_identifiers(organisation)
            data["attributes"] = []
        return data

    def organization_identifiers(self, organisation: OrganisationPage) -> list[dict]:
        identifiers = []
        if organisation.charity_number:
            number = organisation.charity_number.strip().upper()
            if number.startswith("SC"):
                scheme, kind = "GB-SC", "Scottish charity number"
            elif number.startswith("NI"):
                scheme, kind = "GB-NIC", "Northern Ireland charity number"
            else:
                scheme, kind = "GB-CHC", "Charity number"
            identifiers.append((scheme, kind, number))
        if organisation.company_number:
            identifiers.append(
                ("GB-COH", "Company number", organisation.company_number.strip().upper())
            )
        organization_id = self.ids.organization(organisation.pk)
        return [
            {
                "id": self.ids.make("organization_identifier", organisation.pk, scheme),
                "organization_id": organization_id,
                "identifier_scheme": scheme,
                "identifier_type": kind,
                "identifier": number,
            }
            for scheme, kind, number in identifiers
        ]

    def organization_detail(self, organisation: OrganisationPage, full_services: bool) -> dict:
        data = self.organization(organisation, full=True)
        organization_id = data["id"]
        if organisation.phone:
            data["phones"] = [
                {
                    "id": self.ids.make("phone", "organization", organisation.pk),
                    "organization_id": organization_id,
                    "number": organisation.phone,
                }
            ]
        data["locations"] = [
            self.location(place)
            for place in selectors.organisation_places(organisation, self.locale)
        ]
        activities = selectors.for_output(selectors.services(self.locale).child_of(organisation))
        self._organisations[organisation.path] = organisation
        data["services"] = [
            self.service(activity, full=full_services, with_organization=False)
            for activity in activities
        ]
        return data

    # --- Locations --------------------------------------------------------------------

    def location(self, place: PlacePage, full: bool = True) -> dict:
        """A place, masked when its street address is hidden."""
        text = self.texts.of(place)
        data = {
            "id": self.ids.location(place.pk),
            "location_type": "physical",
            "name": text.title,
            "description": text.summary,
        }
        if is_home(place):  # the API is public: "A member's home", no summary (homes.py)
            data["name"], data["description"] = str(A_MEMBERS_HOME), ""
        coordinates = place.public_coordinates
        if coordinates is not None:
            data["latitude"], data["longitude"] = coordinates
        data = without_empty(data)
        if full:
            data["addresses"] = [self.address(place)]
            data["accessibility"] = self.accessibility(place)
            data["attributes"] = []
        return data

    def address(self, place: PlacePage) -> dict:
        if is_home(place):
            # Only ever the district: "SW9 area", postal code "SW9".
            first_line = place.public_address_lines[0]
            postal_code = place.district
        else:
            lines = [line for line in (place.address_line_1, place.address_line_2) if line]
            first_line = ", ".join(lines) or place.title
            postal_code = place.postcode
        return {
            "id": self.ids.make("address", place.pk),
            "location_id": self.ids.location(place.pk),
            "address_1": first_line,
            "city": place.town,
            # The borough: the nearest thing we hold to a county or state.
            "state_province": self.borough.name,
            "postal_code": postal_code,
            "country": COUNTRY,
            "address_type": "physical",
        }

    def accessibility(self, place: PlacePage) -> list[dict]:
        location_id = self.ids.location(place.pk)
        records = [
            {
                "id": self.ids.make("accessibility", place.pk, name),
                "location_id": location_id,
                "description": label,
                "accessibility": label,
            }
            for name, label in ACCESSIBILITY_FEATURES
            if getattr(place, name)
        ]
        notes = self.texts.of(place).accessibility_notes
        if notes:
            records.append(
                {
                    "id": self.ids.make("accessibility", place.pk, "notes"),
                    "location_id": location_id,
                    "description": "More about access",
                    "details": notes,
                }
            )
        return records

    # --- Services ---------------------------------------------------------------------

    def _visible_place(self, activity: ActivityPage) -> PlacePage | None:
        """The activity's place, if the public may see it (one query per request)."""
        if activity.place_id is None:
            return None
        if self._visible_place_pks is None:
            self._visible_place_pks = set(
                selectors.places(self.locale).values_list("pk", flat=True)
            )
        return activity.place if activity.place_id in self._visible_place_pks else None

    def service(
        self,
        activity: ActivityPage,
        full: bool = False,
        with_organization: bool = True,
        with_locations: bool = True,
    ) -> dict:
        service_id = self.ids.service(activity.pk)
        organisation = self.organisation_of(activity)
        text = self.texts.of(activity)
        data = without_empty(
            {
                "id": service_id,
                "organization_id": self.ids.organization(organisation.pk),
                "name": text.title,
                "description": _plain(text.summary, text.description),
                "url": self.translated_url(activity, text),
                "email": activity.contact_email or organisation.email,
                "status": self.status(activity),
                "minimum_age": activity.age_min,
                "maximum_age": activity.age_max,
                "assured_date": activity.last_checked_on.isoformat(),
                "alert": self.alert(activity),
                "last_modified": _moment(getattr(activity, "last_modified", None)),
                "eligibility_description": self.eligibility(activity),
                "application_process": self.application_process(activity),
            }
        )
        if with_organization:
            data["organization"] = self.organization(organisation, full=full)
        if not full:
            return data
        data["schedules"] = [self.schedule(activity, s) for s in activity.schedules.all()]
        data["service_areas"] = []
        if with_locations:
            data["service_at_locations"] = [
                self.service_at_location(activity, place, full=True, with_service=False)
                for place in [self._visible_place(activity)]
                if place is not None
            ]
        data["languages"] = self.languages(activity)
        data["funding"] = []
        data["cost_options"] = self.cost_options(activity)
        phones = self.phones(activity, organisation)
        data["contacts"] = self.contacts(activity, organisation, phones)
        data["phones"] = phones
        data["attributes"] = [self.attribute(activity, term) for term in self.terms(activity)]
        return data

    def terms(self, activity: ActivityPage) -> list[Term]:
        return self.taxonomies.terms_of(activity)

    def attribute(self, activity: ActivityPage, term: Term) -> dict:
        return {
            "id": self.ids.make("attribute", activity.pk, term.id),
            "link_id": self.ids.service(activity.pk),
            "link_type": term.link_type,
            "link_entity": "service",
            "taxonomy_term_id": term.id,
            "taxonomy_term": self.taxonomy_term(term),
        }

    # --- Services at locations ----------------------------------------------------------

    def service_at_location(
        self, activity: ActivityPage, place: PlacePage, full: bool = False, with_service=True
    ) -> dict:
        data = {
            "id": self.ids.service_at_location(activity.pk, place.pk),
            "service_id": self.ids.service(activity.pk),
            "location_id": self.ids.location(place.pk),
            "location": self.location(place, full=full),
        }
        if with_service:
            data["service"] = self.service(activity, full=full, with_locations=False)
        return data

    # --- Taxonomies -------------------------------------------------------------------

    def taxonomy(self, taxonomy: Taxonomy, with_terms: bool = False) -> dict:
        data = {"id": taxonomy.id, "name": taxonomy.name, "description": taxonomy.description}
        if with_terms:
            data["taxonomy_terms"] = [self.taxonomy_term(term) for term in taxonomy.terms]
        return data

    def taxonomy_term(self, term: Term) -> dict:
        return {
            "id": term.id,
            "code": term.code,
            "name": term.name,
            "description": term.description,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": term.taxonomy.id,
            "term": term.name,
        }
