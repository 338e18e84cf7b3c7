"""Members' names: what a name may be, and the one way a name is kept.

In a borough (its own schema) no two accounts show the same name, staff included, as a
reader tells names apart (``sites.core.text.name_key``: case, spacing, punctuation,
invisible characters and look-alike letters do not count). Otherwise a new account could
pass for a trusted member, an organiser or a moderator, and write to people as them.
Names that sound like the people who run the site are for staff only.

Forms check with ``clean_display_name``; every write goes through ``save_profile``, which
checks again and turns a name taken a moment ago (the database's unique constraint) into
the same message, saving nothing, or ``add_profile_with_free_name`` for accounts made by
staff, which takes the next free name instead ("Jo 2").
A name a member stops using is held for them for ``NAME_HELD_FOR``: nobody else can take
it at once and pass for them with the people who knew them by it (``HeldName``). A
deleted account's profile and holds are deleted (``services/privacy.py``), so its name
is free: erasure comes first.
"""

import datetime
import itertools
import unicodedata

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sites.community.models import HeldName, MemberProfile
from sites.core.roles import is_staff
from sites.core.text import has_letter_or_number, name_key, one_line

# Words and phrases (as name_key writes them) that would make a member look like one of
# the people who run the site: "Moderator Sam", "The Admins", "Connect & Do team".
ROLE_WORDS = {
    "admin",
    "admins",
    "administrator",
    "coach",
    "coaches",
    "connectdo",
    "council",
    "moderator",
    "moderators",
    "official",
    "safeguarding",
    "staff",
}
ROLE_PHRASES = ("connect do", "connect and do", "community connector", "community connectors")

NAME_NEEDED = gettext_lazy("Enter the name you want other members to see.")
NAME_TAKEN = gettext_lazy(
    "Someone here already uses this name, or one that looks the same. Please add "
    "something to make it yours, like a middle initial or something you enjoy: "
    "“Sam J” or “Sam the gardener”."
)
NAME_FOR_STAFF = gettext_lazy(
    "Choose another name. Names like “Moderator” are kept for the people who "
    "run this website, so that members can always tell who they are."
)
MAX_LENGTH = MemberProfile._meta.get_field("display_name").max_length
# Names an account made by staff tries, each taken by another account between finding it
# free and saving it, before giving up: each is one more account made at that moment.
FREE_NAME_TRIES = 20
# How long a name a member stopped using stays theirs: long enough for the people who
# knew them by it to see the new one on their posts and messages.
NAME_HELD_FOR = datetime.timedelta(days=30)
# Names held for one member at once, the latest: renaming over and over cannot keep many
# names from everyone else.
HELD_NAMES_EACH = 3


# Digits written for letters ("M0derator", "Adm1n"), read as letters for this check only:
# real names may hold digits ("Jo 2").
ROLE_DIGITS = str.maketrans("013457", "oieast")


def sounds_like_staff(name: str) -> bool:
    # Accents off too, for this check only: "Modérator" passes for "Moderator".
    plain = unicodedata.normalize("NFKD", name_key(name))
    key = "".join(ch for ch in plain if not unicodedata.combining(ch)).translate(ROLE_DIGITS)
    return bool(ROLE_WORDS.intersection(key.split())) or any(
        f" {phrase} " in f" {key} " for phrase in ROLE_PHRASES
    )


def name_taken(name: str, profile: MemberProfile | None = None) -> bool:
    """Does another account than ``profile``'s show ``name``, as readers see names, or
    hold it, having stopped using it a short while ago?"""
    key = name_key(name)
    others = MemberProfile.objects.filter(name_key=key)
    held = HeldName.objects.filter(name_key=key, until__gt=timezone.now())
    if profile is not None and profile.pk:
        others = others.exclude(pk=profile.pk)
        held = held.exclude(held_for_id=profile.user_id)
    return others.exists() or held.exists()


def _hold_the_old_name(profile: MemberProfile) -> None:
    """Hold the name ``profile`` is leaving for its member; let go of the one it takes
    back, and of holds that have ended."""
    old_key = (
        MemberProfile.objects.filter(pk=profile.pk).values_list("name_key", flat=True).first()
        if profile.pk
        else None
    )
    now = timezone.now()
    HeldName.objects.filter(until__lte=now).delete()
    HeldName.objects.filter(held_for_id=profile.user_id, name_key=profile.name_key).delete()
    if old_key and old_key != profile.name_key:
        HeldName.objects.update_or_create(
            name_key=old_key,
            defaults={"held_for_id": profile.user_id, "until": now + NAME_HELD_FOR},
        )
        older = HeldName.objects.filter(held_for_id=profile.user_id).order_by("-until", "-pk")
        HeldName.objects.filter(
            pk__in=list(older.values_list("pk", flat=True)[HELD_NAMES_EACH:])
        ).delete()


def _visible_name(value: str, staff: bool) -> str:
    name = one_line(value)
    if not name:
        raise ValidationError(NAME_NEEDED, code="required")
    if not has_letter_or_number(name):
        raise ValidationError(
            gettext_lazy("Use at least one letter or number in your name."), code="invisible"
        )
    if not staff and sounds_like_staff(name):
        raise ValidationError(NAME_FOR_STAFF, code="staff")
    return name


def clean_display_name(
    value: str, *, profile: MemberProfile | None = None, staff: bool = False
) -> str:
    """The name as it will be kept, or ValidationError: blank, only symbols, a staff
    title (unless ``staff``), or another account's name (``profile`` may keep its own)."""
    name = _visible_name(value, staff)
    if not _kept_unkeyed(name, profile) and name_taken(name, profile):
        raise ValidationError(NAME_TAKEN, code="taken")
    return name


def _kept_unkeyed(name: str, profile: MemberProfile | None) -> bool:
    """A member who shared their name with another before names were one per account
    (their profile has no key) keeps it until they change it: refusing it would refuse
    every other change on their profile page too, their safety settings included. My
    page asks them to choose another."""
    return bool(
        profile is not None
        and profile.pk
        and profile.name_key is None
        and MemberProfile.objects.filter(pk=profile.pk, display_name=name).exists()
    )


def save_profile(profile: MemberProfile, *, staff: bool | None = None) -> MemberProfile:
    """Check ``profile.display_name`` and save the profile with its name's key.

    Raises ValidationError, having saved nothing, if the name may not be used, including
    when another account took it since the form was checked.
    """
    if staff is None:
        staff = is_staff(profile.user)
    profile.display_name = clean_display_name(profile.display_name, profile=profile, staff=staff)
    kept = _kept_unkeyed(profile.display_name, profile)
    profile.name_key = None if kept else name_key(profile.display_name)
    try:
        with transaction.atomic():
            _hold_the_old_name(profile)
            profile.save()
    except IntegrityError:
        if not name_taken(profile.display_name, profile):
            raise
        raise ValidationError(NAME_TAKEN, code="taken") from None
    return profile


def free_name(wanted: str, *, staff: bool = False) -> str:
    """A name for an account made by staff (its first name, or "Member"), with a number
    added if another account shows it: "Jo 2". Nobody chose it, so nothing is refused."""
    try:
        name = _visible_name(wanted, staff)
    except ValidationError:
        name = "Member"
    name = name[: MAX_LENGTH - 6]
    for n in itertools.count(1):
        candidate = name if n == 1 else f"{name} {n}"
        if not name_taken(candidate):
            return candidate


def add_profile_with_free_name(user, wanted: str, *, staff: bool = False, **fields):
    """Make ``user``'s profile (an account made by staff) with ``free_name(wanted)``.

    Another account may take that name between finding it free and saving it (two staff
    accounts with one first name set up at the same moment): the database's unique
    constraint refuses it, only this savepoint is undone, and the next free name is
    taken. If the same account got its profile meanwhile, that profile is returned.
    """
    for _ in range(FREE_NAME_TRIES):
        name = free_name(wanted, staff=staff)
        try:
            with transaction.atomic():  # a savepoint: a refusal undoes only this
                return MemberProfile.objects.create(
                    user=user, display_name=name, name_key=name_key(name), **fields
                )
        except IntegrityError as error:
            made_meanwhile = MemberProfile.objects.filter(user=user).first()
            if made_meanwhile is not None:
                return made_meanwhile
            if not name_taken(name):
                raise  # refused for something else than the name: a retry changes nothing
            refused = error
    raise refused
