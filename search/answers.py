"""One engine request answers the search page: one page of what the viewer may see,
sorted, highlighted, with every facet's counts over ALL matches.

- ``query``: the words (in tiers, see ``tiered``), what the viewer may see
  (``viewer_filter``) and "within N miles". The engine never returns anything else.
- ``aggs``: one count per facet option, each with every other chosen facet applied
  (a facet with ``match="any"`` leaves itself out, so its counts show what choosing one
  more option would give), exact (``filters`` aggregations, not approximate terms).
- ``post_filter``: the chosen facets and types, for the page only.

Field names come from search/document.py (the same in every index), so one request
spans every kind of result: ``index`` is the comma-joined names of the indexes
(aliases) of the types searched.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .document import answer_field
from .engine import (
    ALL_TEXT,
    _by_index,
    _content_type,
    _search,
    _type_of_hit,
    any_text_query,
    highlight_spec,
    text_query,
)
from .languages import engine_filter, engine_ranking
from .postcodes.services import Point
from .registry import EngineScope, Facet, ResultType

# Tiers: the words as typed, then what they also mean (synonyms), then typo guesses;
# each tier's bonus is far above any relevance score, so tiers never mix.
TIER_BONUS = (2_000_000.0, 1_000_000.0, 0.0)
# Python rounds shown distances to 0.1 mile (exact) or 0.5 mile (a district's centre);
# "within" compares the rounded figure, so the engine allows the same margins.
EXACT_MARGIN_MILES = 0.05
AREA_MARGIN_MILES = 0.25
# What an answer is read for (the rest, such as each hit's index, id and sort values,
# is left out: less to send and to parse). A page with no hits has no "hits.hits".
READ = "hits.total.value,hits.hits.fields,hits.hits.highlight,aggregations"


@dataclass
class EngineAnswer:
    hits: list[tuple[ResultType, int]] = field(default_factory=list)
    fragments: dict[tuple[str, int], dict] = field(default_factory=dict)
    total: int = 0
    matched: int = 0  # before facets: decides whether typo guesses are needed
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


# --- Conditions ---------------------------------------------------------------------------


def viewer_filter(scope: EngineScope, now: datetime.datetime) -> list[dict]:
    """What one viewer may see: shown, for their audiences, by nobody hidden from them,
    not finished."""
    clauses = [{"term": {answer_field("shown"): True}}]
    if scope.audiences is not None:
        clauses.append({"terms": {answer_field("audience"): list(scope.audiences)}})
    if scope.hidden_authors:
        authors = [str(author) for author in scope.hidden_authors]
        clauses.append({"bool": {"must_not": {"terms": {answer_field("authors"): authors}}}})
    clauses.append(
        {
            "bool": {
                "should": [
                    {"bool": {"must_not": {"exists": {"field": answer_field("ends_at")}}}},
                    {"range": {answer_field("ends_at"): {"gt": now.isoformat()}}},
                ],
                "minimum_should_match": 1,
            }
        }
    )
    return clauses


def kinds_filter(backend, types: Sequence[ResultType]) -> dict:
    content_types = sorted(_content_type(backend, t.model) for t in types)
    return {"terms": {"_django_content_type": content_types}}


def within_filter(origin: Point, miles: float) -> dict:
    where = {"lat": origin.latitude, "lon": origin.longitude}
    return {
        "bool": {
            "should": [
                {
                    "geo_distance": {
                        "distance": f"{miles + EXACT_MARGIN_MILES}mi",
                        answer_field("exact_points"): where,
                        "ignore_unmapped": True,
                    }
                },
                {
                    "geo_distance": {
                        "distance": f"{miles + AREA_MARGIN_MILES}mi",
                        answer_field("area_points"): where,
                        "ignore_unmapped": True,
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


def facet_filter(facet: Facet, values, chosen, today, leave_out=None) -> dict:
    """``facet`` with ``values`` chosen: any of them, or all for ``match="all"``. Its
    condition sees the other chosen facets but ``leave_out`` (as the database does)."""
    others = {k: v for k, v in chosen.items() if k not in (facet.key, leave_out, "type")}
    clauses = [facet.engine(value, others, today) for value in values]
    if facet.match == "all":
        return {"bool": {"filter": clauses}}
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def narrowing(chosen, by_key: Mapping[str, Facet], today, leave_out=None) -> list[dict]:
    """Every chosen facet but "type" and ``leave_out``."""
    return [
        facet_filter(by_key[key], values, chosen, today, leave_out)
        for key, values in chosen.items()
        if key not in ("type", leave_out)
    ]


def tiered(backend, query: str, also: Sequence[str], types, typos: bool) -> dict:
    """Exact words first, then what they also mean, then (``typos``) guesses."""
    if not query:
        return {"match_all": {}}
    tiers = [text_query(backend, query, types, typos=False)]
    if also:
        tiers.append(any_text_query(backend, list(also), types))
    else:
        tiers.append(None)
    if typos:
        tiers.append(text_query(backend, query, types, typos=True))
    queries = [
        {
            "function_score": {
                "query": tier,
                "functions": [{"weight": bonus}] if bonus else [],
                "boost_mode": "sum",
            }
        }
        if bonus
        else tier
        for tier, bonus in zip(tiers, TIER_BONUS, strict=False)
        if tier is not None
    ]
    return queries[0] if len(queries) == 1 else {"dis_max": {"queries": queries}}


# --- Highlights -------------------------------------------------------------------------

_WORD_OPTIONS = ("fuzziness", "prefix_length", "max_expansions")


def words_to_mark(query: dict) -> dict:
    """The highlighter's query for a search's ``query``: the same words (as typed, what
    they also mean, typo guesses, the reader's language's words), with no tiers, boosts,
    filters or ranking. The highlighter marks the words of a query in every highlighted
    field whatever field the query names (``require_field_match`` off), so each
    ``multi_match`` over the catch-all fields and those copied into them asks for its
    words on ``_all_text`` alone: the same marks (tests/search/test_highlights.py), and
    about 0.5 ms less of the engine's CPU a search (docs/operations/search.md,
    Session 28)."""
    clauses: list[dict] = []
    for clause in _word_clauses(query):
        if clause not in clauses:
            clauses.append(clause)
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses}}


def _word_clauses(query: dict) -> list[dict]:
    if len(query) != 1:
        return [query]
    ((kind, body),) = query.items()
    if kind == "function_score":
        return _word_clauses(body["query"])
    if kind == "dis_max":
        return [clause for inner in body["queries"] for clause in _word_clauses(inner)]
    if kind == "bool":
        inner = [
            clause
            for part in ("must", "should")
            for clause in (body.get(part) if isinstance(body.get(part), list) else [body.get(part)])
            if clause
        ]
        return [clause for each in inner for clause in _word_clauses(each)]
    if kind == "constant_score":  # a ranking bonus on a filter: no words
        return []
    if kind == "multi_match":
        options = {key: body[key] for key in _WORD_OPTIONS if key in body}
        return [{"match": {ALL_TEXT: {"query": body["query"], **options}}}]
    return [query]


# --- Sorting --------------------------------------------------------------------------------


def sort_spec(sort: str, origin: Point | None) -> list:
    by_title = {answer_field("title"): {"order": "asc", "unmapped_type": "keyword"}}
    if sort == "distance" and origin is not None:
        return [
            {
                "_geo_distance": {
                    answer_field("points"): {"lat": origin.latitude, "lon": origin.longitude},
                    "order": "asc",
                    "unit": "mi",
                    "mode": "min",
                    "ignore_unmapped": True,
                }
            },
            {"_score": "desc"},
            by_title,
        ]
    if sort == "title":
        return [by_title, {"_score": "desc"}]
    return [{"_score": "desc"}, by_title]


# --- Counts ---------------------------------------------------------------------------------


def facet_aggs(backend, types, included, chosen, facet_list, options, today) -> dict:
    """One ``filter`` aggregation per set of facets left out, each holding one
    ``filters`` bucket per option (``<facet>|<value>``)."""
    by_key = {facet.key: facet for facet in facet_list}
    aggs = {
        "type": {
            "filter": {"bool": {"filter": narrowing(chosen, by_key, today)}},
            "aggs": {
                "options": {
                    "filters": {
                        "filters": {
                            f"type|{t.key}": {
                                "term": {"_django_content_type": _content_type(backend, t.model)}
                            }
                            for t in types
                        }
                    }
                }
            },
        }
    }
    groups: dict[str | None, dict] = {}
    for facet in facet_list:
        if facet.key == "type" or facet.engine is None:
            continue
        leave_out = facet.key if facet.match == "any" and facet.key in chosen else None
        others = {k: v for k, v in chosen.items() if k not in (facet.key, "type")}
        buckets = groups.setdefault(leave_out, {})
        for value in options[facet.key]:
            buckets[f"{facet.key}|{value}"] = facet.engine(value, others, today)
    for number, (leave_out, buckets) in enumerate(groups.items()):
        narrowed = [kinds_filter(backend, included), *narrowing(chosen, by_key, today, leave_out)]
        aggs[f"g{number}"] = {
            "filter": {"bool": {"filter": narrowed}},
            "aggs": {"options": {"filters": {"filters": buckets}}},
        }
    return aggs


def _counts(aggregations: dict) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for name, result in aggregations.items():
        if name == "matched":
            continue
        for bucket, found in result["options"]["buckets"].items():
            key, value = bucket.split("|", 1)
            counts.setdefault(key, {})[value] = found["doc_count"]
    return counts


# --- The request ----------------------------------------------------------------------------


@dataclass
class EngineQuestion:
    query: str
    also: Sequence[str]
    types: list[ResultType]  # every type (for the "type" facet)
    included: list[ResultType]  # the types chosen (all when none is)
    chosen: dict[str, list[str]]
    facet_list: list[Facet]
    options: dict[str, dict[str, str]]
    scope: EngineScope
    now: datetime.datetime
    today: datetime.date
    origin: Point | None = None
    within: float | None = None
    sort: str = "relevance"
    typos: bool = False
    language: str = ""  # the reader's: theirs first, then English (search/languages.py)


def ask_engine(backend, question: EngineQuestion, start: int, size: int, counts=True):
    """One page (``start``, ``size``) and, with ``counts``, every facet's counts."""
    types = question.types
    by_key = {facet.key: facet for facet in question.facet_list}
    base = viewer_filter(question.scope, question.now)
    base.append(kinds_filter(backend, types))
    if question.origin is not None and question.within:
        base.append(within_filter(question.origin, question.within))
    must = tiered(backend, question.query, question.also, types, question.typos)
    if question.language:
        base.append(engine_filter(question.language))
        must = engine_ranking(must, question.query, question.language, TIER_BONUS[0])
    page_filter = [
        kinds_filter(backend, question.included),
        *narrowing(question.chosen, by_key, question.today),
    ]
    body = {
        "query": {
            "bool": {
                "must": must,
                "filter": base,
            }
        },
        "post_filter": {"bool": {"filter": page_filter}},
        "from": start,
        "size": size,
        "sort": sort_spec(question.sort, question.origin),
        "track_scores": True,
        "track_total_hits": True,
        "_source": False,
        "stored_fields": ["pk"],
        "docvalue_fields": ["_django_content_type"],
    }
    if counts:
        body["aggs"] = facet_aggs(
            backend,
            types,
            question.included,
            question.chosen,
            question.facet_list,
            question.options,
            question.today,
        )
        body["aggs"]["matched"] = {"filter": {"match_all": {}}}
    spec = highlight_spec(backend, types) if question.query else None
    if spec:
        body["highlight"] = {**spec.request, "highlight_query": words_to_mark(must)}
    indexes = ",".join(sorted(_by_index(backend, types)))
    response = _search(backend, indexes, body, filter_path=READ)
    by_content_type = {_content_type(backend, t.model): t for t in types}
    answer = EngineAnswer(total=response["hits"]["total"]["value"])
    for hit in response["hits"].get("hits", ()):
        result_type = _type_of_hit(hit, by_content_type)
        if result_type is None:
            continue
        pk = int(hit["fields"]["pk"][0])
        answer.hits.append((result_type, pk))
        if spec:
            answer.fragments[(result_type.key, pk)] = spec.fragments(hit)
    if counts:
        aggregations = response["aggregations"]
        answer.matched = aggregations["matched"]["doc_count"]
        answer.counts = _counts(aggregations)
    return answer
