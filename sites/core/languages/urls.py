"""Addresses in the reader's language: a page's own translation where there is one, else
the English page at the language's prefix (served in English with a notice)."""

from django.utils import translation

from .codes import DEFAULT, split_language


def in_language(url: str | None, code: str) -> str | None:
    """``url`` (a path on this site) at ``code``'s prefix, unless it already names a
    language: "/events/" → "/pl/events/"; "/pl/wydarzenia/" and full URLs unchanged."""
    if not url or code == DEFAULT or not url.startswith("/"):
        return url
    named, _ = split_language(url)
    return url if named != DEFAULT else f"/{code}{url}"


def localized_with_url(pages: list, request) -> list:
    """Each page in the active language where it is translated (and live), with
    ``menu_url`` an address in the active language either way."""
    code = translation.get_language()
    shown = [page.localized if code != DEFAULT else page for page in pages]
    for page in shown:
        page.menu_url = in_language(page.get_url(request=request), code)
    return shown
