"""The languages the platform offers and the language part of an address (no database)."""

from dataclasses import dataclass

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import translation

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


def split_language(path: str) -> tuple[str, str]:
    """(language code, rest of the path) of an address: ("pl", "/events/") for
    "/pl/events/"; (DEFAULT, path) when the path names no platform language."""
    first, _, rest = path.lstrip("/").partition("/")
    if first != DEFAULT and language(first) is not None:
        return first, "/" + rest
    return DEFAULT, path


def supported(code: str | None) -> str | None:
    """``code`` as one of settings.LANGUAGES (``pl-PL`` → ``pl``), or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None
