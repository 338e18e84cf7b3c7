"""The API in the client's language: ``Accept-Language`` chooses among the borough's
languages, and each record's words come from its live translation in that language
(wagtail-localize), else stay English. Ids, numbers and addresses never change with the
language: a translation is the same service, not another one.
"""

from django.utils.translation.trans_real import parse_accept_lang_header

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page


def wanted_locale(request, main: Locale | None) -> Locale | None:
    """The borough's locale the client asks for first (``q`` order), else ``main``."""
    header = request.headers.get("Accept-Language", "")[:500]  # a sane header is short
    available = {locale.language_code: locale for locale in Locale.objects.all()}
    for language, quality in parse_accept_lang_header(header):
        if language == "*" or quality <= 0:
            continue
        try:
            code = get_supported_content_language_variant(language)
        except LookupError:
            continue
        if code in available:
            return available[code]
    return main


class TranslatedText:
    """Live translations into ``locale`` of the pages a response shows, fetched in bulk."""

    def __init__(self, locale: Locale | None, main: Locale | None):
        self.locale = locale if locale is not None and locale != main else None
        self._found: dict[tuple[type, object], Page | None] = {}

    def prime(self, pages) -> None:
        """One query per kind of page for those not asked about yet."""
        if self.locale is None:
            return
        by_model: dict[type, set] = {}
        for page in pages:
            if page is not None and (type(page), page.translation_key) not in self._found:
                by_model.setdefault(type(page), set()).add(page.translation_key)
        for model, keys in by_model.items():
            translations = (
                model.objects.live().public().filter(locale=self.locale, translation_key__in=keys)
            )
            found = {page.translation_key: page for page in translations}
            for key in keys:
                self._found[(model, key)] = found.get(key)

    def of(self, page):
        """``page`` in the wanted language if it is translated, else ``page`` itself."""
        if self.locale is None or page is None:
            return page
        self.prime([page])
        return self._found[(type(page), page.translation_key)] or page

    def languages_of(self, page) -> list[str]:
        """The language codes ``page`` has a live, public translation in."""
        return list(
            type(page)
            .objects.live()
            .public()
            .filter(translation_key=page.translation_key)
            .exclude(pk=page.pk)
            .values_list("locale__language_code", flat=True)
            .order_by("locale__language_code")
        )
