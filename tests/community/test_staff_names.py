"""Accounts made by staff get their first name, or the next free one ("Jo 2"), even when
another account takes it at the same moment (sites/community/services/names.py)."""

import uuid

from django_tenants.utils import schema_context

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from sites.community.services import accounts
from tests.conftest import inside

from .conftest import make_member, second_write_waits_on_the_first

User = get_user_model()


def a_first_name() -> str:
    """A first name nobody else has, in letters only (a test's own name in the borough)."""
    return "Jo" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:8])


def test_a_taken_name_gets_the_next_free_one(lambeth):
    name = a_first_name()
    make_member(lambeth, display_name=name)
    make_member(lambeth, display_name=f"{name.upper()} 2")  # taken as readers see names
    with inside(lambeth):
        staff = User.objects.create_user(username="s@example.org", first_name=name)
        assert accounts.ensure_profile(staff).display_name == f"{name} 3"
        assert accounts.ensure_profile(staff).display_name == f"{name} 3"  # kept, not redone


def test_two_staff_profiles_with_one_first_name_at_the_same_moment_both_get_one(
    committed_lambeth,
):
    """The first profile is written but not committed; the second finds the name free
    (it cannot see the first yet) and waits on the unique index. When the first commits,
    the second's savepoint is undone and it takes the next free name, instead of the
    IntegrityError (a 500) it used to end with."""
    borough, emails = committed_lambeth
    name = a_first_name()
    emails += [f"{who}-{uuid.uuid4().hex[:8]}@example.org" for who in ("a", "b")]
    with inside(borough):
        first, second = (
            User.objects.create_user(username=email, email=email, first_name=name)
            for email in emails
        )
    outcome = {}

    def second_profile():
        try:
            # Inside a transaction, as in a request: the retry runs in a savepoint.
            with schema_context(borough.schema_name), transaction.atomic():
                user = User.objects.get(pk=second.pk)
                outcome["name"] = accounts.ensure_profile(user).display_name
        except Exception as error:  # noqa: BLE001 - checked below
            outcome["error"] = error
        finally:
            connection.close()

    with inside(borough):
        second_write_waits_on_the_first(lambda: accounts.ensure_profile(first), second_profile)
        assert outcome == {"name": f"{name} 2"}
        names = User.objects.filter(email__in=emails).values_list(
            "member_profile__display_name", flat=True
        )
        assert sorted(names) == [name, f"{name} 2"]
