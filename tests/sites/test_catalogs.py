"""English strings are looked up in one catalog, not in the empty English catalogs chained
behind it (sites/core/languages/catalogs.py), and every answer stays the same."""

import gettext

from django.conf import settings
from django.test import override_settings
from django.utils import translation
from django.utils.translation import trans_real

from sites.core.languages.catalogs import drop_empty_fallbacks


def chain(language: str) -> list:
    found, node = [], trans_real.translation(language)._fallback
    while node is not None:
        found.append(node)
        node = node._fallback
    return found


def answers(language: str, messages: list) -> list[str]:
    with translation.override(language):
        return [translation.gettext(message) for message in messages] + [
            translation.ngettext("%(count)s result", "%(count)s results", n) for n in (1, 2)
        ]


def test_english_is_one_catalog_and_every_answer_is_the_same():
    # The Polish catalog's own words, and some of Django's and Wagtail's.
    polish = trans_real.translation("pl")._catalog  # Django's TranslationCatalog: no __iter__
    messages = [key for key in polish.keys() if isinstance(key, str)]  # noqa: SIM118
    messages += ["This field is required.", "Search", "Page not found", "Log in"]
    assert len(messages) > 500
    # Loaded again, as Django does when the languages change: the empty catalogs are back.
    with override_settings(LOCALE_PATHS=settings.LOCALE_PATHS):
        empty = [c for c in chain(settings.LANGUAGE_CODE) if set(c._catalog) <= {""}]
        before = {code: answers(code, messages) for code in (settings.LANGUAGE_CODE, "pl")}
        assert drop_empty_fallbacks(settings.LANGUAGE_CODE) == len(empty) > 0
        assert not [c for c in chain(settings.LANGUAGE_CODE) if set(c._catalog) <= {""}]
        after = {code: answers(code, messages) for code in (settings.LANGUAGE_CODE, "pl")}
        assert after == before
        assert after["pl"] != after[settings.LANGUAGE_CODE]  # Polish is still Polish
    # As the app does at start-up (sites/core/apps.py), for the tests that follow.
    drop_empty_fallbacks(settings.LANGUAGE_CODE)
    assert all(type(c) is not gettext.GNUTranslations for c in chain(settings.LANGUAGE_CODE))
