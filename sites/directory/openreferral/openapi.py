"""The OpenAPI 3.0 document of this API, built for each borough host.

It follows the structure of the Open Referral UK profile's own OpenAPI file (the same
paths, operation ids and parameter names) but describes what we serve: our filters,
our limits and the fields our records carry. Record schemas here are summaries; the
published UK profile schemas named in each description are the full definitions.
"""

from .openapi_records import (
    UUID,
    array_of,
    json_content,
    record_schemas,
    ref,
    string,
)
from .pagination import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE
from .params import DAY_PATTERN, MAX_AGE, MAX_TEXT_LENGTH, POSTCODE_PATTERN, TEXT_PATTERN, TIME

OPENAPI_VERSION = "3.0.3"


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
        "components": {"schemas": record_schemas(), "parameters": _parameters()},
    }
