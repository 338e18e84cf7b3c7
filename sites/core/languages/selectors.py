"""Which languages a borough offers.

A borough's languages are the Wagtail ``Locale`` rows in its schema that the platform
supports (``settings.LANGUAGES``), English first and always. They are read once per
process per schema and kept in ``sites/core/site_cache.py``, whose version moves after any
``Locale`` is saved or deleted (``sites/core/signals.py``), so a change shows at once.
"""

from wagtail.models import Locale, TranslatableMixin

from search.languages import alias_locale_ids, locale_codes
from search.languages import text_language as words_language

from ..site_cache import cached
from .codes import DEFAULT, Language, platform_languages


def _codes_from_database() -> list[str]:
    chosen = set(Locale.objects.values_list("language_code", flat=True)) | {DEFAULT}
    return [lang.code for lang in platform_languages() if lang.code in chosen]


def borough_language_codes(request=None) -> list[str]:
    """The codes of the current borough's languages, English first."""
    if request is None:
        return _codes_from_database()
    return cached(request, "languages", _codes_from_database)


def borough_languages(request=None) -> list[Language]:
    codes = borough_language_codes(request)
    return [lang for lang in platform_languages() if lang.code in codes]


def text_language(request, item) -> str:
    """The language ``item``'s own words are in (``search.languages.text_language``),
    with the borough's locales read once per process while current."""
    if not isinstance(item, TranslatableMixin):
        return ""  # nothing to read (groups, events: no language of their own)
    if request is None:
        return words_language(item, locale_codes())
    codes = cached(request, "locale-codes", locale_codes)
    if getattr(item, "alias_of_id", None) is None:
        return words_language(item, codes)
    return words_language(item, codes, cached(request, "alias-locales", alias_locale_ids))
