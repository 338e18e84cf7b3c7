"""Fuzzing the directory's public forms and the "Things to do" filters (see
tests/fuzzing.py): no server error, refused input never accepted, nothing saved from
what the site did not accept."""

import pytest
from hypothesis import strategies as st

from sites.directory.models import ListingReport, OrganisationJoinRequest
from tests.community.conftest import human, page_text
from tests.conftest import client_for
from tests.fuzzing import (
    BLANK,
    LONG_EMAIL,
    LONG_URL,
    NAMES,
    NEW_EMAILS,
    NOT_EMAILS,
    OPTIONAL_WORDS,
    WORDS,
    Field,
    fuzz_form,
    fuzz_listing,
    row_counts,
    too_long,
)

pytestmark = pytest.mark.django_db


def test_fuzz_report_a_problem(lambeth, lambeth_directory, monkeypatch):
    fields = {
        "reason": Field(
            st.sampled_from(ListingReport.Reason.values), st.sampled_from(["", "spam", "OTHER"])
        ),
        "details": Field(OPTIONAL_WORDS, too_long(2000), required=False),
        "email": Field(st.sampled_from(["", "me@example.org"]), NOT_EMAILS, required=False),
    }
    url = f"/report-a-problem/{lambeth_directory.activity.pk}/"

    fuzz_form(monkeypatch, lambeth, url, fields, lambda: row_counts(lambeth, ListingReport))


def test_fuzz_list_your_organisation(lambeth, monkeypatch):
    fields = {
        "organisation_name": Field(NAMES, st.one_of(BLANK, too_long(120))),
        "summary": Field(WORDS, st.one_of(BLANK, too_long(250))),
        "website": Field(
            st.sampled_from(["", "https://example.org", "example.org/about"]),
            st.sampled_from(["not a website", "javascript:alert(1)", "http://", LONG_URL]),
            required=False,
        ),
        "charity_number": Field(st.sampled_from(["", "1234567"]), too_long(20), required=False),
        "contact_name": Field(NAMES, st.one_of(BLANK, too_long(100))),
        "contact_email": Field(NEW_EMAILS, NOT_EMAILS),
        "contact_phone": Field(
            st.sampled_from(["", "020 7946 0000"]),
            st.one_of(too_long(30), st.sampled_from(["----------", "((((((((((", "call me"])),
            required=False,
        ),
    }

    fuzz_form(
        monkeypatch,
        lambeth,
        "/list-your-organisation/",
        fields,
        lambda: row_counts(lambeth, OrganisationJoinRequest),
        honeypot="homepage",
    )


# Found by the fuzzers: these were server errors (DataError), now a message by the box.
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_email", LONG_EMAIL, "That email address is too long."),
        ("website", LONG_URL, "That web address is too long."),
    ],
)
def test_too_long_to_store_is_a_message_on_list_your_organisation(lambeth, field, value, message):
    data = {
        "organisation_name": "Brixton Knitters",
        "summary": "We knit together on Mondays.",
        "contact_name": "Kim",
        "contact_email": "kim@example.org",
        field: value,
    }
    response = client_for(lambeth).post("/list-your-organisation/", human(data))
    assert response.status_code == 400
    assert message in page_text(response)
    assert row_counts(lambeth, OrganisationJoinRequest)["OrganisationJoinRequest"] == 0


def test_too_long_an_email_is_a_message_on_report_a_problem(lambeth, lambeth_directory):
    url = f"/report-a-problem/{lambeth_directory.activity.pk}/"
    data = {"reason": "wrong-details", "details": "", "email": LONG_EMAIL}
    response = client_for(lambeth).post(url, human(data))
    assert response.status_code == 400
    assert "That email address is too long." in page_text(response)
    assert row_counts(lambeth, ListingReport)["ListingReport"] == 0


THINGS_TO_DO_FILTERS = {
    "interest": ["gardening-and-outdoors", "music-and-singing"],
    "day": ["monday", "tuesday", "thursday"],
    "time": ["morning", "afternoon", "evening"],
    "free": ["yes", "on", "no"],
    "how": ["in-person", "online", "phone"],
    "access": ["step-free-access", "hearing-loop"],
    "kind": ["club", "class"],
    "page": ["1", "2", "0", "-1", "99999999999999999999", "½"],
}


def test_fuzz_things_to_do_filters(lambeth, lambeth_directory, monkeypatch):
    fuzz_listing(monkeypatch, lambeth, "/things-to-do/", THINGS_TO_DO_FILTERS)
