"""Fuzzing the two "Get support" forms (see tests/fuzzing.py): no server error, refused
input never accepted, nothing saved or emailed from what the site did not accept."""

import pytest
from hypothesis import strategies as st

from sites.connecting.models import Referral
from tests.conftest import client_for
from tests.fuzzing import (
    BLANK,
    NAMES,
    NEW_EMAILS,
    NOT_EMAILS,
    OPTIONAL_WORDS,
    WORDS,
    Field,
    fuzz_form,
    row_counts,
    too_long,
)

pytestmark = pytest.mark.django_db

NOT_DISTRICTS = st.sampled_from(["SE11 5AB", "12 Acre Lane", "11SE", "SE", "SE111"])
PERSON = {
    "first_name": Field(NAMES, st.one_of(BLANK, too_long(60))),
    "contact_method": Field(st.sampled_from(["phone", "text"]), st.sampled_from(["fax", ""])),
    "contact_detail": Field(
        st.sampled_from(["07700 900123", "+44 20 7946 0000"]),
        st.one_of(BLANK, too_long(254), st.sampled_from(["call me", "12"])),
    ),
    "contact_times": Field(OPTIONAL_WORDS, too_long(200), required=False),
    "postcode_district": Field(st.sampled_from(["SE11", "sw2", " W1A "]), NOT_DISTRICTS),
    "help_wanted": Field(WORDS, st.one_of(BLANK, too_long(1000))),
    "interests": Field(st.just([]), st.sampled_from(["0", "999999", "x"]), required=False),
    "support_needed": Field(OPTIONAL_WORDS, too_long(1000), required=False),
}


def test_fuzz_get_support(lambeth, monkeypatch):
    assert client_for(lambeth).get("/get-support/").status_code == 200
    fields = {**PERSON, "consent": Field(st.just("on"))}
    fuzz_form(monkeypatch, lambeth, "/get-support/", fields, lambda: row_counts(lambeth, Referral))


def test_fuzz_refer_someone(lambeth, monkeypatch):
    fields = {
        **PERSON,
        "referrer_name": Field(NAMES, st.one_of(BLANK, too_long(100))),
        "referrer_role": Field(NAMES, st.one_of(BLANK, too_long(100))),
        "referrer_organisation": Field(NAMES, st.one_of(BLANK, too_long(150))),
        "referrer_email": Field(NEW_EMAILS, NOT_EMAILS),
        "reason": Field(WORDS, st.one_of(BLANK, too_long(2000))),
        "person_agreed": Field(st.just("on")),
    }
    url = "/get-support/professional/"
    fuzz_form(monkeypatch, lambeth, url, fields, lambda: row_counts(lambeth, Referral))
