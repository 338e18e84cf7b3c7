"""Answering in PostgreSQL: with no engine, or while it is down (the fallback).

The same answers as the engine (search/answers.py), worked out in Python and SQL over
at most MAX_CANDIDATES matches: visibility from each type's ``visible(viewer)``,
distances from the places' rows (a hidden address from its district's centre), facet
counts with ``COUNT(DISTINCT pk) FILTER (...)``, then sorted in Python. Slower, and
only as complete as the candidates, but never down.
"""

import math
from collections import Counter, defaultdict
from functools import reduce
from operator import and_, or_

from django.db.models import Count, QuerySet
from django.db.models.functions import Lower

from .languages import in_reader_language, reader_first
from .outcome import Distance, FacetCounts, FacetOptionCount
from .postcodes.services import distance_miles, district_centre
from .registry import Facet, ResultType

# The database ranks at most this many matches per type (the engine has no such cap).
MAX_CANDIDATES = 1000


def narrow(result_type: ResultType, queryset: QuerySet, chosen, by_key, leave_out=None):
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


def distances(result_type: ResultType, queryset: QuerySet, origin, centres, objects=()) -> dict:
    """{pk: Distance}: the nearest of each object's places (``centres`` caches districts).
    With ``objects`` (the queryset's, read already), from the places read with them when
    the type's ``locate`` can tell them (``in_memory``)."""
    if result_type.locate is None:
        return {}
    in_memory = getattr(result_type.locate, "in_memory", None)
    located = in_memory(objects) if objects and in_memory else None
    if located is None:
        located = result_type.locate(queryset)
    found = {}
    for pk, places in located.items():
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


def facet_counts(types, included, base, matched, chosen, facet_list, options) -> dict:
    """{facet key: Counter of option counts}; ``matched`` holds each type's matches."""
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
        narrowed = narrow(result_type, base[type_key], chosen, by_key, leave_out)
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
    return counts


def facet_list_with_counts(facet_list, options, chosen, counts) -> list[FacetCounts]:
    """Options with something to find (or chosen), for either backend's counts."""
    return [
        FacetCounts(
            key=facet.key,
            label=facet.label,
            options=[
                FacetOptionCount(
                    value,
                    label,
                    counts.get(facet.key, {}).get(value, 0),
                    value in chosen.get(facet.key, []),
                )
                for value, label in options[facet.key].items()
                if counts.get(facet.key, {}).get(value, 0) or value in chosen.get(facet.key, [])
            ],
            options_in_original_language=facet.options_in_original_language,
        )
        for facet in facet_list
    ]


def answer_in_database(search, ranked) -> list[tuple[ResultType, int]]:
    """Fill ``search.outcome`` (total, facets) and return the sorted (type, pk) matches.

    ``ranked``: the matches best first, or None when there are no words.
    """
    outcome, chosen = search.outcome, search.chosen
    rank = {(t.key, pk): position for position, (t, pk) in enumerate(ranked or [])}
    base = {}
    for result_type in search.types:
        queryset = in_reader_language(result_type.visible(search.viewer), search.language)
        if ranked is not None:
            queryset = queryset.filter(pk__in=[pk for t, pk in ranked if t is result_type])
        base[result_type.key] = queryset

    if outcome.location is not None:
        centres: dict[str, object] = {}
        for result_type in search.types:
            found = distances(result_type, base[result_type.key], outcome.location.point, centres)
            search.distances.update({(result_type.key, pk): d for pk, d in found.items()})
            if search.request.within:
                near = [pk for pk, d in found.items() if d.miles <= search.request.within]
                base[result_type.key] = base[result_type.key].filter(pk__in=near)

    # Each type's matches, with every chosen facet but "type" applied: (pk, title).
    matched = {
        t.key: list(
            narrow(t, base[t.key], chosen, search.by_key)
            .annotate(_sort_title=Lower(t.title_field))
            .values_list("pk", "_sort_title")
        )
        for t in search.types
    }
    counts = facet_counts(
        search.types, search.included, base, matched, chosen, search.facet_list, search.options
    )
    outcome.facets = facet_list_with_counts(search.facet_list, search.options, chosen, counts)

    entries = []  # (sort key, type, pk)
    for result_type in search.included:
        own_language = reader_first(base[result_type.key], search.language)
        for pk, title in matched[result_type.key]:
            position = rank.get((result_type.key, pk), math.inf)
            if pk not in own_language:
                position += len(rank)  # the reader's language first (search/languages.py)
            if outcome.sort == "title":
                key = (title or "", pk)
            elif outcome.sort == "distance":
                distance = search.distances.get((result_type.key, pk))
                key = (distance.miles if distance else math.inf, position, title or "")
            else:
                key = (position, title or "")
            entries.append((key, result_type, pk))
    entries.sort(key=lambda entry: (entry[0], entry[1].order, entry[2]))
    outcome.total = len(entries)
    return [(t, pk) for _, t, pk in entries]
