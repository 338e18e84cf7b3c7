"""The search page (works without JavaScript), its JSON twin, and autocomplete.

What a search finds depends on who is signed in (a members-only group's events, a
blocked member's posts), so every answer is private to the browser that asked and
varies with its cookie: no shared cache may hand one person's results to another.
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie

from .demand import record_search
from .forms import read_search_request
from .presentation import facet_fieldsets, page_notices, result_rows
from .reader_words import search_examples
from .selectors import (
    MAX_CANDIDATES,
    PER_PAGE,
    SORTS,
    WITHIN_MILES,
    SearchOutcome,
    autocomplete,
    search_borough,
)
from .text import clean_query


def _count_in_words(outcome: SearchOutcome) -> str:
    if outcome.total == 0:
        if outcome.query:
            return gettext("No results for “%(query)s”") % {"query": outcome.query}
        return gettext("No results")
    if outcome.query:
        return ngettext(
            "%(count)s result for “%(query)s”", "%(count)s results for “%(query)s”", outcome.total
        ) % {"count": outcome.total, "query": outcome.query}
    return ngettext("%(count)s result", "%(count)s results", outcome.total) % {
        "count": outcome.total
    }


def _query_hint() -> str:
    """The hint under the search box: examples the search understands in the reader's
    language (reader_words.py)."""
    examples = search_examples()
    if not examples:
        return gettext("For example, the name of a group or place.")
    return gettext("For example: %(examples)s, or the name of a group or place.") % {
        "examples": ", ".join(examples)
    }


def _page_links(request, outcome: SearchOutcome) -> dict:
    query = [
        (key, value) for key in request.GET for value in request.GET.getlist(key) if key != "page"
    ]

    def link(number: int) -> str:
        return "?" + urlencode(query + ([("page", number)] if number > 1 else []))

    if outcome.pages <= 1:
        return {"page_links": [], "previous_url": "", "next_url": ""}
    numbers = sorted(
        {
            1,
            outcome.pages,
            *range(max(1, outcome.page - 2), min(outcome.pages, outcome.page + 2) + 1),
        }
    )
    links, last = [], 0
    for number in numbers:
        if number - last > 1:
            links.append({"ellipsis": True})
        links.append({"number": number, "url": link(number), "current": number == outcome.page})
        last = number
    return {
        "page_links": links,
        "previous_url": link(outcome.page - 1) if outcome.page > 1 else "",
        "next_url": link(outcome.page + 1) if outcome.page < outcome.pages else "",
    }


@require_GET
@cache_control(private=True)
@vary_on_cookie
def search_page(request):
    asked = read_search_request(request.GET, request)
    outcome = search_borough(asked, http_request=request)
    record_search(asked, outcome)
    language = get_language()
    context = {
        "outcome": outcome,
        "count_in_words": _count_in_words(outcome),
        "query_hint": _query_hint(),
        # The title says "Error:" first, as on every form (sites/core page_meta.py).
        "page_errors": bool(outcome.postcode_error),
        "notices": page_notices(outcome, language),
        "facets": facet_fieldsets(outcome, language),
        "results": result_rows(outcome, language),
        "max_candidates": MAX_CANDIDATES,
        "within_choices": [
            (n, ngettext("%(count)s mile", "%(count)s miles", n) % {"count": n})
            for n in WITHIN_MILES
        ],
        "sort_choices": [
            (key, label)
            for key, label in SORTS.items()
            if (key != "distance" or outcome.location) and (key != "relevance" or outcome.query)
        ],
        "postcode": request.GET.get("postcode", "")[:20],
        "first_shown": (outcome.page - 1) * PER_PAGE + 1,
        "last_shown": (outcome.page - 1) * PER_PAGE + len(outcome.results),
        **_page_links(request, outcome),
    }
    return render(request, "search/search_page.html", context)


def outcome_as_json(request, outcome: SearchOutcome) -> dict:
    location = outcome.location
    return {
        "query": outcome.query,
        "mode": outcome.mode,
        "notices": outcome.notices,
        "also_searched": outcome.also,
        "total": outcome.total,
        "capped": outcome.capped,
        "page": outcome.page,
        "pages": outcome.pages,
        "sort": outcome.sort,
        "postcode": (
            {"postcode": location.postcode, "approximate": location.approximate}
            if location
            else None
        ),
        "postcode_error": outcome.postcode_error,
        "mostly_english": outcome.mostly_english,
        "results": [
            {
                "type": result.type.key,
                "type_label": result.type.label,
                "title": result.title,
                "url": request.build_absolute_uri(result.url) if result.url else "",
                "title_html": str(result.title_html),
                "snippet_html": str(result.snippet_html),
                "when": result.details.when,
                "where": result.details.where,
                "facts": list(result.details.facts),
                # Distances only: never the coordinates of a place.
                "distance": (
                    {
                        "miles": result.distance.miles,
                        "approximate": result.distance.approximate,
                        "in_words": result.distance.in_words,
                    }
                    if result.distance
                    else None
                ),
            }
            for result in outcome.results
        ],
        "facets": [
            {
                "key": facet.key,
                "label": facet.label,
                "options": [
                    {
                        "value": option.value,
                        "label": option.label,
                        "count": option.count,
                        "chosen": option.chosen,
                    }
                    for option in facet.options
                ],
            }
            for facet in outcome.facets
        ],
    }


@require_GET
@cache_control(private=True)
@vary_on_cookie
def search_json(request):
    asked = read_search_request(request.GET, request)
    outcome = search_borough(asked, http_request=request)
    record_search(asked, outcome)
    return JsonResponse(
        outcome_as_json(request, outcome), json_dumps_params={"ensure_ascii": False}
    )


@require_GET
@cache_control(private=True)
@vary_on_cookie
def autocomplete_json(request):
    query = clean_query(request.GET.get("q", "")[:2000])
    suggestions, mode = autocomplete(query, http_request=request)
    return JsonResponse(
        {"query": query, "mode": mode, "suggestions": suggestions},
        json_dumps_params={"ensure_ascii": False},
    )
