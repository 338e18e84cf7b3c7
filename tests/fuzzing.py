"""What the fuzzers (tests/*/test_fuzz_*.py) share: hostile values, form submissions
drawn by Hypothesis, and examples that are independent of each other.

Each fuzzer sends what Hypothesis draws to a real endpoint of a session borough with
Django's test client, and checks what a visitor and an operator care about:

- never a server error: the status is below 500 (the test client also re-raises any
  exception a view lets out);
- nothing saved from a submission the site refused: the rows the form could write are
  the same before and after, and no email went out.

Every example runs in a savepoint that is rolled back, with fresh rate-limit counters
and its own client address, so examples do not depend on each other (a failure replays
on its own) and reach the forms' validation instead of a rate limit.
"""

import itertools
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from hypothesis import event, given
from hypothesis import strategies as st

from django.core import mail
from django.db import transaction
from django.test import Client

from sites.core.antispam import HONEYPOT_FIELD, STARTED_FIELD, human_check_data
from tests.conftest import inside

# Anything a browser can send: every Unicode character but lone surrogates (UTF-8
# cannot carry them).
CHARACTERS = st.characters(exclude_categories=("Cs",))
# Values that broke, or nearly broke, real sites.
TRICKY = [
    "",
    " ",
    "\t\r\n",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "\ue000marked\ue001",
    "<script>alert(1)</script>",
    "' OR '1'='1' --",
    "%00",
    "%s%s%n",
    "{{ 7*7 }}{% debug %}",
    "../../../etc/passwd",
    "😀🏳️‍🌈",
    "Z̷̢a̸l̶g̵o̴",
    "0",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "true",
    "null",
    "\r\nX-Injected: yes",
    "http://user:password@example.org/",
    "javascript:alert(1)",
    "a@b",
    "𝒶@𝒷.𝒸",
    "SW1A 1AA",
]


def hostile_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Strings a careless or hostile visitor might send: tricky, random, or very long."""
    return st.one_of(
        st.sampled_from(TRICKY),
        st.text(CHARACTERS, max_size=max_size),
        st.builds(
            lambda piece, times: piece * times,
            st.sampled_from(["a", "é", "😀", " ", "\x00", "<b>"]),
            st.integers(100, 12_000),
        ),
    )


# --- Form submissions ------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One form field: values the form accepts, and values it must refuse."""

    valid: st.SearchStrategy
    invalid: st.SearchStrategy | None = None
    required: bool = True


@dataclass(frozen=True)
class Submission:
    data: dict
    refused: bool  # True when at least one value is one the form must refuse


# Mostly good values, so whole submissions are often accepted and the saving path is
# fuzzed too; then hostile values (either way), values to refuse, and gaps.
_CHOICES = ["valid", "valid", "valid", "hostile", "invalid", "missing"]
_ODD_CHOICES = ["hostile", "invalid", "missing", "valid"]
_HUMAN_CHECK = "(the anti-spam check)"


@st.composite
def submissions(draw, fields: dict[str, Field], honeypot: str | None = HONEYPOT_FIELD):
    """Form data for ``fields``; with ``honeypot``, the anti-spam fields as well, now and
    then filled in as a robot would (which the form must refuse)."""
    data, refused = {}, False
    # Half the submissions are good but for one field, so long forms are accepted (and
    # their saving fuzzed) often enough; the others may be odd anywhere.
    odd_one = draw(st.one_of(st.none(), st.sampled_from([*sorted(fields), _HUMAN_CHECK])))
    for name, field in fields.items():
        if odd_one is None:
            choice = draw(st.sampled_from(_CHOICES))
        else:
            choice = draw(st.sampled_from(_ODD_CHOICES)) if name == odd_one else "valid"
        if choice == "invalid" and field.invalid is None:
            choice = "valid"
        if choice == "missing":
            refused |= field.required
            continue
        if choice == "valid":
            data[name] = draw(field.valid)
        elif choice == "invalid":
            data[name] = draw(field.invalid)
            refused = True
        else:
            data[name] = draw(hostile_text())
    if honeypot is not None:
        robot = "person"
        if odd_one in (None, _HUMAN_CHECK):
            robot = draw(st.sampled_from(["person", "person", "person", "honeypot", "token"]))
        data.update(human_check_data())
        if robot == "honeypot":
            data[honeypot] = draw(hostile_text().filter(str.strip))
        elif robot == "token":
            data[STARTED_FIELD] = draw(st.one_of(st.just(""), hostile_text()))
        refused |= robot != "person"
    return Submission(data=data, refused=refused)


def too_long(limit: int) -> st.SearchStrategy[str]:
    return st.integers(limit + 1, limit + 500).map(lambda n: "x" * n)


BLANK = st.sampled_from(["", " ", "\n\t "])
NAMES = st.text(st.characters(categories=("L",)), min_size=1, max_size=40)
WORDS = st.text(st.characters(categories=("L", "Zs", "P")), max_size=240).filter(str.strip)
OPTIONAL_WORDS = st.text(st.characters(categories=("L", "Zs", "P")), max_size=150)
NEW_EMAILS = st.uuids().map(lambda u: f"fuzz-{u.hex[:12]}@example.org")
LONG_EMAIL = "a" * 300 + "@example.org"
LONG_URL = "https://example.org/" + "a" * 200
NOT_EMAILS = st.sampled_from(["not an email", "name@", "@example.org", LONG_EMAIL])


def filter_queries(known: dict[str, list[str]]) -> st.SearchStrategy[dict]:
    """Web-address parameters: known names with good or hostile values, and unknown ones."""
    names = st.one_of(st.sampled_from(sorted(known)), hostile_text(20))
    values = st.one_of(st.sampled_from([v for vs in known.values() for v in vs]), hostile_text())
    return st.dictionaries(names, st.lists(values, min_size=1, max_size=3), max_size=6)


# --- Examples --------------------------------------------------------------------------


class _Undo(Exception):
    pass


@contextmanager
def each_example(monkeypatch):
    """One example: its writes rolled back, fresh rate-limit counters, an empty outbox.

    The savepoint also keeps a failing example (even one that broke the transaction)
    from spoiling the next ones Hypothesis tries while it shrinks the failure.
    """
    monkeypatch.setattr("sites.core.ratelimit.KEY_PREFIX", f"ratelimit-{uuid.uuid4().hex}")
    mail.outbox = []
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass


_addresses = itertools.count(1)


def example_client(borough, user=None) -> Client:
    """A client for ``borough`` from an address no other example used; signed in as
    ``user`` if given."""
    number = next(_addresses)
    client = Client(
        HTTP_HOST=borough.primary_host,
        REMOTE_ADDR=f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}",
    )
    if user is not None:
        with inside(borough):
            client.force_login(user)
    return client


def row_counts(borough, *models) -> dict:
    with inside(borough):
        counts = {model.__name__: model._base_manager.count() for model in models}
    return {**counts, "emails sent": len(mail.outbox)}


def assert_answered(response) -> None:
    """No server error, and the request reached the form or page, not a rate limit."""
    assert response.status_code < 500, response.status_code
    assert response.status_code != 429, "rate limited: the fuzzer did not reach validation"
    assert b"tried this too many times" not in response.content


def is_accepted(response) -> bool:
    """A form the site accepted answers with a redirect (to a thank-you or the result)."""
    return response.status_code in (301, 302, 303)


def fuzz_form(monkeypatch, borough, url, fields, saved, *, user=None, honeypot=HONEYPOT_FIELD):
    """The forms' property, over submissions drawn for ``fields``, posted to ``url`` (as
    ``user`` if given); ``saved()`` is what the form could write."""

    @given(submissions(fields, honeypot))
    def submitting(submission):
        with each_example(monkeypatch):
            check_submission(example_client(borough, user), url, submission, saved)

    submitting()


def fuzz_listing(monkeypatch, borough, path, known: dict[str, list[str]], check=None):
    """The listings' property: whatever the web address holds, ``path`` answers 200
    (then ``check(response)``, if given)."""

    @given(filter_queries(known))
    def listing(query):
        with each_example(monkeypatch):
            response = example_client(borough).get(path, query)
            assert_answered(response)
            assert response.status_code == 200
            if check is not None:
                check(response)

    listing()


def check_submission(client, url: str, submission: Submission, saved: Callable[[], object]):
    """Post ``submission``; refused input must not be accepted, and whatever the site did
    not accept must leave ``saved()`` (what the form could write) as it was."""
    before = saved()
    response = client.post(url, submission.data)
    assert_answered(response)
    event("accepted" if is_accepted(response) else "not accepted")  # --hypothesis-show-statistics
    if submission.refused:
        assert not is_accepted(response), f"accepted refused input: {response.get('Location')}"
    if not is_accepted(response):
        assert saved() == before
    return response
