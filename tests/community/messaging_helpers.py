"""Shared set-up for the private messages tests (test_messages*.py)."""

import pytest

from sites.community.factories import EventAttendanceFactory
from sites.community.models import MemberProfile
from tests.conftest import inside

from .conftest import make_event, make_group, trusted_members

GROUP = "Knit and natter"


@pytest.fixture(name="people")
def people_fixture(lambeth):
    """Ada and Ben share a group (Ada organises it); Ada and Cal are going to the same
    event date; Dan shares nothing with anyone. All trusted, unless a test changes it."""
    people = trusted_members(lambeth, "Ada", "Ben", "Cal", "Dan")
    make_group(lambeth, organiser=people["Ada"], members=[people["Ben"]], name=GROUP)
    event = make_event(lambeth, title="Coffee morning", days=5)
    with inside(lambeth):
        for name in ("Ada", "Cal"):
            EventAttendanceFactory(event=event, member=people[name])
    return people


def profile_of(borough, user) -> MemberProfile:
    with inside(borough):
        return MemberProfile.objects.get(user=user)


def set_profile(borough, user, **fields) -> None:
    with inside(borough):
        MemberProfile.objects.filter(user=user).update(**fields)


def new_url(borough, user) -> str:
    return f"/messages/new/{profile_of(borough, user).pk}/"
