"""Changing a borough's languages: add or remove Locale rows, English always kept.

A language with pages (or snippets) in it is not removed: removing it would remove
translations editors made. Nothing changes unless every requested removal can be made.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.models import Locale
from wagtail_localize.locales.utils import get_locale_usage

from .codes import DEFAULT, language, platform_languages


class LanguagesRefused(Exception):
    """One message per language that could not be removed; nothing was changed."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def _in_use_message(name: str, pages: int, others: int) -> str:
    if pages:
        return ngettext(
            "%(language)s cannot be removed: %(count)d page is in %(language)s. "
            "Delete that translation first, then remove the language.",
            "%(language)s cannot be removed: %(count)d pages are in %(language)s. "
            "Delete those translations first, then remove the language.",
            pages,
        ) % {"language": name, "count": pages}
    return _(
        "%(language)s cannot be removed: other content (such as snippets) is in "
        "%(language)s. Delete it first, then remove the language."
    ) % {"language": name}


@transaction.atomic
def set_borough_languages(codes) -> tuple[list[str], list[str]]:
    """Offer exactly ``codes`` (plus English) in the current borough's schema.

    Returns (added, removed) codes; raises ValueError for a code the platform does not
    support and LanguagesRefused when a language to remove still has content.
    """
    wanted = set(codes) | {DEFAULT}
    unknown = sorted(code for code in wanted if language(code) is None)
    if unknown:
        raise ValueError(f"Not a language the platform supports: {', '.join(unknown)}")
    supported = {lang.code for lang in platform_languages()}
    existing = {
        locale.language_code: locale
        for locale in Locale.objects.select_for_update().filter(language_code__in=supported)
    }
    to_remove = [locale for code, locale in existing.items() if code not in wanted]
    refused = []
    for locale in to_remove:
        pages, others = get_locale_usage(locale)
        if pages or others:
            refused.append(_in_use_message(language(locale.language_code).name, pages, others))
    if refused:
        raise LanguagesRefused(refused)
    for locale in to_remove:
        locale.delete()
    added = sorted(wanted - set(existing))
    for code in added:
        Locale.objects.create(language_code=code)
    return added, sorted(locale.language_code for locale in to_remove)
