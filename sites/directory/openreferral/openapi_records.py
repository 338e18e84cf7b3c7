"""The OpenAPI document's small builders and its record schemas (summaries of the Open
Referral UK profile's records, naming the full published definitions); openapi.py puts
them together with the parameters and paths."""

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


# Fields the summaries and full records share.
ATTRIBUTE_LINK = {"taxonomy_term_id": UUID, "taxonomy_term": ref("TaxonomyTerm")}
ORGANIZATION_FIELDS = {
    "id": UUID,
    "name": string(),
    "description": string(),
    "email": string(fmt="email"),
    "website": string(fmt="uri"),
    "logo": string("Address of the organisation's logo image."),
    "uri": string("The organisation's page on this directory.", "uri"),
}
SERVICE_FIELDS = {
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
LOCATION_FIELDS = {
    "id": UUID,
    "location_type": string(enum=["physical", "postal", "virtual"]),
    "name": string(),
    "description": string(),
    "latitude": number("Left out when the street address is hidden."),
    "longitude": number("Left out when the street address is hidden."),
}


def _api_schemas() -> dict:
    """The API's own answers: errors, the API's description and pages of results."""
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
    }


def _taxonomy_schemas() -> dict:
    """Taxonomies, their terms and the attributes that link records to terms."""
    return {
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
            {"id": UUID, "link_id": UUID, "link_type": string(), **ATTRIBUTE_LINK},
        ),
    }


def _organization_schemas() -> dict:
    """Organisations, in lists and in full."""
    return {
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
            ORGANIZATION_FIELDS,
            f"See {UK_SCHEMAS}compiled/organization_list.json",
        ),
        "Organization": record(
            ["id", "name", "description"],
            {
                **ORGANIZATION_FIELDS,
                "organization_identifiers": array_of(ref("OrganizationIdentifier")),
                "attributes": array_of(ref("Attribute")),
                "phones": array_of(ref("Phone")),
                "locations": array_of(ref("Location")),
                "services": array_of(ref("ServiceSummary")),
            },
            f"See {UK_SCHEMAS}compiled/organization.json",
        ),
    }


def _location_schemas() -> dict:
    """Places: a street address only when it is not hidden."""
    return {
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
        "LocationSummary": record(["id", "location_type"], LOCATION_FIELDS),
        "Location": record(
            ["id", "location_type"],
            {
                **LOCATION_FIELDS,
                "addresses": array_of(ref("Address")),
                "accessibility": array_of(ref("Accessibility")),
                "attributes": array_of(ref("Attribute")),
            },
            f"See {UK_SCHEMAS}location.json",
        ),
    }


def _service_part_schemas() -> dict:
    """What a service says about how it runs: schedules, costs, languages and contacts."""
    return {
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
    }


def _service_schemas() -> dict:
    """Services (our activities), in lists and in full, and where they run."""
    return {
        "ServiceSummary": record(
            ["id", "name", "status"], SERVICE_FIELDS, f"See {UK_SCHEMAS}compiled/service_list.json"
        ),
        "Service": record(
            ["id", "name", "status"],
            {
                **SERVICE_FIELDS,
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


def record_schemas() -> dict:
    """Every record schema, in the order the document lists them."""
    return {
        **_api_schemas(),
        **_taxonomy_schemas(),
        **_organization_schemas(),
        **_location_schemas(),
        **_service_part_schemas(),
        **_service_schemas(),
    }
