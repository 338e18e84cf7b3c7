"""Addresses in the reader's language: a page's own translation where there is one, else
the English page at the language's prefix (served in English with a notice).

While a public page is served in a language (``/pl/…``), every page address built for it
carries that language: a page model's ``get_url`` (:class:`AddressInReaderLanguage`,
which every page type takes), the community sections' routes and the block links go
through :func:`reader_url`. So a Polish reader who follows a link stays in Polish, on
the Polish translation where there is one and on the English page at ``/pl/…`` where
there is none (``views.serve_with_english_fallback``).
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.db import connection
from django.urls import Resolver404, resolve
from django.utils import translation

from wagtail.models import Locale

from .codes import DEFAULT, split_language, supported
from .page_addresses import page_url_parts

# The language of the public page being served (BoroughLanguageMiddleware sets it).
_reading: ContextVar[str] = ContextVar("reading_language", default=DEFAULT)
# While an email is written (``one_email``): the borough's language codes, per schema,
# read once for all its links.
_offered: ContextVar[dict[str, set[str]] | None] = ContextVar("offered_languages", default=None)


def in_language(url: str | None, code: str) -> str | None:
    """``url`` (a path on this site) at ``code``'s prefix, unless it already names a
    language: "/events/" → "/pl/events/"; "/pl/wydarzenia/" and full URLs unchanged."""
    if not url or code == DEFAULT or not url.startswith("/"):
        return url
    named, _ = split_language(url)
    return url if named != DEFAULT else f"/{code}{url}"


@contextmanager
def reading(code: str):
    """Addresses built inside are in ``code``, the language of the page being served."""
    token = _reading.set(code)
    try:
        yield
    finally:
        _reading.reset(token)


def reading_language() -> str:
    """The language of the public page being served, while it is the active language.

    English otherwise: in the admin (whose own language is the editor's choice, not an
    address), in tasks and commands, and while an email is written in a member's other
    language (``translation.override``), so nothing gets a prefix the page did not have.
    """
    code = _reading.get()
    return code if code == translation.get_language() else DEFAULT


def reader_url(url: str | None) -> str | None:
    """A path on this site in the reader's language: "/events/" → "/pl/events/" on a
    Polish page; unchanged on an English one, for full URLs and already prefixed paths."""
    return in_language(url, reading_language())


def in_email_language(path: str | None) -> str | None:
    """A path for an email being written: in the language it is written in (the active
    one, ``in_language_of(reader)``), where the address has a version in it; whatever
    the language of the page whose action sent the email. Build it inside that block."""
    code = supported(translation.get_language()) or DEFAULT
    if not path or code == DEFAULT or not path.startswith("/"):
        return path
    # A staff member's admin language may be one the borough's site does not offer:
    # its prefix there is a 404.
    if not _offers(code):
        return path
    if not _has_language(urlsplit(path).path, code):
        return path  # the admin, files: the same in every language
    return in_language(path, code)


@contextmanager
def one_email():
    """Inside, the borough's language codes are read once (the first link that asks) and
    remembered until the block ends: wrap the writing of one email, or one group's."""
    token = _offered.set({})
    try:
        yield
    finally:
        _offered.reset(token)


def _offers(code: str) -> bool:
    """Whether the current borough offers ``code`` (has its ``Locale``)."""
    remembered = _offered.get()
    if remembered is None:
        return Locale.objects.filter(language_code=code).exists()
    schema = connection.schema_name
    if schema not in remembered:
        remembered[schema] = set(Locale.objects.values_list("language_code", flat=True))
    return code in remembered[schema]


# A root-relative address an Editor typed into a link ("/list-your-organisation/").
TYPED_ADDRESS = re.compile(r'href="(/(?!/)[^"]*)"')


def _has_language(path: str, code: str) -> bool:
    """Whether ``path`` is a public address that has a version at ``code``'s prefix: the
    same view answers both. The admin, media and the API are the same in every language;
    at "/pl/admin/" the page view would answer instead."""
    try:
        with translation.override(DEFAULT):  # the prefix a route matches is the active one
            english = resolve(path).func
        with translation.override(code):
            return resolve(f"/{code}{path}").func == english
    except Resolver404:
        return False


def typed_links_in_reader_language(html: str) -> str:
    """``html`` (a page's rendered body) with the addresses typed into its links in the
    reader's language, as the addresses the site builds are: "/list-your-organisation/"
    → "/pl/list-your-organisation/" on a Polish page. Page links are already so."""
    code = reading_language()
    if code == DEFAULT:
        return html

    def in_reader_language(match) -> str:
        url = match.group(1)
        if not _has_language(urlsplit(url).path, code):
            return match.group(0)
        return f'href="{in_language(url, code)}"'

    return TYPED_ADDRESS.sub(in_reader_language, html)


class AddressInReaderLanguage:
    """For page models: their address (``url``, ``get_url``, ``{% pageurl %}``) in the
    reader's language. Wagtail gives an English page its English address whatever the
    reader's language; a Polish reader is sent to ``/pl/…`` instead, where the page's
    Polish translation (same slugs) or the English page with a notice is served."""

    def get_url_parts(self, request=None):
        parts = page_url_parts(self, request)  # Wagtail's, faster (page_addresses.py)
        if parts is None or parts[2] is None:
            return parts
        site_id, root_url, path = parts
        return site_id, root_url, reader_url(path)


def localized_with_url(pages: list, request) -> list:
    """Each page in the active language where it is translated (and live), with
    ``menu_url`` an address in the active language either way."""
    code = translation.get_language()
    shown = [page.localized if code != DEFAULT else page for page in pages]
    for page in shown:
        page.menu_url = in_language(page.get_url(request=request), code)
    return shown
