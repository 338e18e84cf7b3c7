"""Finding matches: the engine's query parts, and PostgreSQL's ranked matches.

- On the engine (OpenSearch/Elasticsearch), one request answers the search page
  (answers.py: what the viewer may see, facet counts, the page, highlights); this
  module builds its text queries (``text_query``, ``any_text_query``), its highlight
  settings (``highlight_spec``) and sends it (``_search``).
- In PostgreSQL (no engine, or it is down), ``database_matches`` gives ``[(ResultType,
  pk), ...]`` best first, at most ``limit``; visibility and facets are applied
  afterwards over those ids (database_answers.py).

Engine queries are built here rather than by modelsearch's query compiler because the
search box needs things it cannot express in one request: exact matches ranked above
typo matches, several page types at once, any one interest's name, and highlights. Field
names, boosts, content types and index names all come from modelsearch's own mapping,
so they always agree with what modelsearch indexed.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import or_

import orjson

from django.db import DatabaseError, NotSupportedError, transaction
from django.utils.safestring import SafeString

from modelsearch.backends.elasticsearchbase import Field
from modelsearch.index import RelatedFields, SearchField
from modelsearch.query import Fuzzy, PlainText

from .registry import ResultType
from .text import SNIPPET_CHARACTERS, EngineMarks, from_engine_highlight

logger = logging.getLogger(__name__)

# Exact matches count for more than typo-tolerant ones, so "yoga" ranks real "yoga"
# above "yogic"; typos still find something ("yogga" finds yoga). PostgreSQL does the
# same: full text first, trigram similarity if that finds nothing (database_matches).
EXACT_BOOST = 3.0
# The catch-all field modelsearch copies every searchable text into (titles, summaries,
# interests' and places' names), analysed by the standard analyser as each of them is.
ALL_TEXT = "_all_text"
FUZZY = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 25}
# Fewer exact matches than this, and typo-tolerant matching is tried as well.
FEW_MATCHES = 5


def is_engine(backend) -> bool:
    return hasattr(backend, "es")


# --- The engine ------------------------------------------------------------------------


def _content_type(backend, model) -> str:
    return _model_content_type(backend.mapping_class, model)


@lru_cache(maxsize=256)
def _model_content_type(mapping_class, model) -> str:
    return mapping_class(model).get_content_type()


def _by_index(backend, types: Iterable[ResultType]) -> dict[str, list[ResultType]]:
    groups: dict[str, list[ResultType]] = {}
    for result_type in types:
        name = backend.get_index_for_model(result_type.model).name
        groups.setdefault(name, []).append(result_type)
    return groups


@lru_cache(maxsize=64)
def _fields(backend_class, models: tuple) -> tuple[list[str], list[str]]:
    """(catch-all fields with boosts, related objects' fields with boosts).

    The catch-all fields are the ones modelsearch fills (``_all_text`` and one per
    boost); related fields (such as an activity's interest names) are plain objects
    (search/backends/mapping.py). Depends only on the models, so it is worked out once
    per process.
    """
    boosts: dict[str, float] = {}
    related_names = set()
    for model in models:
        compiler = backend_class.query_compiler_class(model.objects.none(), PlainText("x"))
        for field in compiler.remapped_fields:
            boosts[field.field_name] = max(boosts.get(field.field_name, 0), field.boost)
        mapping = backend_class.mapping_class(model)
        for field in model.get_search_fields():
            if not isinstance(field, RelatedFields):
                continue
            path = mapping.get_field_column_name(field)
            related = backend_class.mapping_class(field.get_field(model).related_model)
            related_names.update(
                Field(
                    f"{path}.{related.get_field_column_name(sub)}", sub.boost or 1
                ).field_name_with_boost
                for sub in field.fields
                if isinstance(sub, SearchField)
            )
    text = [Field(name, boost).field_name_with_boost for name, boost in sorted(boosts.items())]
    return text, sorted(related_names)


def any_text_query(backend, queries: Sequence[str], types: list[ResultType]) -> dict:
    """Any of ``queries`` (exact words): what the words typed also mean (synonyms.py)."""
    if len(queries) == 1:
        return text_query(backend, queries[0], types, typos=False)
    should = [text_query(backend, query, types, typos=False) for query in queries]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def text_query(backend, query: str, types: list[ResultType], typos: bool = True) -> dict:
    """Every word must match, in any searchable field (titles and interests boosted).

    With ``typos``, words within the engine's AUTO edit distance match too, ranked
    below exact matches.
    """
    if not query:
        return {"match_all": {}}
    fields, related = _fields(type(backend), tuple(t.model for t in types))
    exact = {"query": query, "fields": fields, "operator": "and"}
    should = [{"multi_match": {**exact, "boost": EXACT_BOOST}}]
    if typos:
        # Typo guesses on the catch-all field alone: it holds a copy of every text the
        # other fields hold, and the engine looks guesses up in each field that allows
        # them, in each index. "footbal" took 23 ms of the engine's CPU with guesses on
        # every field, 16 on this one (docs/operations/search.md, Session 29).
        should.append({"multi_match": {**exact, "fields": [ALL_TEXT], **FUZZY}})
    if related:
        # Any one word naming an interest (or an event's place) is enough: "yoga
        # painting" finds yoga. A field an index does not map matches nothing there.
        # One word alone is found in the catch-all field, typo or not.
        guess = typos and len(query.split()) > 1
        should.append(
            {"multi_match": {"query": query, "fields": related, **(FUZZY if guess else {})}}
        )
    return {"bool": {"should": should, "minimum_should_match": 1}}


# A visitor's search waits this long for the engine, then gets the database's answers
# (search/fallback.py). Shorter than the client's 5 s, which indexing and rebuilds keep:
# an engine that hangs costs a visitor about this, once per process every 30 s.
VISITOR_TIMEOUT_SECONDS = 2


def _search(backend, index: str, body: dict, filter_path: str | None = None) -> dict:
    """``filter_path``: only the parts of the answer that are read (less to parse)."""
    options = {"filter_path": filter_path} if filter_path else {}
    if getattr(backend, "use_new_elasticsearch_api", False):
        client = backend.es.options(request_timeout=VISITOR_TIMEOUT_SECONDS)
        return client.search(index=index, **body, **options)  # Elasticsearch 8/9: no "body"
    # The same JSON as the client's json.dumps (which costs 1.3 ms of CPU for the
    # search page's 17 kB), from orjson in 0.1 ms; the client sends bytes as they are.
    return backend.es.search(
        index=index,
        body=orjson.dumps(body),
        request_timeout=VISITOR_TIMEOUT_SECONDS,
        **options,
    )


def _type_of_hit(hit: dict, by_content_type: dict[str, ResultType]) -> ResultType | None:
    found = [
        by_content_type[c] for c in hit["fields"]["_django_content_type"] if c in by_content_type
    ]
    # A document lists its own content type and its ancestors'; the most specific wins.
    return max(found, key=lambda t: len(t.model.__mro__), default=None)


def _in_tiers(tiers: list[list[tuple[float, ResultType, int]]], limit: int):
    """Each tier best first, every tier after the one before, each match once."""
    ranked: dict[tuple[str, int], tuple[ResultType, int]] = {}
    for tier in tiers:
        for _, result_type, pk in sorted(tier, key=lambda item: -item[0]):
            ranked.setdefault((result_type.key, pk), (result_type, pk))
    return list(ranked.values())[:limit]


@dataclass
class HighlightSpec:
    """The highlight part of a request for these types, and reading a hit's back."""

    request: dict
    columns: dict[str, str]  # engine column -> "title" or "snippet"
    marks: EngineMarks

    def fragments(self, hit: dict) -> dict[str, SafeString]:
        found = {}
        for column, texts in hit.get("highlight", {}).items():
            if texts and column in self.columns:
                found[self.columns[column]] = from_engine_highlight(texts[0], self.marks)
        return found


def highlight_spec(backend, types) -> HighlightSpec | None:
    columns, fields = _highlighted(
        backend.mapping_class,
        tuple((t.model, t.title_field, t.snippet_field) for t in types),
    )
    if not columns:
        return None
    marks = EngineMarks.new()  # new for every request, so content cannot forge them
    request = {
        "pre_tags": [marks.start],
        "post_tags": [marks.end],
        "require_field_match": False,
        "encoder": "default",
        "fields": fields,
    }
    return HighlightSpec(request, columns, marks)


@lru_cache(maxsize=64)
def _highlighted(mapping_class, types: tuple) -> tuple[dict[str, str], dict]:
    """(engine column -> "title" or "snippet", each column's highlight settings) for
    (model, title field, snippet field)s. Depends only on the models, so it is worked
    out once per process; both are shared, and only ever read or serialised."""
    columns = {}
    for model, title_field, snippet_field in types:
        mapping = mapping_class(model)
        for field in model.get_search_fields():
            if isinstance(field, SearchField) and field.field_name in (title_field, snippet_field):
                role = "title" if field.field_name == title_field else "snippet"
                columns[mapping.get_field_column_name(field)] = role
    snippet = {
        "fragment_size": SNIPPET_CHARACTERS,
        "number_of_fragments": 1,
        "no_match_size": SNIPPET_CHARACTERS,
    }
    fields = {
        column: {"number_of_fragments": 0} if role == "title" else snippet
        for column, role in columns.items()
    }
    return columns, fields


# --- PostgreSQL ------------------------------------------------------------------------


def database_matches(
    backend, query: str, types: list[ResultType], limit: int, also: Sequence[str] = ()
) -> list[tuple[ResultType, int]]:
    """The same tiers as the engine: full text of the words as typed (all must match);
    then of what they ``also`` mean; trigram similarity only if both found nothing, so
    "yogga" still finds yoga without blurring good queries."""
    tiers = [_full_text(backend, PlainText(query, operator="and"), types, limit)]
    if query and also:
        either = reduce(or_, [PlainText(alternative, operator="and") for alternative in also])
        tiers.append(_full_text(backend, either, types, limit))
    if not any(tiers):
        tiers.append(_trigram_matches(backend, query, types, limit))
    return _in_tiers(tiers, limit)


def _full_text(backend, search_query, types, limit) -> list[tuple[float, ResultType, int]]:
    scored = []
    for result_type in types:
        results = backend.search(search_query, result_type.model.objects.only("pk"))
        for obj in results.annotate_score("_search_score")[:limit]:
            scored.append((obj._search_score or 0, result_type, obj.pk))
    return scored


def _trigram_matches(backend, query, types, limit) -> list[tuple[float, ResultType, int]]:
    """modelsearch's Fuzzy query: PostgreSQL's pg_trgm word similarity."""
    scored = []
    try:
        with transaction.atomic():  # a missing extension must not spoil the request
            for result_type in types:
                results = backend.search(Fuzzy(query), result_type.model.objects.only("pk"))
                for obj in results.annotate_score("_search_score")[:limit]:
                    scored.append((obj._search_score or 0, result_type, obj.pk))
    except (NotSupportedError, DatabaseError) as error:
        logger.warning("Typo-tolerant search is off: %s (CREATE EXTENSION pg_trgm)", error)
        return []
    return scored


# --- Autocomplete (either backend) -------------------------------------------------------


def autocomplete_matches(
    backend, query: str, types: list[ResultType], limit: int
) -> list[tuple[ResultType, int]]:
    scored = []
    for result_type in types:
        results = backend.autocomplete(query, result_type.model.objects.only("pk"))
        for obj in results.annotate_score("_search_score")[:limit]:
            scored.append((obj._search_score or 0, result_type, obj.pk))
    scored.sort(key=lambda item: -item[0])
    return [(result_type, pk) for _, result_type, pk in scored]
