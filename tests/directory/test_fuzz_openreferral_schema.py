"""The Open Referral API checked against its own OpenAPI document by schemathesis.

Schemathesis reads the document the borough serves, generates requests for every
operation from it (values the document allows, and values it rules out), sends them to
the Django WSGI application in this process (the test database, Lambeth's host), and
checks each answer: never a server error, a status the document lists, JSON matching the
documented schema, and anything the document allows answered with 200.
"""

import pytest
import schemathesis
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode, checks

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from sites.directory.openreferral.ids import Ids
from sites.directory.openreferral.params import TIME

HOST = "lambeth.localhost"
OPENAPI = "/api/openreferral/openapi.json"
TIMES = ("start_time", "end_time")


@pytest.fixture
def wsgi_app(lambeth):
    """Django's own WSGI application, inside this test's transaction.

    Like Django's test client, it must not close the database connection at the start
    and end of each request: that would end the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _times_in_order(query: dict) -> bool:
    """False when both times are given, valid, and the end is not after the start."""
    start, end = (TIME.match(str(query.get(name, "")).strip()) for name in TIMES)
    if not (start and end):
        return True
    return [int(n or 0) for n in start.groups()] < [int(n or 0) for n in end.groups()]


def test_every_operation_keeps_to_the_openapi_document(wsgi_app, lambeth_directory):
    # Schemathesis's own pytest integration (from_fixture) does not run under pytest 9,
    # so each operation's cases are drawn with Hypothesis here, per generation mode.
    api = schemathesis.openapi.from_wsgi(OPENAPI, wsgi_app, headers={"Host": HOST})
    operations = [result.ok() for result in api.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert {"GET /services", "GET /service_at_locations", "GET /taxonomy_terms/{id}"} <= labels

    runs = {}
    for operation in operations:
        # Without parameters (the API's root) nothing can be sent that breaks a rule.
        has_parameters = any(True for _ in operation.iter_parameters())
        for mode in GenerationMode if has_parameters else [GenerationMode.POSITIVE]:
            runs[f"{operation.label} ({mode.value})"] = operation.as_strategy(mode)
    # Detail operations again, with the ids of real records rather than random ones.
    ids = Ids("lambeth")
    for label, record_id in {
        "GET /services/{id}": ids.service(lambeth_directory.activity.pk),
        "GET /organizations/{id}": ids.organization(lambeth_directory.organisation.pk),
        "GET /service_at_locations/{id}": ids.service_at_location(
            lambeth_directory.activity.pk, lambeth_directory.place.pk
        ),
    }.items():
        operation = next(o for o in operations if o.label == label)
        runs[f"{label} (a real id)"] = operation.as_strategy(path_parameters={"id": record_id})

    examples = max(10, hypothesis_settings.default.max_examples // 2)
    failures = {}
    for name, cases in runs.items():
        # In negative mode another parameter may be wrong as well, and may be named first.
        wrong_times_named = {"end_time"} if name.endswith("(positive)") else None

        @given(case=cases)
        @hypothesis_settings(max_examples=examples)
        def keeps_to_the_document(case):
            if not _times_in_order(case.query or {}):
                # A rule across two parameters, which OpenAPI 3.0 can only state in words.
                response = case.call_and_validate(
                    headers={"Host": HOST}, excluded_checks=[checks.positive_data_acceptance]
                )
                assert response.status_code == 400
                if wrong_times_named:  # noqa: B023 - called within this iteration
                    assert response.json()["parameter"] in wrong_times_named  # noqa: B023
            else:
                case.call_and_validate(headers={"Host": HOST})

        try:
            keeps_to_the_document()
        except (Exception, BaseExceptionGroup) as failure:  # all operations, all failures
            failures[name] = failure
    assert not failures, "\n\n".join(f"{name}:\n{failure}" for name, failure in failures.items())
