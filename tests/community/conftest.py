"""Community fixtures: members in a borough, signed-in clients."""

import threading

import pytest

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from sites.community.factories import MemberProfileFactory
from tenants.models import Borough
from tests.conftest import client_for, inside

PASSWORD = "a-long-test-password"  # the password UserFactory gives every user


def make_member(borough, **profile_fields):
    """A confirmed member of ``borough`` (email and user name member<n>@example.org)."""
    with inside(borough):
        return MemberProfileFactory(**profile_fields).user


def signed_in(borough, user):
    """A test client for the borough's host, signed in as ``user``."""
    client = client_for(borough)
    with inside(borough):
        client.force_login(user)
    return client


@pytest.fixture
def lambeth_member(lambeth):
    return make_member(lambeth, display_name="Alex")


@pytest.fixture
def lambeth_other_member(lambeth):
    return make_member(lambeth, display_name="Bea")


# --- At the same moment (real transactions, a real thread) -----------------------------


@pytest.fixture
def committed_lambeth(committed_db):
    """Lambeth, for a test whose writes are committed (another connection must see
    them), and a list: the accounts made under those addresses are deleted after it."""
    borough = Borough.objects.get(slug="lambeth")
    emails = []
    yield borough, emails
    with inside(borough):
        get_user_model().objects.filter(email__in=emails).delete()


def waiting_for(xid: str) -> bool:
    """Whether another connection waits on the transaction ``xid`` (a row lock, such as
    a unique index holding a value that transaction wrote)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'transactionid' "
            "AND transactionid::text = %s AND NOT granted)",
            [xid],
        )
        return cursor.fetchone()[0]


def second_write_waits_on_the_first(write_first, write_second) -> None:
    """``write_first`` in a transaction; before it commits, ``write_second`` in a thread
    of its own (its own connection), until that waits on the first's transaction (the
    unique index); then the first commits and the second goes on. Call inside the
    borough; ``write_second`` records what happened, and closes its connection."""
    with transaction.atomic():
        write_first()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()::text")
            xid = cursor.fetchone()[0]
        thread = threading.Thread(target=write_second)
        thread.start()
        for _ in range(200):
            if waiting_for(xid) or not thread.is_alive():
                break
            thread.join(timeout=0.05)
        assert waiting_for(xid), "the second write never reached the unique index"
    thread.join(timeout=30)


# --- Groups, discussions and moderation (tests/community/test_groups.py and others) ------


def trusted_members(borough, *names) -> dict:
    """Trusted members of ``borough`` by display name: ``trusted_members(lambeth, "Ada")``."""
    return {name: make_member(borough, display_name=name, is_trusted=True) for name in names}


def make_staff(borough, email, *group_names):
    """A staff user of ``borough`` in the named groups (Moderators, Editors...), with a profile."""
    from django.contrib.auth.models import Group

    with inside(borough):
        user = MemberProfileFactory(
            user__username=email, user__email=email, display_name=email.split("@")[0].title()
        ).user
        user.groups.add(*Group.objects.filter(name__in=group_names))
        return user


def human(data: dict) -> dict:
    """Form data as a person sends it: with the anti-spam fields filled in as a browser would."""
    from sites.core.antispam import human_check_data

    return {**human_check_data(), **data}


@pytest.fixture
def lambeth_moderator(lambeth):
    from sites.core.roles import MODERATORS

    return make_staff(lambeth, "moderator@lambeth.example.org", MODERATORS)


@pytest.fixture
def settings_for(lambeth):
    """Change Lambeth's community settings: ``settings_for(safeguarding_email=...)``."""

    def change(**fields):
        from wagtail.models import Site

        from sites.community.models import CommunitySettings

        with inside(lambeth):
            community = CommunitySettings.for_site(Site.objects.get(is_default_site=True))
            for name, value in fields.items():
                setattr(community, name, value)
            community.save()

    return change


@pytest.fixture
def lambeth_editor(lambeth):
    from sites.core.roles import EDITORS

    return make_staff(lambeth, "editor@lambeth.example.org", EDITORS)


def make_group(borough, organiser=None, members=(), **fields):
    """An approved group in ``borough`` with ``organiser`` and ``members``."""
    from sites.community.factories import CommunityGroupFactory, GroupMembershipFactory

    with inside(borough):
        group = CommunityGroupFactory(**fields)
        if organiser is not None:
            GroupMembershipFactory(group=group, member=organiser, role="organiser")
        for member in members:
            GroupMembershipFactory(group=group, member=member)
        return group


def make_thread(borough, author, body="Hello everyone.", **fields):
    """A visible discussion with its first post; returns (thread, post)."""
    from sites.community.factories import PostFactory, ThreadFactory

    with inside(borough):
        thread = ThreadFactory(author=author, **fields)
        post = PostFactory(thread=thread, author=author, body=body, status=thread.status)
        return thread, post


def page_text(response) -> str:
    """What a person reads on the page: the words only, spaces normalised."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    for isolated in soup.find_all("bdi"):  # inline: "Block <bdi>Ben</bdi>?" reads "Block Ben?"
        isolated.unwrap()
    soup.smooth()
    return " ".join(soup.get_text(" ").split())


# --- Events (tests/community/test_events.py, test_icalendar.py, test_waiting_list.py) ------


def days_ahead(days: int, hour: int = 10, minute: int = 0):
    """An aware London time ``days`` from today, at ``hour``:``minute``."""
    import datetime

    from django.utils import timezone

    from sites.community.events.recurrence import local_datetime

    day = timezone.localdate() + datetime.timedelta(days=days)
    return local_datetime(day, datetime.time(hour, minute))


def make_event(borough, *, days: int = 7, hour: int = 10, hours: int = 2, **fields):
    """A published event in ``borough``, ``days`` from today at ``hour`` (London time)."""
    import datetime

    from sites.community.factories import EventFactory

    starts_at = fields.pop("starts_at", None) or days_ahead(days, hour)
    fields.setdefault("ends_at", starts_at + datetime.timedelta(hours=hours))
    interests = fields.pop("interests", ())
    with inside(borough):
        event = EventFactory(starts_at=starts_at, **fields)
        if interests:
            event.interests.set(interests)
        return event
