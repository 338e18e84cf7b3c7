"""What the language switcher, the ``hreflang`` alternates and the "not yet translated"
notice of one public page show (themes/default/templates/includes/language_switcher.html).

For a Wagtail page, what depends on the database (its live translations, its English
address, the language its text is really in) is kept per page and language in
``sites/core/site_cache.py``; the rest is worked out from the address alone.
"""

from dataclasses import dataclass, field

from django.utils import translation

from wagtail.models import Page

from ..site_cache import cached
from .codes import DEFAULT, Language, split_language
from .selectors import borough_languages, text_language
from .urls import in_language


@dataclass
class PageVersions:
    own_url: str = ""  # the served page's address
    english_url: str = ""  # its English version's
    translations: dict[str, str] = field(default_factory=dict)  # code → address, live
    translated: set[str] = field(default_factory=set)  # codes with a real translation
    text_language: str = ""  # the language its text is in


@dataclass
class LanguageLink:
    language: Language
    url: str
    current: bool


@dataclass
class PageLanguages:
    current: Language
    links: list[LanguageLink]
    alternates: list[tuple[str, str]]  # (hreflang, absolute URL), x-default last
    text_language: str  # set when the page's text is not in the reader's language


def _versions(page: Page, request) -> PageVersions:
    versions = PageVersions(own_url=page.get_url(request=request) or "")
    for other in page.get_translations(inclusive=True).live().select_related("locale"):
        code = other.locale.language_code
        with translation.override(code):  # each version at its own address, not the reader's
            url = other.get_url(request=request)
        if url:
            versions.translations[code] = url
            if other.alias_of_id is None:
                versions.translated.add(code)
    versions.english_url = versions.translations.get(DEFAULT, versions.own_url)
    versions.text_language = text_language(request, page)
    return versions


def page_versions(page: Page, request) -> PageVersions:
    return cached(
        request,
        f"page-languages:{page.pk}:{translation.get_language()}:{request.get_host()}",
        lambda: _versions(page, request),
    )


def _rest_of_path(path: str, page_url: str) -> str:
    """The part of ``path`` after the page's own address: a route of the page."""
    _, bare_path = split_language(path)
    _, bare_page = split_language(page_url)
    return bare_path[len(bare_page) :] if bare_page and bare_path.startswith(bare_page) else ""


def page_languages(request, page: Page | None) -> PageLanguages:
    offered = borough_languages(request)
    active = translation.get_language()
    current = next((lang for lang in offered if lang.code == active), offered[0])
    query = request.META.get("QUERY_STRING", "")
    query = f"?{query}" if query else ""
    links, alternates, text_language = [], [], ""
    if isinstance(page, Page):
        versions = page_versions(page, request)
        rest = _rest_of_path(request.path, versions.own_url)
        for lang in offered:
            url = versions.translations.get(lang.code) or in_language(
                versions.english_url, lang.code
            )
            links.append(LanguageLink(lang, url + rest + query, lang.code == active))
            if lang.code in versions.translated:
                alternates.append((lang.code, versions.translations[lang.code] + rest))
        if versions.text_language != active:
            text_language = versions.text_language
    else:
        _, bare = split_language(request.path)
        for lang in offered:
            url = in_language(bare, lang.code)
            links.append(LanguageLink(lang, url + query, lang.code == active))
            alternates.append((lang.code, url))
    english = next((url for code, url in alternates if code == DEFAULT), None)
    if english and len(alternates) > 1:
        alternates.append(("x-default", english))
    else:
        alternates = []  # one language: nothing to point at
    alternates = [(code, request.build_absolute_uri(url)) for code, url in alternates]
    return PageLanguages(current, links, alternates, text_language)
