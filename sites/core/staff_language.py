"""The language a staff member reads the admin in (Wagtail's account setting "Preferred
language"): emails to them are written in it, as Wagtail's own workflow emails are.
Without one (or for a shared inbox, which is nobody's account) it is the platform's
language, never the language of the page that caused the email."""

from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Lower, Trim
from django.utils import translation

from wagtail.users.models import UserProfile

from .languages.codes import supported
from .languages.urls import one_email


def languages_by_email(addresses) -> dict[str, str]:
    """Each address (lower case) its reader's language, in two queries for them all:
    the preferred language of the active account with that email, else the platform's."""
    found = {address.strip().lower(): settings.LANGUAGE_CODE for address in addresses}
    users = (
        get_user_model()
        .objects.annotate(email_key=Lower(Trim("email")))
        .filter(email_key__in=list(found), is_active=True)
    )
    by_user = dict(users.values_list("pk", "email_key"))
    profiles = UserProfile.objects.filter(user_id__in=by_user).exclude(preferred_language="")
    for user_id, code in profiles.values_list("user_id", "preferred_language"):
        language = supported(code)
        if language:
            found[by_user[user_id]] = language
    return found


def wagtail_language(user) -> str:
    """The language Wagtail writes its own emails to ``user`` in (workflow and comment
    notifications): their "Preferred language", else the language active now if the
    admin has it, else the platform's (``UserProfile.get_preferred_language``)."""
    return UserProfile.get_for_user(user).get_preferred_language()


def in_each_reader_language(addresses) -> Iterator[list[str]]:
    """The addresses in groups that read the same language (``languages_by_email``), with
    that language active while the caller writes the group's email::

        for group in in_each_reader_language(addresses):
            subject = gettext("...")  # in this group's language
            send(subject, ..., group)  # or one email per address of the group

    Platform's language first; addresses keep their order inside a group. The borough's
    languages are read once per group for its links (``languages.urls.one_email``)."""
    addresses = list(addresses)
    languages = languages_by_email(addresses)
    groups: dict[str, list[str]] = {}
    for address in addresses:
        groups.setdefault(languages[address.strip().lower()], []).append(address)
    for code in sorted(groups, key=lambda code: code != settings.LANGUAGE_CODE):
        with translation.override(code), one_email():
            yield groups[code]


def send_to_those_not_told(
    addresses: Iterable[str],
    send: Callable[[list[str]], bool],
    *,
    told: Callable[[], Iterable[str]],
    record: Callable[[list[str]], None],
) -> tuple[list[str], list[str]]:
    """``send(group)`` (True if it went) for each language group of ``addresses``, in the
    group's language, to those not told yet. Each group is one transaction: ``told()``
    reads who was reached, locking the record (``select_for_update``), and ``record(group)``
    saves those just reached before the next group is sent. So a job that stops after one
    group keeps who it reached (the next run tells only the rest), and a run overlapping
    it waits on the lock, then sees them told and does not send again.

    Returns the addresses reached now and those still left (a group whose email failed),
    lower case: a job counts its record done only when nobody is left."""
    now: list[str] = []
    left: list[str] = []
    for group in in_each_reader_language(addresses):
        with transaction.atomic():
            reached = {address.strip().lower() for address in told()}
            waiting = [address for address in group if address.strip().lower() not in reached]
            lowered = [address.strip().lower() for address in waiting]
            if not waiting:
                continue
            if send(waiting):
                record(lowered)
                now += lowered
            else:
                left += lowered
    return now, left


def language_of(user) -> str:
    """The language ``user`` reads the admin in, else the platform's: for an email to one
    staff member, whoever's page caused it."""
    profile = UserProfile.objects.filter(user_id=user.pk).exclude(preferred_language="").first()
    return (profile and supported(profile.preferred_language)) or settings.LANGUAGE_CODE
