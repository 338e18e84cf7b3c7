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
from wagtail.models import Page, Site

from .codes import DEFAULT, language
from .forms import LanguagesForm
from .selectors import borough_language_codes
from .services import LanguagesRefused, set_borough_languages

PERMISSIONS = ["wagtailcore.add_locale", "wagtailcore.delete_locale"]


def serve_with_english_fallback(request, path):
    """Wagtail's ``serve``; at a translated address (``/pl/events/``) whose page has no
    translation yet, the English page is routed instead, and its template says so."""
    if Page.route_for_request(request, path) is None and translation.get_language() != DEFAULT:
        site = Site.find_for_request(request)
        if site is not None:
            parts = [part for part in path.split("/") if part]
            with contextlib.suppress(Http404):  # then Wagtail's own 404
                request._wagtail_route_for_request = site.root_page.specific.route(request, parts)
    return wagtail_views.serve(request, path)


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
