"""One name per account in a borough: nobody can pass for another member, an organiser
or a moderator by taking their name (sites/community/services/names.py)."""

import datetime
import importlib
import uuid

import pytest
import time_machine
from django_tenants.utils import schema_context

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from sites.community.accounts.forms import ProfileForm
from sites.community.factories import MemberProfileFactory
from sites.community.models import MemberProfile
from sites.community.services import accounts, names, privacy
from sites.core.ratelimit import RATE_LIMITS
from sites.core.roles import EDITORS, MODERATORS
from sites.core.text import name_key
from sites.directory.models import Interest
from tests.conftest import client_for, inside

from .conftest import make_member, make_staff, second_write_waits_on_the_first, signed_in
from .test_accounts import sign_up_data

User = get_user_model()
TAKEN = "Someone here already uses this name"
SAME_NAMES = ["Sam Jones", "sam  jones", "SAM JONES", "Sam\u200b Jones", "S\u200bam Jones"]
LOOK_ALIKES = [
    "Sаm Jones",  # a Cyrillic "а"
    "ЅΑΜ JΟΝΕЅ",  # Cyrillic and Greek capitals
    "ｓａｍ ｊｏｎｅｓ",  # full-width letters
    "-Sam Jones-",
    "Sam.Jones",
    " Sam\u2060 Jo\u200dnes ",  # word joiner, zero-width joiner
    "Sam Jones\u3164",  # a Hangul filler: a letter drawn as nothing
    "Sa\u034fm Jones",  # the combining grapheme joiner
]


def sign_up(borough, name, email=None):
    email = email or f"{uuid.uuid4().hex[:10]}@example.org"
    return client_for(borough).post(
        "/account/sign-up/", sign_up_data(display_name=name, email=email)
    )


def edit_profile(client, **changes):
    return client.post(
        "/account/profile/",
        {"profile_visibility": "members", "messages_from": "groups", **changes},
    )


def names_in(borough) -> list[str]:
    with inside(borough):
        return sorted(MemberProfile.objects.values_list("display_name", flat=True))


def test_the_key_reads_names_as_people_do():
    for same in SAME_NAMES + LOOK_ALIKES:
        assert name_key(same) == "sam jones", same
    assert name_key("Sam Jonas") != name_key("Sam Jones")
    assert name_key("Sam J") != name_key("Sam Jones")
    # Other scripts stay themselves: a Bengali name, accents, a Greek name in Greek.
    assert name_key("রা\u200cহুল") == "রাহুল"
    assert name_key("José") != name_key("Jose")
    assert name_key("Νίκος") != name_key("Nikos")
    # Case never matters, in any script, look-alike letters or not.
    assert name_key("Тимур") == name_key("ТИМУР") == name_key("тимур")
    assert name_key("Νίκος") == name_key("ΝΊΚΟΣ")


def test_a_visitor_cannot_try_name_after_name_to_learn_who_is_here(lambeth):
    """ "This name is taken" tells that someone here has it, so it is counted per
    address; past the limit the page says to wait, whatever the name."""
    make_member(lambeth, display_name="Jane Okafor")
    most, _period = RATE_LIMITS["name-taken"]
    for _ in range(most):
        assert TAKEN in sign_up(lambeth, "Jane Okafor").content.decode()
    refused = sign_up(lambeth, "Jane Okafor")
    assert refused.status_code == 429
    assert TAKEN not in refused.content.decode() and "Please wait" in refused.content.decode()
    # From then on a name nobody has gets the same answer: the wait tells nothing.
    unused = sign_up(lambeth, "Quentin Oddly")
    assert unused.status_code == 429 and "Please wait" in unused.content.decode()
    assert names_in(lambeth).count("Jane Okafor") == 1 and "Quentin Oddly" not in names_in(lambeth)


@pytest.mark.parametrize("name", SAME_NAMES + LOOK_ALIKES[:3])
def test_a_second_member_cannot_sign_up_with_a_name_already_shown(lambeth, name):
    make_member(lambeth, display_name="Sam Jones")
    before = names_in(lambeth)
    with inside(lambeth):
        users = User.objects.count()
    response = sign_up(lambeth, name)
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert "middle initial" in response.content.decode()
    assert names_in(lambeth) == before
    with inside(lambeth):
        assert User.objects.count() == users
    # With something added, it is theirs.
    assert sign_up(lambeth, "Sam Jones K").status_code == 302
    assert "Sam Jones K" in names_in(lambeth)


def test_a_member_cannot_change_their_name_to_another_members(lambeth, lambeth_member):
    make_member(lambeth, display_name="Sam Jones")
    client = signed_in(lambeth, lambeth_member)
    for name in ["SAM JONES", "Sam\u200b Jones", "Sаm Jones"]:
        response = edit_profile(client, display_name=name, about="New words")
        assert response.status_code == 200 and TAKEN in response.content.decode()
    with inside(lambeth):
        profile = MemberProfile.objects.get(user=lambeth_member)
        assert (profile.display_name, profile.name_key) == ("Alex", "alex")
        assert profile.about != "New words"  # bad input changes nothing


def test_a_member_keeps_their_own_name_while_editing_the_rest(lambeth, lambeth_member):
    client = signed_in(lambeth, lambeth_member)
    assert edit_profile(client, display_name="Alex", about="Tea and walks").status_code == 302
    # Their own name, written another way, is still theirs.
    assert edit_profile(client, display_name="ALEX", about="Tea and walks").status_code == 302
    with inside(lambeth):
        profile = MemberProfile.objects.get(user=lambeth_member)
        assert (profile.display_name, profile.name_key, profile.about) == (
            "ALEX",
            "alex",
            "Tea and walks",
        )


def test_a_staff_members_name_cannot_be_taken_either(lambeth):
    make_staff(lambeth, "kim.lee@example.org", MODERATORS, EDITORS)
    assert names_in(lambeth).count("Kim.Lee") == 1
    assert TAKEN in sign_up(lambeth, "kim lee").content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "Moderator Sam",
        "mоderator sam",
        "Sam the Admin",
        "Connect & Do team",
        "Community Connector",
        "M0derator",
        "Adm1n Jo",
        "Modérator",
        "Coach Maria",
        "Ealing Council Team",
        "ConnectDo",
    ],
)
def test_names_of_the_sites_roles_are_for_staff_only(lambeth, lambeth_member, name):
    assert "Names like “Moderator” are kept" in sign_up(lambeth, name).content.decode()
    refused = edit_profile(signed_in(lambeth, lambeth_member), display_name=name)
    assert "Names like “Moderator” are kept" in refused.content.decode()
    assert name not in names_in(lambeth)


def test_two_boroughs_may_each_have_a_sam_jones(lambeth, southwark):
    make_member(lambeth, display_name="Sam Jones")
    assert sign_up(southwark, "Sam Jones").status_code == 302
    assert names_in(southwark).count("Sam Jones") == 1
    # And a Southwark name never blocks a Lambeth one.
    make_member(southwark, display_name="Priya Shah")
    assert sign_up(lambeth, "Priya Shah").status_code == 302


def test_a_deleted_accounts_name_is_free_again(lambeth):
    gone = make_member(lambeth, display_name="Sam Jones")
    with inside(lambeth):
        privacy.erase_member(User.objects.get(pk=gone.pk))
    assert sign_up(lambeth, "Sam Jones").status_code == 302


def test_a_name_a_member_leaves_is_held_for_them_for_a_month(lambeth):
    """Nobody can take it at once and pass for them with the people who knew them by it;
    they may take it back meanwhile."""
    ola = make_member(lambeth, display_name="Ola")
    as_ola = signed_in(lambeth, ola)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert edit_profile(as_ola, display_name="Ola B").status_code == 302
    with time_machine.travel(start + datetime.timedelta(days=29), tick=False):
        for name in ("Ola", "OLA"):
            refused = sign_up(lambeth, name)
            assert refused.status_code == 200 and TAKEN in refused.content.decode()
        with inside(lambeth):
            staff = User.objects.create_user(username="o@example.org", first_name="Ola")
            assert accounts.ensure_profile(staff).display_name == "Ola 2"
        as_ola = signed_in(lambeth, ola)  # a sign-in lasts less than a month
        assert edit_profile(as_ola, display_name="Ola").status_code == 302
        assert names_in(lambeth).count("Ola") == 1, "hers to take back"
        assert edit_profile(as_ola, display_name="Ola B").status_code == 302
        assert "Ola B" in names_in(lambeth)
    with time_machine.travel(start + datetime.timedelta(days=58), tick=False):
        again = sign_up(lambeth, "Ola")
        assert again.status_code == 200, again.status_code
        assert TAKEN in again.content.decode(), "held from the last change"
    with time_machine.travel(start + datetime.timedelta(days=60), tick=False):
        assert sign_up(lambeth, "Ola").status_code == 302
    assert names_in(lambeth).count("Ola") == 1


def test_renaming_again_and_again_holds_only_the_latest_names(lambeth):
    ola = make_member(lambeth, display_name="Ola")
    as_ola = signed_in(lambeth, ola)
    start = timezone.now()
    for day, name in enumerate(["Ola A", "Ola B", "Ola C", "Ola D"], start=1):
        with time_machine.travel(start + datetime.timedelta(minutes=day), tick=False):
            assert edit_profile(as_ola, display_name=name).status_code == 302
    # Held: "Ola A", "Ola B" and "Ola C" (the three she left last); "Ola" is free again.
    assert sign_up(lambeth, "Ola").status_code == 302
    assert TAKEN in sign_up(lambeth, "Ola A").content.decode()


def test_a_deleted_account_lets_go_of_the_names_it_held(lambeth):
    ola = make_member(lambeth, display_name="Ola")
    assert edit_profile(signed_in(lambeth, ola), display_name="Ola B").status_code == 302
    with inside(lambeth):
        assert (
            privacy.export_member_data(User.objects.get(pk=ola.pk))["names_kept_for_me"][0][
                "name_as_compared"
            ]
            == "ola"
        )
        privacy.erase_member(User.objects.get(pk=ola.pk))
    assert sign_up(lambeth, "Ola").status_code == 302  # erasure comes first


def test_every_write_checks_the_name_and_bad_input_makes_nothing(lambeth, lambeth_member):
    make_member(lambeth, display_name="Sam Jones")
    with inside(lambeth):
        users = User.objects.count()
        for name in ["sam jones", "Moderator Kim", "\u200b", "..."]:
            with pytest.raises(ValidationError):
                accounts.sign_up(
                    lambeth, display_name=name, email="x@example.org", password="pw", adult=True
                )
        assert User.objects.count() == users
        profile = MemberProfile.objects.get(user=lambeth_member)
        profile.display_name = "SAM JONES"
        with pytest.raises(ValidationError):
            names.save_profile(profile)
        profile.refresh_from_db()
        assert profile.display_name == "Alex"


def test_staff_accounts_get_a_free_name(lambeth, lambeth_member):
    with inside(lambeth):
        staff = User.objects.create_user(
            username="jo@example.org", email="jo@example.org", first_name="Alex"
        )
        assert accounts.ensure_profile(staff).display_name == "Alex 2"
        nameless = User.objects.create_user(username="n@example.org", email="n@example.org")
        other = User.objects.create_user(username="m@example.org", email="m@example.org")
        first, second = (accounts.ensure_profile(user).display_name for user in (nameless, other))
        assert first != second and first.startswith("Member") and second.startswith("Member")


def test_the_database_refuses_two_accounts_with_one_name(lambeth):
    make_member(lambeth, display_name="Sam Jones")
    with inside(lambeth), pytest.raises(IntegrityError), transaction.atomic():
        MemberProfileFactory(display_name="SAM JONES")


def test_a_name_taken_after_the_form_was_checked_is_refused_and_nothing_saved(
    lambeth, lambeth_member
):
    """Between checking the form and saving it, someone else takes the name."""
    with inside(lambeth):
        walking = Interest.objects.first()
        profile = MemberProfile.objects.get(user=lambeth_member)
        form = ProfileForm(
            {
                "display_name": "Sam Jones",
                "about": "Changed",
                "interests": [walking.pk],
                "profile_visibility": "members",
            },
            instance=profile,
        )
        assert form.is_valid(), form.errors
        MemberProfileFactory(display_name="sam jones")
        with pytest.raises(ValidationError) as refused:
            form.save()
        assert TAKEN in str(refused.value)
        profile = MemberProfile.objects.get(user=lambeth_member)
        assert (profile.display_name, profile.about) == (
            "Alex",
            "I like walking and meeting new people.",
        )
        assert not profile.interests.exists()


# --- At the same moment (real transactions, a real thread) -----------------------------


def test_two_sign_ups_with_one_name_at_the_same_moment_make_one_account(committed_lambeth):
    """The first sign-up has written its profile but not committed; the second checks
    (and sees nothing yet), then waits on the unique index. When the first commits, the
    second is refused with the same message, and its account is not made either."""
    borough, emails = committed_lambeth
    name = f"Sam Jones {uuid.uuid4().hex[:6]}"
    first, second = (f"{who}-{uuid.uuid4().hex[:8]}@example.org" for who in ("a", "b"))
    emails += [first, second]
    outcome = {}

    def second_sign_up():
        try:
            with schema_context(borough.schema_name):
                accounts.sign_up(
                    borough, display_name=name.upper(), email=second, password="pw", adult=True
                )
        except Exception as error:  # noqa: BLE001 - checked below
            outcome["error"] = error
        finally:
            connection.close()

    with inside(borough):
        second_write_waits_on_the_first(
            lambda: accounts.sign_up(
                borough, display_name=name, email=first, password="pw", adult=True
            ),
            second_sign_up,
        )
        assert isinstance(outcome.get("error"), ValidationError), outcome
        assert TAKEN in str(outcome["error"])
        assert User.objects.filter(email=first).exists()
        assert not User.objects.filter(email=second).exists()


# --- The migration ----------------------------------------------------------------------


def test_the_migration_keys_names_as_the_app_does_and_leaves_later_duplicates_unkeyed(
    lambeth,
):
    migration = importlib.import_module("sites.community.migrations.0012_member_name_key")
    for name in SAME_NAMES + LOOK_ALIKES + ["রা\u200cহুল", "José", "Νίκος", "Mary-Jane O'Neil"]:
        assert migration.name_key(name) == name_key(name), name

    with inside(lambeth):
        first = MemberProfileFactory(display_name="Sam Jones", name_key=None)
        later = MemberProfileFactory(display_name="SAM JONES", name_key=None)
        MemberProfile.objects.filter(pk=later.pk).update(created_at=first.created_at)
        MemberProfile.objects.exclude(pk__in=[first.pk, later.pk]).update(name_key=None)
        from django.apps import apps

        migration.key_every_name(apps, None)
        first.refresh_from_db()
        later.refresh_from_db()
        assert (first.name_key, later.name_key) == ("sam jones", None)
        later_user = later.user
    # The later one is asked for another name on their page, and when they next edit
    # their profile.
    client = signed_in(lambeth, later_user)
    assert "Please choose a name of your own" in client.get("/account/").content.decode()
    # Keeping it refuses nothing else on the page: a safety setting still saves.
    kept = edit_profile(client, display_name="SAM JONES", messages_from="nobody")
    assert kept.status_code == 302
    with inside(lambeth):
        later.refresh_from_db()
        assert (later.messages_from, later.name_key) == ("nobody", None)
    assert "Please choose a name of your own" in client.get("/account/").content.decode()
    assert TAKEN in edit_profile(client, display_name="Sam  Jones").content.decode()
    assert edit_profile(client, display_name="Sam Jones B").status_code == 302
    assert "Please choose a name of your own" not in client.get("/account/").content.decode()


def test_a_moderator_may_use_their_title(lambeth):
    staff = make_member(lambeth, display_name="Kim")
    with inside(lambeth):
        staff.groups.add(Group.objects.get(name=MODERATORS))
    assert edit_profile(signed_in(lambeth, staff), display_name="Kim, moderator").status_code == 302
