"""The language a member chose: every email to them is written in it.

A member's language is set when they sign up (the language of the page they signed up
on) and changed on their emails page, among the borough's languages (its Wagtail
``Locale`` rows; English always). A staff account without a member profile reads its
emails in its admin language (Wagtail's "Preferred language"). Emails to an address
without an account are written in the language of the page that sent them.
"""

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

from sites.core.languages.codes import supported
from sites.core.languages.urls import one_email
from sites.core.staff_language import language_of


def current_language() -> str:
    """The language of the page being served (English when none is active)."""
    return supported(translation.get_language()) or settings.LANGUAGE_CODE


def borough_languages() -> list[tuple[str, str]]:
    """(code, name in itself) for each language the borough offers, English first."""
    from wagtail.models import Locale

    offered = {supported(code) for code in Locale.objects.values_list("language_code", flat=True)}
    return [
        (code, name)
        for code, name in settings.LANGUAGES
        if code == settings.LANGUAGE_CODE or code in offered
    ]


def member_language(user) -> str:
    """The language ``user`` chose; for a staff account without a member profile, the
    language it reads the admin in (``staff_language.language_of``); else English."""
    if user is None:
        return settings.LANGUAGE_CODE
    profile = getattr(user, "member_profile", None)
    if profile is None:
        return language_of(user)
    return supported(profile.language) or settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user):
    """Write what follows (an email's subject and body) in ``user``'s language; the
    borough's languages are read once for all its links (``one_email``)."""
    with translation.override(member_language(user)), one_email():
        yield
