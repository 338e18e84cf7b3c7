"""The public page view with its English fallback, and the admin's Languages screen."""

import contextlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail import views as wagtail_views
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page, Site

from .codes import DEFAULT, language
from .forms import LanguagesForm
from .selectors import borough_language_codes
from .services import LanguagesRefused, set_borough_languages

PERMISSIONS = ["wagtailcore.add_locale", "wagtailcore.delete_locale"]


def serve_with_english_fallback(request, path):
    """Wagtail's ``serve``; at a translated address (``/pl/events/``) whose page has no
    translation yet, the English page is routed instead, and its template says so.

    Links to English pages carry the reader's language (``urls.reader_url``): when the
    page has a live translation at another address (``/pl/o-nas/`` for ``/pl/about/``),
    the reader is sent there."""
    if Page.route_for_request(request, path) is None and translation.get_language() != DEFAULT:
        site = Site.find_for_request(request)
        if site is not None:
            parts = [part for part in path.split("/") if part]
            with contextlib.suppress(Http404):  # then Wagtail's own 404
                route = site.root_page.specific.route(request, parts)
                translated = _translation_address(request, route.page, path)
                if translated:
                    return redirect(translated)
                request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)


def _translation_address(request, page, path: str) -> str | None:
    """Where ``page``'s live translation into the reader's language is, with the rest of
    ``path`` (a route of the page) and the query; None without one."""
    other = page.get_translation_or_none(Locale.get_active())
    if other is None or not other.live:
        return None
    with translation.override(DEFAULT):
        english = page.get_url(request=request) or ""
    url = other.get_url(request=request)
    if not url or not english.startswith("/"):
        return None
    asked = "/" + path
    rest = asked[len(english) :] if asked.startswith(english) else ""
    query = request.META.get("QUERY_STRING", "")
    return url + rest + (f"?{query}" if query else "")


def can_choose_languages(user) -> bool:
    return user.is_active and user.has_perms(PERMISSIONS)


class LanguagesView(WagtailAdminTemplateMixin, FormView):
    """Settings → Languages: which languages the borough offers, English always."""

    page_title = gettext_lazy("Languages")
    header_icon = "site"
    template_name = "core/admin/languages.html"
    form_class = LanguagesForm

    def dispatch(self, request, *args, **kwargs):
        if not can_choose_languages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"languages": [code for code in borough_language_codes() if code != DEFAULT]}

    def form_valid(self, form):
        try:
            added, removed = set_borough_languages(form.cleaned_data["languages"])
        except LanguagesRefused as refused:
            for message in refused.messages:
                form.add_error("languages", message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        names = [language(code).name for code in [*added, *removed]]
        if names:
            messages.success(self.request, _("Languages saved: %s.") % ", ".join(names))
        else:
            messages.info(self.request, _("Nothing changed."))
        return redirect("borough_languages")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
