"""Answering the search box: what may be shown, facets, distances, one page.

The order of work, for one request in one borough (``search_borough``):

1. ``_read``: clean the words (text.clean_query), keep the known facet choices, read
   the postcode. ``_expand``: the borough's everyday words (synonyms.py: "wheelchair"
   also means "step-free access") and, for a reader of another language, the English
   labels their words name (reader_words.py: "wolontariat" also means "Volunteering"),
   searched too, ranked below the words as typed.
2. ``_choose_sort``: relevance with words, else nearest first with a postcode, else A to Z.
3. On the engine (``_answer_in_engine``, search/answers.py), one request does the
   rest: only what this viewer may see (indexed visibility fields: shown, audience,
   blocked authors, finished events), "within N miles", every facet's counts over all
   matches, sorted (relevance in tiers, ``geo_distance``, or title), one page, with
   highlights. Typo guesses only when the words found fewer than FEW_MATCHES.
   Without an engine, or while it is down: the same in PostgreSQL
   (search/database_answers.py), over at most MAX_CANDIDATES matches.
4. ``_load_page``: the page's objects, re-checked in PostgreSQL with each type's
   ``visible(viewer)`` (defence in depth: a listing hidden a second ago is never
   shown); when the re-check drops some, the engine is asked for the next ones.
5. ``_describe``: titles, snippets (the engine's highlights when it answered, else our
   own: escaped first, then <mark>), distances in words for the page's results.
"""

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from .answers import EngineAnswer, EngineQuestion, ask_engine
from .autocomplete import autocomplete
from .bulk_reading import fill_cluster_relations, for_bulk_reading
from .database_answers import (
    MAX_CANDIDATES,
    answer_in_database,
    distances,
    facet_list_with_counts,
)
from .engine import FEW_MATCHES, database_matches
from .fallback import (
    SIMPLER_MODE_NOTICE,
    database_backend,
    engine_backend,
    engine_failed,
    engine_usable,
)
from .languages import little_written_in, reader_language
from .outcome import (
    PER_PAGE,
    Distance,
    FacetCounts,
    FacetOptionCount,
    Result,
    SearchOutcome,
    SearchRequest,
    result_url,
    viewer_of,
)
from .page_reading import read_page
from .postcodes.services import PostcodeError, locate_postcode, remembering_district_centres
from .reader_words import option_labels, with_reader_words
from .registry import Facet, ResultType, engine_scope, facets, result_types
from .synonyms import Expansion, also_notice, borough_synonyms, expand
from .text import clean_query, highlight

__all__ = [
    "MAX_CANDIDATES",
    "PER_PAGE",
    "SORTS",
    "WITHIN_MILES",
    "Distance",
    "FacetCounts",
    "FacetOptionCount",
    "Result",
    "SearchOutcome",
    "SearchRequest",
    "autocomplete",
    "search_borough",
]

logger = logging.getLogger(__name__)

WITHIN_MILES = (1, 2, 3, 5, 10)
SORTS = {
    "relevance": gettext_lazy("Best match"),
    "distance": gettext_lazy("Nearest first"),
    "title": gettext_lazy("A to Z"),
}
# A page whose re-check drops results is refilled from the engine at most this often.
REFILLS = 3


@dataclass
class _Search:
    """One search while it is being answered."""

    request: SearchRequest
    viewer: object
    outcome: SearchOutcome
    types: list[ResultType]
    facet_list: list[Facet]
    options: dict[str, dict[str, str]]
    chosen: dict[str, list[str]] = field(default_factory=dict)
    expansion: Expansion = field(default_factory=Expansion)
    distances: dict[tuple[str, int], Distance] = field(default_factory=dict)
    fragments: dict[tuple[str, int], dict] = field(default_factory=dict)
    language: str = ""

    @property
    def by_key(self) -> dict[str, Facet]:
        return {facet.key: facet for facet in self.facet_list}

    @property
    def included(self) -> list[ResultType]:
        wanted = self.chosen.get("type")
        return [t for t in self.types if not wanted or t.key in wanted]


# --- Steps -------------------------------------------------------------------------------


def _read(request: SearchRequest, viewer) -> _Search:
    """Step 1: the words, the known choices, the postcode."""
    outcome = SearchOutcome(query=clean_query(request.query), within=request.within)
    facet_list = facets()
    options = {facet.key: dict(facet.options()) for facet in facet_list}
    search = _Search(request, viewer, outcome, result_types(), facet_list, options)
    search.language = reader_language(request.language)
    for key, values in request.chosen.items():
        known = [value for value in dict.fromkeys(values) if value in options.get(key, {})]
        if known:
            search.chosen[key] = known
    outcome.chosen = search.chosen
    if request.postcode.strip():
        try:
            outcome.location = locate_postcode(request.postcode, request.postcode_example)
        except PostcodeError as error:
            outcome.postcode_error = error.message
        else:
            if outcome.location.note:
                outcome.notices.append(outcome.location.note)
    outcome.searched = bool(outcome.query or search.chosen or outcome.location)
    return search


def _expand(search: _Search) -> None:
    """Step 1: what the words also mean (synonyms.py), and the English labels they name
    in the reader's language (reader_words.py)."""
    if search.outcome.query:
        labels = option_labels(search.options)
        words = with_reader_words(borough_synonyms(), search.language, labels)
        search.expansion = expand(search.outcome.query, words)
        search.outcome.also = search.expansion.also


def _choose_sort(search: _Search) -> None:
    """Step 2: the sort asked for if it makes sense, else the best default."""
    outcome, sort = search.outcome, search.request.sort
    sort = sort if sort in SORTS else ""
    if sort == "distance" and outcome.location is None:
        sort = ""
    if sort == "relevance" and not outcome.query:
        sort = ""
    default = "relevance" if outcome.query else "distance" if outcome.location else "title"
    outcome.sort = sort or default


def _question(search: _Search, typos: bool = False) -> EngineQuestion:
    now = timezone.now()
    outcome = search.outcome
    return EngineQuestion(
        query=outcome.query,
        also=search.expansion.alternatives,
        types=search.types,
        included=search.included,
        chosen=search.chosen,
        facet_list=search.facet_list,
        options=search.options,
        scope=engine_scope(search.viewer),
        now=now,
        today=timezone.localdate(now),
        origin=outcome.location.point if outcome.location else None,
        within=search.request.within,
        sort=outcome.sort,
        typos=typos,
        language=search.language,
    )


def _engine_ready(search: _Search) -> bool:
    return all(f.engine is not None for f in search.facet_list if f.key != "type")


def _engine_answer(search: _Search, engine, start: int) -> tuple[EngineQuestion, EngineAnswer]:
    """Step 3 on the engine: its answer for the page at ``start`` (the words as typed and
    what they also mean; with typo guesses too if those found few), nothing re-checked."""
    question = _question(search)
    answer = ask_engine(engine, question, start, search.request.per_page)
    if question.query and answer.matched < FEW_MATCHES:
        question = _question(search, typos=True)
        answer = ask_engine(engine, question, start, search.request.per_page)
    return question, answer


def _answer_in_engine(search: _Search, engine, start: int) -> list[Model]:
    """Step 3 and 4 on the engine: counts, total and the page's (re-checked) objects."""
    question, answer = _engine_answer(search, engine, start)
    search.outcome.mode = "engine"
    search.outcome.total = answer.total
    search.outcome.facets = facet_list_with_counts(
        search.facet_list, search.options, search.chosen, answer.counts
    )
    search.fragments = answer.fragments
    shown = _load_page(search, answer.hits)
    dropped = len(answer.hits) - len(shown)
    asked = start + len(answer.hits)
    for _ in range(REFILLS):
        if len(shown) >= search.request.per_page or asked >= answer.total:
            break
        more = ask_engine(engine, question, asked, search.request.per_page, counts=False)
        if not more.hits:
            break
        asked += len(more.hits)
        search.fragments.update(more.fragments)
        loaded = _load_page(search, more.hits)
        dropped += len(more.hits) - len(loaded)
        shown += loaded
    # What the re-check dropped is not counted; what the refill took from the next
    # page may show on both pages (rare: it needs the engine to be behind).
    search.outcome.total = max(0, answer.total - dropped)
    return shown[: search.request.per_page]


def _prepared(result_type: ResultType, queryset) -> list[Model]:
    """``prepare(queryset)``'s objects, read as a rebuild reads them (bulk_reading.py):
    a page's places built once each, not once per result, and its modelcluster
    children (an activity's times) given in memory, not through a manager per object.
    The objects answer the same (tests/search/test_search_page_cost.py)."""
    queryset, cluster_relations = for_bulk_reading(result_type.prepare(queryset))
    objects = list(queryset)
    fill_cluster_relations(objects, cluster_relations)
    return objects


def _load_page(search: _Search, hits: list[tuple[ResultType, int]]) -> list[Model]:
    """Step 4: the objects of ``hits``, in order, that ``visible(viewer)`` still allows."""
    objects = {}
    for result_type in {t.key: t for t, _ in hits}.values():
        pks = [pk for t, pk in hits if t is result_type]
        loaded = read_page(result_type, pks)
        if loaded is None:
            visible = result_type.visible(search.viewer).filter(pk__in=pks)
            loaded = _prepared(result_type, visible)
        objects.update({(result_type.key, obj.pk): (result_type, obj) for obj in loaded})
    return [objects[(t.key, pk)] for t, pk in hits if (t.key, pk) in objects]


def _answer_in_database(search: _Search, start: int) -> list:
    """Step 3 and 4 in PostgreSQL (no engine, or it is down)."""
    outcome = search.outcome
    ranked = None
    if outcome.query:
        backend = database_backend()
        ranked = database_matches(
            backend, outcome.query, search.types, MAX_CANDIDATES, search.expansion.alternatives
        )
        outcome.capped = len(ranked) >= MAX_CANDIDATES
    entries = answer_in_database(search, ranked)
    return _load_page(search, entries[start : start + search.request.per_page])


def _page_start(search: _Search) -> int:
    page = max(1, search.request.page)
    return (page - 1) * search.request.per_page


def _paginate(search: _Search) -> None:
    outcome, per_page = search.outcome, search.request.per_page
    outcome.pages = max(1, math.ceil(outcome.total / per_page))
    outcome.page = min(max(1, search.request.page), outcome.pages)


def _answer(search: _Search) -> list:
    """Steps 3 and 4 on whichever backend can answer. A page past the last one shows
    the last page (as before), at the cost of asking again."""
    engine = engine_backend()
    start = _page_start(search)
    if engine is not None and engine_usable(engine) and _engine_ready(search):
        try:
            shown = _answer_in_engine(search, engine, start)
            _paginate(search)
            last = (search.outcome.page - 1) * search.request.per_page
            if last != start and search.outcome.total:
                shown = _answer_in_engine(search, engine, last)
            return shown
        except Exception as error:  # the engine is down or refused: never a 500
            engine_failed(engine, error)
            search.fragments = {}
    if engine is not None:
        search.outcome.mode = "fallback"
        search.outcome.notices.append(gettext(SIMPLER_MODE_NOTICE))
    else:
        search.outcome.mode = "database"
    shown = _answer_in_database(search, start)
    _paginate(search)
    last = (search.outcome.page - 1) * search.request.per_page
    if last != start and search.outcome.total:
        shown = _answer_in_database(search, last)
    return shown


def _page_distances(search: _Search, shown) -> None:
    """Step 5: distances in words for the page (the engine sorted by them already)."""
    location = search.outcome.location
    if location is None:
        return
    centres: dict[str, object] = {}
    for result_type in {t.key: t for t, _ in shown}.values():
        objects = [obj for t, obj in shown if t is result_type]
        if (result_type.key, objects[0].pk) in search.distances:
            continue  # the database path worked them out already
        queryset = result_type.model.objects.filter(pk__in=[obj.pk for obj in objects])
        found = distances(result_type, queryset, location.point, centres, objects)
        search.distances.update({(result_type.key, pk): d for pk, d in found.items()})


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
        url=result_url(result_type, obj, http_request),
        title=title,
        title_html=title_html,
        snippet_html=snippet_html,
        details=result_type.describe(obj),
        distance=distance,
    )


# --- The search ----------------------------------------------------------------------------


def engine_question_sender(request: SearchRequest, viewer) -> Callable[[object], tuple]:
    """Steps 1 and 2 of ``search_borough`` for ``request`` as ``viewer`` done now, and a
    function that does step 3 on the engine given, for the first page: what the page
    asks the engine, with nothing re-checked, described or recorded. For a request that
    searches (words, a filter or a postcode). For the benches, which time the engine's
    part of the page alone, through the page's own code."""
    search = _read(request, viewer)
    _expand(search)
    _choose_sort(search)
    return lambda engine: _engine_answer(search, engine, 0)


# A postcode district's centre is read once a search: the searcher's postcode and a
# hidden home's (measured from its district) are often the same district.
@remembering_district_centres()
def search_borough(request: SearchRequest, http_request=None, viewer=None) -> SearchOutcome:
    """Search the current borough as ``viewer`` (by default the request's user; nobody
    signed in without either). Never raises for anything a visitor can type."""
    search = _read(request, viewer_of(http_request, viewer))
    outcome = search.outcome
    if not outcome.searched:
        return outcome
    _expand(search)
    _choose_sort(search)
    shown = _answer(search)
    notice = also_notice(search.expansion, found_any=outcome.total > 0)
    if notice:
        outcome.notices.append(notice)
    if outcome.query and not outcome.total:
        outcome.mostly_english = little_written_in(search.language, [t.model for t in search.types])
    _page_distances(search, shown)
    words = " ".join([outcome.query, *search.expansion.also])
    for result_type, obj in shown:
        key = (result_type.key, obj.pk)
        outcome.results.append(
            _describe(
                result_type,
                obj,
                words,
                search.fragments.get(key, {}),
                search.distances.get(key),
                http_request,
            )
        )
    return outcome
