"""Thin views: check the query, select, serialise, answer JSON.

Every answer (errors included) is JSON in UTF-8 with ``Access-Control-Allow-Origin: *``.
Only GET (and HEAD) are allowed; OPTIONS answers CORS preflight requests; anything else
is a 405. A bad parameter is a 400 and an unknown id a 404, each with a message.
"""

import uuid
from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from sites.core.site_cache import branding_for_request

from . import PROFILE_URL, VERSION, params, selectors
from .languages import wanted_locale
from .openapi import build_document
from .pagination import PageRequest, paginate
from .params import ParamError, ServiceFilters
from .serializers import OpenReferralSerializer

CONTENT_TYPE = "application/json; charset=utf-8"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
PREFLIGHT_MAX_AGE = 24 * 60 * 60


class NotFound(Exception):
    pass


def json_response(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


def error_response(status: int, message: str, parameter: str | None = None) -> JsonResponse:
    data = {"status": status, "error": HTTPStatus(status).phrase, "message": message}
    if parameter:
        data["parameter"] = parameter
    return json_response(data, status=status)


def with_cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def with_language(response: HttpResponse, language: str) -> HttpResponse:
    """Which language the words are in, and that caches must keep one copy per language."""
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language"])
    return response


@method_decorator(csrf_exempt, name="dispatch")
class OpenReferralView(View):
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        self.borough = request.borough
        language = self.text_language()
        with translation.override(language):
            try:
                response = super().dispatch(request, *args, **kwargs)
            except ParamError as error:
                response = error_response(400, error.message, error.parameter)
            except NotFound as error:
                response = error_response(404, str(error))
        return with_language(with_cors(response), language)

    def options(self, request, *args, **kwargs):
        response = HttpResponse(status=204)
        response["Allow"] = ALLOWED_METHODS
        response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response["Access-Control-Allow-Headers"] = request.headers.get(
            "Access-Control-Request-Headers", "Accept, Content-Type"
        )
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        return response

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = error_response(
            405, f"{request.method} is not allowed here: this API is read-only (GET)."
        )
        response["Allow"] = ALLOWED_METHODS
        return response

    # --- Shared steps -------------------------------------------------------------------

    @property
    def locale(self):
        if not hasattr(self, "_locale"):
            self._locale = selectors.main_locale(self.request)
        return self._locale

    @property
    def text_locale(self):
        """The borough's language the client asked for (Accept-Language), else the main one."""
        if not hasattr(self, "_text_locale"):
            self._text_locale = wanted_locale(self.request, self.locale)
        return self._text_locale

    def text_language(self) -> str:
        locale = self.text_locale
        return locale.language_code if locale is not None else settings.LANGUAGE_CODE

    def serializer(self) -> OpenReferralSerializer:
        return OpenReferralSerializer(self.request, self.borough, self.locale, self.text_locale)

    def page_request(self) -> PageRequest:
        return PageRequest.from_query(self.request.GET)

    def wanted_id(self, raw: str) -> uuid.UUID:
        return params.identifier(raw)


class ApiRootView(OpenReferralView):
    def get(self, request):
        return json_response(
            {
                "version": VERSION,
                "profile": PROFILE_URL,
                "openapi_url": request.build_absolute_uri(reverse("openreferral:openapi")),
            }
        )


class OpenApiView(OpenReferralView):
    def get(self, request):
        base_url = request.build_absolute_uri(reverse("openreferral:root"))
        # The team's published address (Branding), never the register's Reply-To, which
        # is the first admin's own address when the team gave none at launch.
        team_email = getattr(branding_for_request(request), "contact_email", "")
        return json_response(build_document(base_url, self.borough.name, team_email))


class ServiceListView(OpenReferralView):
    def get(self, request):
        serializer = self.serializer()
        filters = ServiceFilters.from_query(request.GET)
        page = self.page_request()
        queryset = selectors.filter_services(
            selectors.services(self.locale),
            filters,
            serializer.ids,
            serializer.taxonomies,
            self.locale,
        )

        def serialize(activities):
            return [serializer.service(a) for a in serializer.prime(activities)]

        return json_response(paginate(selectors.for_output(queryset), page, serialize))


class ServiceDetailView(OpenReferralView):
    def get(self, request, id):
        serializer = self.serializer()
        activity = selectors.find_service(self.wanted_id(id), serializer.ids, self.locale)
        if activity is None:
            raise NotFound(f"No service with id {id} is published here.")
        return json_response(serializer.service(activity, full=True))


class ServiceAtLocationListView(OpenReferralView):
    def get(self, request):
        serializer = self.serializer()
        filters = ServiceFilters.from_query(request.GET, with_postcode=True)
        page = self.page_request()
        queryset = selectors.filter_services(
            selectors.services_at_locations(self.locale),
            filters,
            serializer.ids,
            serializer.taxonomies,
            self.locale,
        )

        def serialize(activities):
            return [
                serializer.service_at_location(a, a.place) for a in serializer.prime(activities)
            ]

        return json_response(paginate(selectors.for_output(queryset), page, serialize))


class ServiceAtLocationDetailView(OpenReferralView):
    def get(self, request, id):
        serializer = self.serializer()
        activity = selectors.find_service_at_location(
            self.wanted_id(id), serializer.ids, self.locale
        )
        if activity is None:
            raise NotFound(f"No service_at_location with id {id} is published here.")
        return json_response(serializer.service_at_location(activity, activity.place, full=True))


class OrganizationListView(OpenReferralView):
    def get(self, request):
        serializer = self.serializer()
        text = params.text(request.GET, "text", "search")
        page = self.page_request()
        queryset = selectors.organisations(self.locale, text)

        def serialize(organisations):
            organisations = list(organisations)
            serializer.texts.prime(organisations)
            return [serializer.organization(o) for o in organisations]

        return json_response(paginate(queryset, page, serialize))


class OrganizationDetailView(OpenReferralView):
    def get(self, request, id):
        serializer = self.serializer()
        full_services = params.boolean(request.GET, "full_service")
        organisation = selectors.find_organisation(self.wanted_id(id), serializer.ids, self.locale)
        if organisation is None:
            raise NotFound(f"No organization with id {id} is published here.")
        return json_response(serializer.organization_detail(organisation, full_services))


class TaxonomyListView(OpenReferralView):
    def get(self, request):
        serializer = self.serializer()
        page = self.page_request()
        taxonomies = serializer.taxonomies.all()
        return json_response(
            paginate(taxonomies, page, lambda items: [serializer.taxonomy(t) for t in items])
        )


class TaxonomyDetailView(OpenReferralView):
    def get(self, request, id):
        serializer = self.serializer()
        taxonomy = serializer.taxonomies.taxonomy(self.wanted_id(id))
        if taxonomy is None:
            raise NotFound(f"No taxonomy with id {id} is published here.")
        return json_response(serializer.taxonomy(taxonomy, with_terms=True))


class TaxonomyTermListView(OpenReferralView):
    def get(self, request):
        serializer = self.serializer()
        text = params.text(request.GET, "text", "search")
        taxonomy_id = params.optional_identifier(request.GET, "taxonomy_id")
        page = self.page_request()
        terms = serializer.taxonomies.all_terms()
        if taxonomy_id is not None:
            terms = [term for term in terms if term.taxonomy.id == str(taxonomy_id)]
        if text:
            wanted = text.casefold()
            terms = [
                term
                for term in terms
                if wanted in term.name.casefold() or wanted in term.description.casefold()
            ]
        return json_response(
            paginate(terms, page, lambda items: [serializer.taxonomy_term(t) for t in items])
        )


class TaxonomyTermDetailView(OpenReferralView):
    def get(self, request, id):
        serializer = self.serializer()
        term = serializer.taxonomies.term(self.wanted_id(id))
        if term is None:
            raise NotFound(f"No taxonomy term with id {id} is published here.")
        return json_response(serializer.taxonomy_term(term))


class NotFoundView(OpenReferralView):
    """Any other path below /api/openreferral/: a JSON 404, never the site's HTML page."""

    http_method_names = ["get", "head", "options", "post", "put", "patch", "delete"]

    def dispatch(self, request, *args, **kwargs):
        if request.method == "OPTIONS":
            return super().dispatch(request, *args, **kwargs)
        return with_cors(
            error_response(404, f"There is no endpoint at {request.path}; see openapi.json.")
        )
