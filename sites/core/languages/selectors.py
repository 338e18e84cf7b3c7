"""Which languages a borough offers, and the language part of an address.

A borough's languages are the Wagtail ``Locale`` rows in its schema that the platform
supports (``settings.LANGUAGES``), English first and always. They are read once per
process per schema and kept in ``sites/core/site_cache.py``, whose version moves after any
``Locale`` is saved or deleted (``sites/core/signals.py``), so a change shows at once.
"""

from dataclasses import dataclass

from django.conf import settings
from django.conf.locale import LANG_INFO

from wagtail.models import Locale

from ..site_cache import cached

DEFAULT = settings.LANGUAGE_CODE  # English: the only language without a prefix
# Languages Django itself has no information about.
EXTRA_ENGLISH_NAMES = {"so": "Somali"}


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in itself: "Polski", "العربية"
    english_name: str
    bidi: bool

    @property
    def prefix(self) -> str:
        """What this language puts before a path: "" for English, "/pl" for Polish."""
        return "" if self.code == DEFAULT else f"/{self.code}"


def platform_languages() -> list[Language]:
    """Every language a borough may choose, in the order of ``settings.LANGUAGES``."""
    return [
        Language(
            code,
            name,
            LANG_INFO.get(code, {}).get("name", EXTRA_ENGLISH_NAMES.get(code, name)),
            code.split("-")[0] in settings.LANGUAGES_BIDI,
        )
        for code, name in settings.LANGUAGES
    ]


def language(code: str) -> Language | None:
    return next((lang for lang in platform_languages() if lang.code == code), None)


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


def split_language(path: str) -> tuple[str, str]:
    """(language code, rest of the path) of an address: ("pl", "/events/") for
    "/pl/events/"; (DEFAULT, path) when the path names no platform language."""
    first, _, rest = path.lstrip("/").partition("/")
    if first != DEFAULT and language(first) is not None:
        return first, "/" + rest
    return DEFAULT, path
