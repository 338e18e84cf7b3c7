"""The language of a request is the one its address names (``/pl/…``), and nothing else.

No cookie, session or ``Accept-Language`` header chooses it: the same address is the same
page for everyone, so the page cache (tenants/page_cache.py) needs no ``Vary`` for it.
A prefix for a platform language the borough does not offer is a 404; anything else that
is not a language (``/xx/…``) is an ordinary path, and unknown paths are 404s anyway.
Paths outside ``i18n_patterns`` (admin, API, media, health) are always English.
"""

from django.http import Http404
from django.utils import translation

from .codes import DEFAULT, split_language
from .selectors import borough_language_codes
from .urls import reading


class BoroughLanguageMiddleware:
    """After SessionMiddleware, before CommonMiddleware (whose trailing-slash redirect
    resolves the path in the active language), as Django's LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = DEFAULT
        if getattr(request, "borough", None) is not None:
            wanted, _ = split_language(request.path_info)
            if wanted != DEFAULT and wanted in borough_language_codes(request):
                code = wanted
            elif wanted != DEFAULT:
                translation.activate(DEFAULT)
                raise Http404("This borough does not offer that language.")
        previous = translation.get_language()
        translation.activate(code)
        request.LANGUAGE_CODE = code
        try:
            with reading(code):  # the addresses this page links to (urls.reader_url)
                response = self.get_response(request)
        finally:
            # A thread's next request, or a test's next line, starts in English again.
            translation.activate(previous or DEFAULT)
        response.headers.setdefault("Content-Language", code)
        return response
