"""Open Referral UK (HSDS 3.0 UK profile) API for each borough's directory.

Served at ``/api/openreferral/`` on every borough host; the borough (and so the tenant
schema) comes from the host name, like every other borough page. Read-only, open to
everyone (no keys, ``Access-Control-Allow-Origin: *``).

    ids.py          stable UUIDs for every record, derived from the borough and the pk
    params.py       query parameters: parsed and checked, or a 400 with a clear message
    selectors.py    what the public may see, and the Open Referral filters
    serializers.py  directory models -> Open Referral dicts (address masking lives here;
                    how a service runs in service_details.py)
    pagination.py   the profile's page envelope
    openapi.py      the OpenAPI document describing exactly these endpoints
                    (its record schemas in openapi_records.py)
    views.py        thin views: parse, select, serialise, answer JSON

Mapping: an ActivityPage is a *service*, its OrganisationPage the *organization*, a
PlacePage a *location* (one *service_at_location* per activity with a place), and the
borough's Interest list plus a fixed list of directory features are the *taxonomies*.
"""

# What the root endpoint reports; "HSDS-UK-3.0" is how validators recognise the profile.
VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
