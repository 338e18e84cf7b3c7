"""Fuzzing the community's public forms and filters (see tests/fuzzing.py).

Each property: no server error, refused input is never accepted, and whatever the site
did not accept saved nothing. Examples per property: the Hypothesis profile's
``max_examples`` (tests/conftest.py).
"""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django.utils import timezone

from sites.community.factories import TopicFactory
from sites.community.models import (
    CommunityGroup,
    Event,
    GroupMembership,
    MemberProfile,
    Post,
    Thread,
)
from sites.directory.models import Interest
from sites.directory.models.mixins import ACCESSIBILITY_FEATURES
from tests.community.conftest import PASSWORD, make_group, make_thread, page_text, signed_in
from tests.conftest import inside
from tests.fuzzing import (
    BLANK,
    LONG_URL,
    NAMES,
    NEW_EMAILS,
    NOT_EMAILS,
    OPTIONAL_WORDS,
    WORDS,
    Field,
    assert_answered,
    each_example,
    example_client,
    fuzz_form,
    fuzz_listing,
    hostile_text,
    is_accepted,
    row_counts,
    too_long,
)

pytestmark = pytest.mark.django_db

NO_SUCH_IDS = st.sampled_from([["999999"], ["abc"], ["-1"], ["1", "999999"]])


def interests_of(borough):
    with inside(borough):
        pks = [str(pk) for pk in Interest.objects.values_list("pk", flat=True)]
    return st.lists(st.sampled_from(pks), max_size=3, unique=True)


# --- Accounts ------------------------------------------------------------------------------


def test_fuzz_sign_up(lambeth, monkeypatch):
    from django.contrib.auth import get_user_model

    password = "a-long-fuzzing-password"
    fields = {
        "display_name": Field(NAMES, st.one_of(BLANK, too_long(60))),
        "email": Field(NEW_EMAILS, NOT_EMAILS),
        "password1": Field(st.just(password), st.sampled_from(["1234", "password", "12345678"])),
        "password2": Field(st.just(password), st.just("not the same password")),
        "adult": Field(st.just("on")),
        "house_rules": Field(st.just("on")),
    }

    fuzz_form(
        monkeypatch,
        lambeth,
        "/account/sign-up/",
        fields,
        lambda: row_counts(lambeth, get_user_model(), MemberProfile),
    )


def test_fuzz_sign_in(lambeth, lambeth_member, monkeypatch):
    """Only the right email and password sign in; anything else answers without an error."""
    emails = st.one_of(st.just(lambeth_member.email), NEW_EMAILS, hostile_text())
    passwords = st.one_of(st.just(PASSWORD), hostile_text())

    @given(emails, passwords)
    def sign_in(email, password):
        with each_example(monkeypatch):
            client = example_client(lambeth)
            response = client.post("/account/sign-in/", {"username": email, "password": password})
            assert_answered(response)
            right = (email, password) == (lambeth_member.email, PASSWORD)
            assert is_accepted(response) == right
            if right:
                assert response["Location"] == "/account/"

    sign_in()


def test_fuzz_password_reset(lambeth, lambeth_member, monkeypatch):
    fields = {"email": Field(st.sampled_from([lambeth_member.email, "nobody@example.org"]))}

    fuzz_form(
        monkeypatch, lambeth, "/account/password/forgotten/", fields, lambda: row_counts(lambeth)
    )


def test_fuzz_profile_edit(lambeth, lambeth_member, monkeypatch):
    fields = {
        "display_name": Field(NAMES, st.one_of(BLANK, too_long(60))),
        "about": Field(OPTIONAL_WORDS, too_long(500), required=False),
        "interests": Field(interests_of(lambeth), NO_SUCH_IDS, required=False),
        "profile_visibility": Field(
            st.sampled_from(["members", "nobody"]), st.sampled_from(["everyone", "", "public"])
        ),
        "messages_from": Field(
            st.sampled_from(["nobody", "groups", "groups-events"]),
            st.sampled_from(["everyone", "members"]),
            required=False,
        ),
        **{
            f"show_{name}": Field(st.just("on"), required=False)
            for name in ("about", "interests", "groups", "in_group_member_lists")
        },
    }

    def profile():
        with inside(lambeth):
            saved = MemberProfile.objects.get(user=lambeth_member)
            return (
                {f.attname: getattr(saved, f.attname) for f in MemberProfile._meta.concrete_fields},
                sorted(saved.interests.values_list("pk", flat=True)),
            )

    fuzz_form(
        monkeypatch,
        lambeth,
        "/account/profile/",
        fields,
        profile,
        user=lambeth_member,
        honeypot=None,
    )


# --- Groups, discussions, events -----------------------------------------------------------


def test_fuzz_group_proposal(lambeth, lambeth_member, monkeypatch):
    fields = {
        "name": Field(NAMES, st.one_of(BLANK, too_long(100))),
        "description": Field(WORDS, st.one_of(BLANK, too_long(2000))),
        "interests": Field(interests_of(lambeth), NO_SUCH_IDS, required=False),
        "meets_where": Field(
            st.sampled_from(["Brixton library", "online", ""]),
            st.sampled_from(["my front room", "Flat 3, Acre Lane", "x" * 201]),
            required=False,
        ),
        "meets_when": Field(OPTIONAL_WORDS, too_long(200), required=False),
        "visibility": Field(
            st.sampled_from(["public", "members-only"]), st.sampled_from(["secret", ""])
        ),
    }

    fuzz_form(
        monkeypatch,
        lambeth,
        "/groups/propose/",
        fields,
        lambda: row_counts(lambeth, CommunityGroup, GroupMembership),
        user=lambeth_member,
    )


def test_fuzz_start_a_discussion(lambeth, lambeth_member, monkeypatch):
    with inside(lambeth):
        topic = TopicFactory(name="Fuzzing", slug="fuzzing")
    fields = {
        "topic": Field(st.just(str(topic.pk)), st.sampled_from(["999999", "abc", ""])),
        "title": Field(NAMES, st.one_of(BLANK, too_long(150))),
        "body": Field(WORDS, st.one_of(BLANK, too_long(5000))),
    }

    fuzz_form(
        monkeypatch,
        lambeth,
        "/discussions/new/",
        fields,
        lambda: row_counts(lambeth, Thread, Post),
        user=lambeth_member,
    )


def test_fuzz_reply(lambeth, lambeth_member, lambeth_other_member, monkeypatch):
    thread, _ = make_thread(lambeth, lambeth_other_member)
    fields = {"body": Field(WORDS, st.one_of(BLANK, too_long(5000)))}

    fuzz_form(
        monkeypatch,
        lambeth,
        f"/discussions/{thread.pk}/",
        fields,
        lambda: row_counts(lambeth, Post),
        user=lambeth_member,
    )


def _days_ahead(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_fuzz_event_proposal(lambeth, lambeth_member, monkeypatch):
    group = make_group(lambeth, organiser=lambeth_member, name="Fuzzing circle")
    access = [name for name, _ in ACCESSIBILITY_FEATURES]
    fields = {
        "host": Field(st.just(f"group-{group.pk}"), st.sampled_from(["group-999999", "team"])),
        "title": Field(NAMES, st.one_of(BLANK, too_long(120))),
        "description": Field(WORDS, st.one_of(BLANK, too_long(4000))),
        "date": Field(
            st.integers(1, 300).map(_days_ahead),
            st.sampled_from(["2026-02-30", "yesterday", "31/31/2026", "99999-01-01"]),
        ),
        "start_time": Field(
            st.sampled_from(["09:00", "10:30", "11.15"]), st.sampled_from(["25:00", "noon"])
        ),
        "end_time": Field(st.sampled_from(["12:00", "23:59"]), st.sampled_from(["08:00", "2pm"])),
        "repeat": Field(st.sampled_from(Event.Repeat.values), st.just("hourly")),
        "repeat_until": Field(st.just(""), st.just("not a date"), required=False),
        "place": Field(st.just(""), st.sampled_from(["999999", "abc"]), required=False),
        "online_url": Field(
            st.just("https://meet.example.org/fuzz"),
            st.sampled_from(["not a web address", "javascript:alert(1)", LONG_URL]),
            required=False,
        ),
        "cost": Field(st.sampled_from(["free", "paid"]), st.just("maybe")),
        "cost_details": Field(OPTIONAL_WORDS, too_long(200), required=False),
        "booking": Field(st.sampled_from(["just-turn-up", "book"]), st.just("perhaps")),
        "booking_url": Field(
            st.just("https://tickets.example.org/"),
            st.sampled_from(["tickets please", LONG_URL]),
            required=False,
        ),
        "capacity": Field(
            st.sampled_from(["", "12"]), st.sampled_from(["0", "-3", "10001", "lots"]), False
        ),
        "interests": Field(interests_of(lambeth), NO_SUCH_IDS, required=False),
        "access": Field(
            st.lists(st.sampled_from(access), max_size=3, unique=True),
            st.just(["jetpack"]),
            required=False,
        ),
        "accessibility_notes": Field(OPTIONAL_WORDS, too_long(1000), required=False),
    }

    fuzz_form(
        monkeypatch,
        lambeth,
        "/events/new/",
        fields,
        lambda: row_counts(lambeth, Event),
        user=lambeth_member,
    )


# --- Events listing filters ----------------------------------------------------------------

EVENT_FILTERS = {
    "interest": ["gardening-and-outdoors", "music-and-singing"],
    "day": ["monday", "sunday"],
    "time": ["morning", "evening"],
    "free": ["yes"],
    "how": ["in-person", "online"],
    "access": ["step-free-access"],
    "from": ["2026-01-01", "01/02/2027", "9999-12-31"],
    "page": ["1", "2", "0", "-1", "99999999999999999999"],
}


def test_fuzz_events_filters(lambeth, monkeypatch):
    fuzz_listing(monkeypatch, lambeth, "/events/", EVENT_FILTERS)


# Found by the fuzzers: a web address longer than its column was a server error.
@pytest.mark.parametrize("field", ["online_url", "booking_url"])
def test_too_long_a_web_address_is_a_message_on_an_event(lambeth, lambeth_member, field):
    from tests.community.test_events import form_data

    group = make_group(lambeth, organiser=lambeth_member, name="Long links")
    response = signed_in(lambeth, lambeth_member).post(
        "/events/new/", form_data(host=f"group-{group.pk}", booking="book", **{field: LONG_URL})
    )
    assert response.status_code == 400
    assert "That web address is too long." in page_text(response)
    assert row_counts(lambeth, Event)["Event"] == 0
