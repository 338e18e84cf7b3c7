"""The OpenAPI 3.0 document of this API, built for each borough host.

It follows the structure of the Open Referral UK profile's own OpenAPI file (the same
paths, operation ids and parameter names) but describes what we serve: our filters,
our limits and the fields our records carry. Record schemas here are summaries; the
published UK profile schemas named in each description are the full definitions.
"""

from .pagination import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE
from .params import DAY_PATTERN, MAX_AGE, MAX_TEXT_LENGTH, POSTCODE_PATTERN, TEXT_PATTERN, TIME

OPENAPI_VERSION = "3.0.3"
UK_SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"


# --- Small builders ------------------------------------------------------------------


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def string(description: str = "", fmt: str | None = None, **extra) -> dict:
    schema = {"type": "string", **extra}
    if fmt:
        schema["format"] = fmt
    if description:
        schema["description"] = description
    return schema


def number(description: str = "") -> dict:
    return {"type": "number", "description": description} if description else {"type": "number"}


def array_of(item: dict) -> dict:
    return {"type": "array", "items": item}


def record(required: list[str], properties: dict, description: str = "") -> dict:
    schema = {"type": "object", "required": required, "properties": properties}
    if description:
        schema["description"] = description
    return schema


def json_content(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


UUID = string(fmt="uuid")


# --- Record schemas --------------------------------------------------------------------


def _schemas() -> dict:
    attribute_link = {"taxonomy_term_id": UUID, "taxonomy_term": ref("TaxonomyTerm")}
    organization_fields = {
        "id": UUID,
        "name": string(),
        "description": string(),
        "email": string(fmt="email"),
        "website": string(fmt="uri"),
        "logo": string("Address of the organisation's logo image."),
        "uri": string("The organisation's page on this directory.", "uri"),
    }
    service_fields = {
        "id": UUID,
        "organization_id": UUID,
        "name": string(),
        "description": string(),
        "url": string("The activity's page on this directory.", "uri"),
        "email": string(fmt="email"),
        "status": string(enum=["active", "inactive", "defunct", "temporarily closed"]),
        "minimum_age": number(),
        "maximum_age": number(),
        "assured_date": string("When the listing was last confirmed.", "date"),
        "alert": string("Dates it does not run."),
        "last_modified": string(fmt="date-time"),
        "eligibility_description": string("HSDS 3.0 field: who it is for."),
        "application_process": string("HSDS 3.0 field: how to join."),
        "organization": ref("OrganizationSummary"),
    }
    location_fields = {
        "id": UUID,
        "location_type": string(enum=["physical", "postal", "virtual"]),
        "name": string(),
        "description": string(),
        "latitude": number("Left out when the street address is hidden."),
        "longitude": number("Left out when the street address is hidden."),
    }
    return {
        "Error": record(
            ["status", "error", "message"],
            {
                "status": {"type": "integer"},
                "error": string(),
                "message": string(),
                "parameter": string("The query parameter at fault, for a 400."),
            },
        ),
        "ApiInfo": record(
            ["version", "profile", "openapi_url"],
            {
                "version": string("The HSDS profile and version of this API."),
                "profile": string(fmt="uri"),
                "openapi_url": string(fmt="uri"),
            },
        ),
        "Page": record(
            [
                "total_items",
                "total_pages",
                "page_number",
                "size",
                "first_page",
                "last_page",
                "empty",
                "contents",
            ],
            {
                "total_items": {"type": "integer"},
                "total_pages": {"type": "integer", "description": "At least 1."},
                "page_number": {"type": "integer"},
                "size": {"type": "integer", "description": "Items on this page."},
                "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"},
                "contents": array_of({"type": "object"}),
            },
        ),
        "TaxonomyTerm": record(
            ["id", "name", "description"],
            {
                "id": UUID,
                "code": string(),
                "name": string(),
                "description": string(),
                "taxonomy": string(),
                "taxonomy_id": UUID,
                "term": string(),
            },
            f"See {UK_SCHEMAS}taxonomy_term.json",
        ),
        "Taxonomy": record(
            ["id", "name", "description"],
            {
                "id": UUID,
                "name": string(),
                "description": string(),
                "taxonomy_terms": array_of(ref("TaxonomyTerm")),
            },
            f"See {UK_SCHEMAS}taxonomy.json",
        ),
        "Attribute": record(
            ["id"],
            {"id": UUID, "link_id": UUID, "link_type": string(), **attribute_link},
        ),
        "OrganizationIdentifier": record(
            ["id", "identifier_type", "identifier"],
            {
                "id": UUID,
                "organization_id": UUID,
                "identifier_scheme": string("From org-id.guide, e.g. GB-CHC."),
                "identifier_type": string(),
                "identifier": string(),
            },
        ),
        "Phone": record(["id", "number"], {"id": UUID, "number": string()}),
        "OrganizationSummary": record(
            ["id", "name", "description"],
            organization_fields,
            f"See {UK_SCHEMAS}compiled/organization_list.json",
        ),
        "Organization": record(
            ["id", "name", "description"],
            {
                **organization_fields,
                "organization_identifiers": array_of(ref("OrganizationIdentifier")),
                "attributes": array_of(ref("Attribute")),
                "phones": array_of(ref("Phone")),
                "locations": array_of(ref("Location")),
                "services": array_of(ref("ServiceSummary")),
            },
            f"See {UK_SCHEMAS}compiled/organization.json",
        ),
        "Address": record(
            [
                "id",
                "address_1",
                "city",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ],
            {
                "id": UUID,
                "location_id": UUID,
                "address_1": string("When the street address is hidden: 'SE1 area'."),
                "city": string(),
                "state_province": string("The borough."),
                "postal_code": string("When the street address is hidden: the district only."),
                "country": string(enum=["GB"]),
                "address_type": string(enum=["physical", "postal", "virtual"]),
            },
        ),
        "Accessibility": record(
            ["id"],
            {
                "id": UUID,
                "location_id": UUID,
                "description": string(),
                "details": string(),
                "accessibility": string(),
            },
        ),
        "LocationSummary": record(["id", "location_type"], location_fields),
        "Location": record(
            ["id", "location_type"],
            {
                **location_fields,
                "addresses": array_of(ref("Address")),
                "accessibility": array_of(ref("Accessibility")),
                "attributes": array_of(ref("Attribute")),
            },
            f"See {UK_SCHEMAS}location.json",
        ),
        "Schedule": record(
            ["id"],
            {
                "id": UUID,
                "service_id": UUID,
                "valid_from": string(fmt="date"),
                "valid_to": string(fmt="date"),
                "dtstart": string(fmt="date"),
                "freq": string(enum=["WEEKLY", "MONTHLY"]),
                "interval": number(),
                "byday": string("e.g. TU, or 1TH for the first Thursday of the month."),
                "description": string(),
                "opens_at": string("Local UK time, HH:MM."),
                "closes_at": string("Local UK time, HH:MM."),
                "schedule_link": string(fmt="uri"),
                "attending_type": string(),
                "notes": string(),
            },
            f"See {UK_SCHEMAS}schedule.json",
        ),
        "CostOption": record(
            ["id"],
            {
                "id": UUID,
                "service_id": UUID,
                "option": string(),
                "amount": number(),
                "currency": string(),
                "amount_description": string(),
            },
        ),
        "Language": record(
            ["id"], {"id": UUID, "service_id": UUID, "name": string(), "code": string()}
        ),
        "Contact": record(
            ["id"],
            {
                "id": UUID,
                "service_id": UUID,
                "name": string(),
                "email": string(fmt="email"),
                "phones": array_of(ref("Phone")),
            },
        ),
        "ServiceSummary": record(
            ["id", "name", "status"], service_fields, f"See {UK_SCHEMAS}compiled/service_list.json"
        ),
        "Service": record(
            ["id", "name", "status"],
            {
                **service_fields,
                "organization": ref("Organization"),
                "schedules": array_of(ref("Schedule")),
                "service_areas": array_of({"type": "object"}),
                "service_at_locations": array_of(ref("ServiceAtLocation")),
                "languages": array_of(ref("Language")),
                "funding": array_of({"type": "object"}),
                "cost_options": array_of(ref("CostOption")),
                "contacts": array_of(ref("Contact")),
                "phones": array_of(ref("Phone")),
                "attributes": array_of(ref("Attribute")),
            },
            f"See {UK_SCHEMAS}compiled/service.json",
        ),
        "ServiceAtLocationSummary": record(
            ["id"],
            {
                "id": UUID,
                "service_id": UUID,
                "location_id": UUID,
                "location": ref("LocationSummary"),
                "service": ref("ServiceSummary"),
            },
            f"See {UK_SCHEMAS}compiled/service_at_location_list.json",
        ),
        "ServiceAtLocation": record(
            ["id"],
            {
                "id": UUID,
                "service_id": UUID,
                "location_id": UUID,
                "location": ref("Location"),
                "service": ref("Service"),
            },
            f"See {UK_SCHEMAS}compiled/service_at_location.json",
        ),
    }


# --- Parameters ------------------------------------------------------------------------


def _query(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _parameters() -> dict:
    # Every rule here is one params.py enforces; a value outside them is a 400.
    text = string(minLength=1, maxLength=MAX_TEXT_LENGTH, pattern=TEXT_PATTERN)
    time = string(pattern=TIME.pattern)
    uuid = string(fmt="uuid")
    return {
        "id": {
            "name": "id",
            "in": "path",
            "required": True,
            "description": "The record's UUID.",
            "schema": UUID,
        },
        "page": _query(
            "page",
            "Page number, from 1. A page after the last is an empty page (no contents, the "
            "same totals).",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        ),
        "per_page": _query(
            "per_page",
            f"Items per page, 1 to {MAX_PER_PAGE}.",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": DEFAULT_PER_PAGE,
            },
        ),
        "search": _query("search", "Words in the name or description.", text),
        "text": _query("text", "The same as search.", text),
        "taxonomy_term_id": _query(
            "taxonomy_term_id", "Only services with this taxonomy term.", uuid
        ),
        "taxonomy_id": _query("taxonomy_id", "Only services with any term of this taxonomy.", uuid),
        "organization_id": _query("organization_id", "Only services of this organization.", uuid),
        "day": _query(
            "day",
            "Only services that happen on this day: MO, TU, WE, TH, FR, SA or SU (or the "
            "day's name, such as Tuesday or Tue, in any case); several separated by commas "
            "match any of them.",
            string(pattern=DAY_PATTERN),
        ),
        "start_time": _query(
            "start_time",
            "Only services starting at or after this local UK time (HH:MM or HH:MM:SS, "
            "00:00 to 23:59:59), on the same schedule as day and end_time.",
            time,
        ),
        "end_time": _query(
            "end_time",
            "Only services ending at or before this local UK time (HH:MM or HH:MM:SS). "
            "With start_time, it must be later than start_time (else 400).",
            time,
        ),
        "minimum_age": _query(
            "minimum_age",
            "Only services whose minimum age is at least this.",
            {"type": "number", "minimum": 0, "maximum": MAX_AGE},
        ),
        "maximum_age": _query(
            "maximum_age",
            "Only services whose maximum age is at most this.",
            {"type": "number", "minimum": 0, "maximum": MAX_AGE},
        ),
        "modified_after": _query(
            "modified_after",
            "Only services changed at or after this ISO 8601 date or date-time (without a "
            "time zone, UK local time).",
            string(fmt="date-time"),
        ),
        "postcode": _query(
            "postcode",
            "Only places in the same postcode district as this postcode (e.g. SE1 7PB or "
            "SE1, in any case, with or without the space). Proximity search is not "
            "supported: proximity is refused (400).",
            string(pattern=POSTCODE_PATTERN),
        ),
        "full_service": _query(
            "full_service", "Give each of the organization's services in full.", {"type": "boolean"}
        ),
    }


# --- Paths ------------------------------------------------------------------------------


def _parameter_refs(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def _error(description: str) -> dict:
    return {"description": description, "content": json_content(ref("Error"))}


def _list_operation(operation_id: str, summary: str, item: str, parameters: list[str]) -> dict:
    page = {"allOf": [ref("Page"), {"properties": {"contents": array_of(ref(item))}}]}
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": _parameter_refs(*parameters, "page", "per_page"),
            "responses": {
                "200": {"description": summary, "content": json_content(page)},
                "400": _error("A query parameter could not be used."),
            },
        }
    }


def _detail_operation(operation_id: str, summary: str, schema: str, extra=()) -> dict:
    return {
        "parameters": _parameter_refs("id"),
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": _parameter_refs(*extra),
            "responses": {
                "200": {"description": summary, "content": json_content(ref(schema))},
                "400": _error("The id is not a UUID, or a query parameter could not be used."),
                "404": _error("Nothing with this id is published here."),
            },
        },
    }


SERVICE_FILTERS = [
    "search",
    "text",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "day",
    "start_time",
    "end_time",
    "minimum_age",
    "maximum_age",
    "modified_after",
]


def _paths() -> dict:
    return {
        "/": {
            "get": {
                "operationId": "getAPIMetaInformation",
                "summary": "What this API is: its profile, version and OpenAPI document.",
                "responses": {
                    "200": {
                        "description": "About this API.",
                        "content": json_content(ref("ApiInfo")),
                    }
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "getOpenAPIDocument",
                "summary": "This document.",
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.0.",
                        "content": json_content({"type": "object"}),
                    }
                },
            }
        },
        "/services": _list_operation(
            "getPaginatedListOfServices",
            "Services (activities), with their one-to-one fields.",
            "ServiceSummary",
            SERVICE_FILTERS,
        ),
        "/services/{id}": _detail_operation(
            "getFullyNestedServiceById", "A service with all its related data.", "Service"
        ),
        "/service_at_locations": _list_operation(
            "getPaginatedListOfServiceAtLocation",
            "Services at the places they happen.",
            "ServiceAtLocationSummary",
            [*SERVICE_FILTERS, "postcode"],
        ),
        "/service_at_locations/{id}": _detail_operation(
            "getServiceAtLocationWithNestedDataById",
            "A service at a location, with the service and location in full.",
            "ServiceAtLocation",
        ),
        "/organizations": _list_operation(
            "getPaginatedListOfOrganizations",
            "Organisations that run services.",
            "OrganizationSummary",
            ["search", "text"],
        ),
        "/organizations/{id}": _detail_operation(
            "getOrganizationById",
            "An organisation, with its places and services.",
            "Organization",
            extra=["full_service"],
        ),
        "/taxonomies": _list_operation(
            "getPaginatedListOfTaxonomies",
            "The taxonomies services are classified by.",
            "Taxonomy",
            [],
        ),
        "/taxonomies/{id}": _detail_operation(
            "getTaxonomyById", "A taxonomy with its terms.", "Taxonomy"
        ),
        "/taxonomy_terms": _list_operation(
            "getPaginatedListOfTaxonomyTerms",
            "Taxonomy terms.",
            "TaxonomyTerm",
            ["search", "text", "taxonomy_id"],
        ),
        "/taxonomy_terms/{id}": _detail_operation(
            "getTaxonomyTermById", "A taxonomy term.", "TaxonomyTerm"
        ),
    }


def build_document(base_url: str, borough_name: str, contact_email: str = "") -> dict:
    """The document for one borough; ``base_url`` ends in /api/openreferral/."""
    info = {
        "title": f"Connect & Do {borough_name}: Open Referral UK API",
        "version": "3.0",
        "description": (
            f"Community activities, organisations and places in {borough_name}, published "
            "to the Open Referral UK profile of HSDS 3.0 "
            "(https://github.com/openreferral/uk-profile). Open to everyone: no keys, "
            "CORS allowed from any origin, read-only. Places that are someone's home are "
            "shown only by their postcode district, never a street, full postcode or map "
            "position. Leave a parameter out to not use it: an empty value (day=) is "
            "refused (400) like any other value the rules below do not allow."
        ),
    }
    if contact_email:
        info["contact"] = {"email": contact_email}
    return {
        "openapi": OPENAPI_VERSION,
        "info": info,
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": _paths(),
        "components": {"schemas": _schemas(), "parameters": _parameters()},
    }
