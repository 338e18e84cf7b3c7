"""Answering the search box: matches, what may be shown, facets, distances, one page.

The order of work, for one request in one borough:

1. Clean the words (text.clean_query) and read the postcode, if any.
2. Find up to MAX_CANDIDATES matches, best first: on the engine, or, when there is no
   engine or it is down, in PostgreSQL (engine.py). The borough's everyday words
   (synonyms.py: "wheelchair" also means "step-free access") are searched too, ranked
   below the words as typed. No words: every visible listing.
3. Keep only what this viewer may see, in PostgreSQL (each type's ``visible(viewer)``),
   so an unpublished or stale listing, a held post or a members-only group's event
   never shows to someone who may not see it, whatever the engine still holds.
4. Distances from the postcode; "within N miles" narrows the set.
5. Facet counts, in PostgreSQL, over that set: within a facet any chosen option
   matches (counts show what choosing one more would give); between facets all apply.
   Correct rather than approximate, and cheap: at most MAX_CANDIDATES rows per type.
6. Sort (relevance, distance or A to Z), take one page, and describe it: highlights
   from the engine when it answered, otherwise our own (escaped first, then <mark>).
"""

import logging
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import Count, Model, QuerySet
from django.db.models.functions import Lower
from django.utils.safestring import SafeString

from .engine import autocomplete_matches, database_matches, engine_highlights, engine_matches
from .fallback import (
    SIMPLER_MODE_NOTICE,
    database_backend,
    engine_backend,
    engine_failed,
    engine_usable,
)
from .postcodes.services import (
    PostcodeError,
    PostcodeLocation,
    distance_miles,
    district_centre,
    locate_postcode,
)
from .registry import Facet, ResultDetails, ResultType, facets, result_types
from .synonyms import Expansion, also_notice, borough_synonyms, expand
from .text import clean_query, highlight

logger = logging.getLogger(__name__)

MAX_CANDIDATES = 400
PER_PAGE = 20
WITHIN_MILES = (1, 2, 3, 5, 10)
SORTS = {"relevance": "Best match", "distance": "Nearest first", "title": "A to Z"}


@dataclass
class SearchRequest:
    query: str = ""
    chosen: dict[str, list[str]] = field(default_factory=dict)  # facet key -> option values
    postcode: str = ""
    within: float | None = None
    sort: str = ""
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class Distance:
    miles: float
    approximate: bool  # from the centre of a postcode district, never an exact address

    @property
    def in_words(self) -> str:
        if self.approximate:
            if self.miles < 0.5:
                return "Less than half a mile away (roughly)"
            return f"About {_miles(self.miles)} away"
        if self.miles < 0.1:
            return "Less than 0.1 miles away"
        return f"{_miles(self.miles)} away"


def _miles(value: float) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return "1 mile" if text == "1" else f"{text} miles"


@dataclass
class Result:
    type: ResultType
    object: Model
    url: str
    title: str
    title_html: SafeString
    snippet_html: SafeString
    details: ResultDetails
    distance: Distance | None = None


@dataclass
class FacetOptionCount:
    value: str
    label: str
    count: int
    chosen: bool


@dataclass
class FacetCounts:
    key: str
    label: str
    options: list[FacetOptionCount]


@dataclass
class SearchOutcome:
    query: str = ""
    searched: bool = False
    mode: str = "database"  # "engine", "database", or "fallback" (engine down)
    notices: list[str] = field(default_factory=list)
    total: int = 0
    capped: bool = False  # more matches than MAX_CANDIDATES: only the best were used
    page: int = 1
    pages: int = 1
    sort: str = ""
    results: list[Result] = field(default_factory=list)
    facets: list[FacetCounts] = field(default_factory=list)
    chosen: dict[str, list[str]] = field(default_factory=dict)
    also: list[str] = field(default_factory=list)  # everyday words searched too (synonyms)
    location: PostcodeLocation | None = None
    postcode_error: str = ""
    within: float | None = None


# --- Steps -------------------------------------------------------------------------------


def _find_matches(query: str, types: list[ResultType], outcome: SearchOutcome, also=()):
    engine = engine_backend()
    if engine is not None and engine_usable(engine):
        try:
            matches = engine_matches(engine, query, types, MAX_CANDIDATES, also)
        except Exception as error:  # the engine is down or refused: never a 500
            engine_failed(engine, error)
        else:
            outcome.mode = "engine"
            return matches
    if engine is not None:
        outcome.mode = "fallback"
        outcome.notices.append(SIMPLER_MODE_NOTICE)
    return database_matches(database_backend(), query, types, MAX_CANDIDATES, also)


def _narrow(result_type: ResultType, queryset: QuerySet, chosen, by_key, leave_out=None):
    """``queryset`` narrowed by every chosen facet except ``leave_out`` (and "type").

    Each facet's condition is applied as ``pk IN (SELECT pk ... WHERE condition)``, so a
    condition across a many-valued relation neither repeats rows nor mixes with another
    facet's condition on the same relation.
    """
    model = result_type.model
    for key, values in chosen.items():
        if key in ("type", leave_out):
            continue
        make = result_type.facet_filters.get(key)
        if make is None:
            return queryset.none()
        others = {k: v for k, v in chosen.items() if k not in (key, leave_out, "type")}
        combine = or_ if by_key[key].match == "any" else and_
        condition = reduce(combine, [make(value, others) for value in values])
        queryset = queryset.filter(pk__in=model._base_manager.filter(condition).values("pk"))
    return queryset


def _distances(result_type: ResultType, queryset: QuerySet, origin, centres) -> dict:
    found = {}
    for pk, places in result_type.locate(queryset).items():
        best = None
        for place in places:
            if place.point is not None:
                candidate = Distance(round(distance_miles(origin, place.point), 1), False)
            else:
                if place.district not in centres:
                    centres[place.district] = district_centre(place.district)
                centre = centres[place.district]
                if centre is None:
                    continue
                miles = round(distance_miles(origin, centre) * 2) / 2  # to the half mile
                candidate = Distance(miles, True)
            if best is None or candidate.miles < best.miles:
                best = candidate
        if best is not None:
            found[pk] = best
    return found


def _facet_counts(types, included, base, matched, chosen, facet_list, options):
    """Counts for every option of every facet; ``matched`` holds each type's matches."""
    by_key = {facet.key: facet for facet in facet_list}
    counts: dict[str, Counter] = defaultdict(Counter)
    # One aggregate query per (type, facets left out): facets nobody chose share one.
    groups: dict[tuple[str, str | None], list[Facet]] = defaultdict(list)
    for facet in facet_list:
        if facet.key == "type":
            for result_type in types:
                counts["type"][result_type.key] = len(matched[result_type.key])
            continue
        leave_out = facet.key if facet.match == "any" and facet.key in chosen else None
        for result_type in included:
            if facet.key in result_type.facet_filters:
                groups[(result_type.key, leave_out)].append(facet)
    type_by_key = {t.key: t for t in types}
    for (type_key, leave_out), group in groups.items():
        result_type = type_by_key[type_key]
        narrowed = _narrow(result_type, base[type_key], chosen, by_key, leave_out)
        aggregates, names = {}, {}
        for facet in group:
            others = {k: v for k, v in chosen.items() if k not in (facet.key, "type")}
            make = result_type.facet_filters[facet.key]
            for value in options[facet.key]:
                name = f"c{len(aggregates)}"
                aggregates[name] = Count("pk", distinct=True, filter=make(value, others))
                names[name] = (facet.key, value)
        for name, number in narrowed.aggregate(**aggregates).items():
            facet_key, value = names[name]
            counts[facet_key][value] += number or 0
    return [
        FacetCounts(
            key=facet.key,
            label=facet.label,
            options=[
                FacetOptionCount(
                    value, label, counts[facet.key][value], value in chosen.get(facet.key, [])
                )
                for value, label in options[facet.key].items()
                if counts[facet.key][value] or value in chosen.get(facet.key, [])
            ],
        )
        for facet in facet_list
    ]


def viewer_of(http_request, viewer=None):
    """Who is searching: ``viewer`` if given, else the request's user (None: anonymous)."""
    if viewer is not None:
        return viewer
    return getattr(http_request, "user", None)


def _url(result_type: ResultType, obj, http_request) -> str:
    if result_type.url is not None:
        return result_type.url(obj, http_request) or ""
    if hasattr(obj, "get_url"):
        return obj.get_url(request=http_request) or ""
    return obj.get_absolute_url() or ""


def _describe(result_type, obj, query, fragments, distance, http_request) -> Result:
    title = result_type.title_of(obj)
    snippet = str(getattr(obj, result_type.snippet_field, "") or "")
    if "title" in fragments:
        title_html = fragments["title"]
    else:
        title_html = highlight(title, query, max_length=None)
    if "snippet" in fragments and query:
        snippet_html = fragments["snippet"]
    else:
        snippet_html = highlight(snippet, query)
    return Result(
        type=result_type,
        object=obj,
        url=_url(result_type, obj, http_request),
        title=title,
        title_html=title_html,
        snippet_html=snippet_html,
        details=result_type.describe(obj),
        distance=distance,
    )


# --- The search ----------------------------------------------------------------------------


def search_borough(request: SearchRequest, http_request=None, viewer=None) -> SearchOutcome:
    """Search the current borough as ``viewer`` (by default the request's user; nobody
    signed in without either). Never raises for anything a visitor can type."""
    viewer = viewer_of(http_request, viewer)
    outcome = SearchOutcome(query=clean_query(request.query), within=request.within)
    types = result_types()
    facet_list = facets()
    options = {facet.key: dict(facet.options()) for facet in facet_list}
    by_key = {facet.key: facet for facet in facet_list}
    chosen = {}
    for key, values in request.chosen.items():
        known = [value for value in dict.fromkeys(values) if value in options.get(key, {})]
        if known:
            chosen[key] = known
    outcome.chosen = chosen
    if request.postcode.strip():
        try:
            outcome.location = locate_postcode(request.postcode)
        except PostcodeError as error:
            outcome.postcode_error = error.message
        else:
            if outcome.location.note:
                outcome.notices.append(outcome.location.note)
    outcome.searched = bool(outcome.query or chosen or outcome.location)
    if not outcome.searched:
        return outcome

    ranked, expansion = None, Expansion()
    if outcome.query:
        # Everyday words (synonyms.py): searched too, ranked below the words as typed.
        expansion = expand(outcome.query, borough_synonyms())
        outcome.also = expansion.also
        ranked = _find_matches(outcome.query, types, outcome, expansion.alternatives)
        outcome.capped = len(ranked) >= MAX_CANDIDATES
    rank = {(t.key, pk): position for position, (t, pk) in enumerate(ranked or [])}

    base = {}
    for result_type in types:
        queryset = result_type.visible(viewer)
        if ranked is not None:
            queryset = queryset.filter(pk__in=[pk for t, pk in ranked if t is result_type])
        base[result_type.key] = queryset

    distances: dict[tuple[str, int], Distance] = {}
    if outcome.location is not None:
        centres: dict[str, object] = {}
        for result_type in types:
            if result_type.locate is None:
                found = {}
            else:
                found = _distances(
                    result_type, base[result_type.key], outcome.location.point, centres
                )
            distances.update({(result_type.key, pk): d for pk, d in found.items()})
            if request.within:
                near = [pk for pk, d in found.items() if d.miles <= request.within]
                base[result_type.key] = base[result_type.key].filter(pk__in=near)

    # Each type's matches, with every chosen facet but "type" applied: (pk, title).
    matched = {
        t.key: list(
            _narrow(t, base[t.key], chosen, by_key)
            .annotate(_sort_title=Lower(t.title_field))
            .values_list("pk", "_sort_title")
        )
        for t in types
    }
    included = [t for t in types if not chosen.get("type") or t.key in chosen["type"]]
    outcome.facets = _facet_counts(types, included, base, matched, chosen, facet_list, options)

    sort = request.sort if request.sort in SORTS else ""
    if sort == "distance" and outcome.location is None:
        sort = ""
    if sort == "relevance" and ranked is None:
        sort = ""
    sort = sort or ("relevance" if ranked is not None else "distance" if distances else "title")
    outcome.sort = sort

    entries = []  # (sort key, type, pk)
    for result_type in included:
        for pk, title in matched[result_type.key]:
            position = rank.get((result_type.key, pk), math.inf)
            if sort == "title":
                key = (title or "", pk)
            elif sort == "distance":
                distance = distances.get((result_type.key, pk))
                key = (distance.miles if distance else math.inf, position, title or "")
            else:
                key = (position, title or "")
            entries.append((key, result_type, pk))
    entries.sort(key=lambda entry: (entry[0], entry[1].order, entry[2]))

    outcome.total = len(entries)
    notice = also_notice(expansion, found_any=outcome.total > 0)
    if notice:
        outcome.notices.append(notice)
    outcome.pages = max(1, math.ceil(outcome.total / request.per_page))
    outcome.page = min(max(1, request.page), outcome.pages)
    start = (outcome.page - 1) * request.per_page
    shown = [(t, pk) for _, t, pk in entries[start : start + request.per_page]]

    objects = {}
    for result_type in included:
        pks = [pk for t, pk in shown if t is result_type]
        if pks:
            queryset = result_type.prepare(result_type.model.objects.filter(pk__in=pks))
            objects.update({(result_type.key, obj.pk): obj for obj in queryset})

    fragments = {}
    if outcome.mode == "engine" and outcome.query and shown:
        try:
            fragments = engine_highlights(
                engine_backend(), outcome.query, shown, expansion.alternatives
            )
        except Exception:  # highlights are a nicety: our own are just as safe
            logger.warning("Could not get highlights from the search engine", exc_info=True)
    for result_type, pk in shown:
        obj = objects.get((result_type.key, pk))
        if obj is not None:
            outcome.results.append(
                _describe(
                    result_type,
                    obj,
                    " ".join([outcome.query, *expansion.also]),
                    fragments.get((result_type.key, pk), {}),
                    distances.get((result_type.key, pk)),
                    http_request,
                )
            )
    return outcome


def autocomplete(
    text: str, http_request=None, limit: int = 8, viewer=None
) -> tuple[list[dict], str]:
    """Up to ``limit`` titles ``viewer`` may see starting with what was typed, and the
    mode used."""
    viewer = viewer_of(http_request, viewer)
    query = clean_query(text)
    if len(query) < 2:
        return [], "database"
    types = [result_type for result_type in result_types() if result_type.autocomplete]
    mode, matches = "database", None
    engine = engine_backend()
    if engine is not None and engine_usable(engine):
        try:
            matches = autocomplete_matches(engine, query, types, limit * 3)
            mode = "engine"
        except Exception as error:
            engine_failed(engine, error)
    if matches is None:
        mode = "fallback" if engine is not None else "database"
        matches = autocomplete_matches(database_backend(), query, types, limit * 3)
    position = {(t.key, pk): n for n, (t, pk) in enumerate(matches)}
    suggestions = []
    for result_type in types:
        pks = [pk for t, pk in matches if t is result_type]
        if not pks:
            continue
        visible = result_type.prepare(result_type.visible(viewer).filter(pk__in=pks))
        for obj in visible:
            suggestion = {
                "title": result_type.title_of(obj),
                "type": result_type.label,
                "url": _url(result_type, obj, http_request),
            }
            suggestions.append((position[(result_type.key, obj.pk)], suggestion))
    suggestions.sort(key=lambda item: item[0])
    return [suggestion for _, suggestion in suggestions[:limit]], mode
