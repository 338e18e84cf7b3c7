"""What the search box can find, how each kind of result is shown, and the facets.

Nothing here names a model. Each app registers its own kinds of result from a module
called ``search_results.py`` (found at start-up, like ``admin.py``)::

    from search.registry import ResultDetails, ResultType, register_result_type

    register_result_type(
        ResultType(
            key="activity",
            model=ActivityPage,
            label="Activity",
            plural="Activities",
            visible=lambda viewer: visible_activities(),  # what ``viewer`` may see, here
            describe=lambda activity: ResultDetails(when=..., where=...),
            facet_filters={"cost": lambda value, chosen: Q(is_free=(value == "free"))},
            locate=place_locations("place"),
        )
    )

The search page, the JSON endpoint and autocomplete then search every registered
type. Community content (groups, events, discussions) joins the same way, from
``sites/community/search_results.py``.

``visible`` is given the viewer (a user, AnonymousUser or None): what one person may
see can depend on who they are (a members-only group's events, a blocked member's
posts). Every search result, suggestion and facet count goes through it, in
PostgreSQL, whatever the engine holds.
"""

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from .document import EngineValues
from .postcodes.services import Point, district_centre, parse_postcode


@dataclass(frozen=True)
class PlaceLocation:
    """Where a result is, for distances. ``point`` is None when the exact position must
    not be used (a hidden address): then only the district's centre is."""

    point: Point | None
    district: str


@dataclass(frozen=True)
class ResultDetails:
    """What a result shows besides its title and snippet, in plain words."""

    when: str = ""  # "Next on Tuesday 13 January, 10am"
    where: str = ""  # the public address only, e.g. "SW9 area"
    facts: tuple[str, ...] = ()  # short labels, e.g. ("Free", "Online")


@dataclass(frozen=True)
class Facet:
    """A filter with counts, such as "Day of the week".

    ``options`` is called on each request (inside the borough), so it may query the
    borough's own vocabulary. With ``match="any"`` results need one of the chosen
    options (Tuesday or Thursday); with ``"all"``, every one (step-free and hearing loop).
    """

    key: str
    label: str
    options: Callable[[], Sequence[tuple[str, str]]]
    match: Literal["any", "all"] = "any"
    order: int = 100
    # (value, other facets' chosen values, today) -> the same condition as an engine
    # query on the indexed values (search/document.py); None: counted in PostgreSQL only.
    engine: Callable[[str, Mapping[str, Sequence[str]], datetime.date], dict] | None = None
    # Options the borough's team named once, in English (interests): the page marks
    # them as English for readers of other languages (WCAG 3.1.2).
    options_in_original_language: bool = False


@dataclass(frozen=True, eq=False)
class ResultType:
    key: str  # used in URLs: ?type=activity
    model: type[models.Model]
    label: str  # "Activity"
    plural: str  # "Activities"
    # Every object of this type ``viewer`` (a user, AnonymousUser or None) may see, in
    # the current borough.
    visible: Callable[[object], QuerySet]
    # Plain words about one object (it comes from ``prepare``'s queryset).
    describe: Callable[[models.Model], ResultDetails] = lambda obj: ResultDetails()
    # select_related/prefetch_related for ``describe`` (one page of results at a time).
    prepare: Callable[[QuerySet], QuerySet] = lambda queryset: queryset
    # The plain-text field shown as the snippet, with the matched words highlighted.
    snippet_field: str = "summary"
    # The result's title, and what results are sorted by when there are no words to rank
    # them ("A to Z"). May follow relations: "thread__title".
    title_field: str = "title"
    # facet key -> condition on this model for one option value. The function also gets
    # the other facets' chosen values, for conditions that must hold together (a day and
    # a time of the same session). Conditions may follow relations (``interests__slug``):
    # counts use them inside COUNT(DISTINCT pk) FILTER (...), one query for every option,
    # and filters inside ``pk IN (SELECT pk ... WHERE condition)``. A type with no entry
    # for a facet is left out of the results whenever that facet is used.
    facet_filters: Mapping[str, Callable[[str, Mapping[str, Sequence[str]]], Q]] = field(
        default_factory=dict
    )
    # queryset -> {pk: [PlaceLocation, ...]} for distances; None if it has no place.
    locate: Callable[[QuerySet], dict[int, list[PlaceLocation]]] | None = None
    # (object, request) -> the result's root-relative link; by default the object's
    # get_url() (pages) or get_absolute_url().
    url: Callable[[models.Model, object], str | None] | None = None
    # Offered as you type (needs an AutocompleteField on the model).
    autocomplete: bool = True
    order: int = 100
    # object -> what the engine needs to filter, count and sort it (search/document.py).
    engine_values: Callable[[models.Model], "EngineValues"] | None = None
    # queryset -> the same with what ``engine_values`` reads, for indexing in bulk
    # (related rows; what a chunk answers in one query is ``engine_prepare_chunk``'s).
    engine_prepare: Callable[[QuerySet], QuerySet] | None = None
    # ([object], whole_pass) -> None: sets on a chunk of objects read for indexing what
    # ``engine_values`` reads and one query by key answers for the whole chunk (a
    # subquery annotated per row can be planned over every row of the table, per chunk).
    # ``whole_pass`` is None, or a dict kept for all the chunks of a rebuild's pass over
    # the model: what is read once for all of them can be kept there. (The page shown
    # re-checks visibility in PostgreSQL whatever the index says: page_reading.py.)
    engine_prepare_chunk: Callable[[list, dict | None], None] | None = None
    # ``visible(viewer)`` is the same for every viewer, and its SQL names no data of a
    # borough: a page's re-check is compiled once per process (search/page_reading.py;
    # tests/search/test_search_page_cost.py checks both for every type that says so).
    same_for_everyone: bool = False

    def title_of(self, obj: models.Model) -> str:
        value = obj
        for name in self.title_field.split("__"):
            value = getattr(value, name, None)
            if value is None:
                return str(obj)
        return str(value)


@dataclass(frozen=True)
class EngineScope:
    """What a viewer may see, in the engine's terms (search/document.py): content for
    these audiences (None: every audience), by nobody in ``hidden_authors``."""

    audiences: tuple[str, ...] | None = ("public",)
    hidden_authors: tuple[int, ...] = ()


_result_types: dict[str, ResultType] = {}
_facets: dict[str, Facet] = {}
_engine_scope: list[Callable[[object], EngineScope]] = []
_postcode_example: list[Callable[[object], str]] = []
_vocabulary_cache: list[Callable[[str, Callable[[], object]], object]] = []


def register_engine_scope(scope: Callable[[object], EngineScope]) -> None:
    """The app whose content has audiences (the community) says who sees which."""
    _engine_scope[:] = [scope]


def engine_scope(viewer) -> EngineScope:
    return _engine_scope[0](viewer) if _engine_scope else EngineScope()


def register_postcode_example(example: Callable[[object], str]) -> None:
    """The app that lists the borough's places gives the postcode district the search
    page's errors take as their example, the one its hint gives: ``example(http_request)``
    (the request may be None), "" while there is none."""
    _postcode_example[:] = [example]


def postcode_example(http_request=None) -> str:
    return _postcode_example[0](http_request) if _postcode_example else ""


def register_vocabulary_cache(keep: Callable[[str, Callable[[], object]], object]) -> None:
    """The site layer keeps what every search reads from the borough's own lists (its
    everyday words) in its per-process cache, refreshed in every process when one
    changes: ``keep(name, read)`` gives ``read()``'s value for the current borough."""
    _vocabulary_cache[:] = [keep]


def borough_vocabulary(name: str, read: Callable[[], object]) -> object:
    """``read()`` for the current borough, from the site layer's cache when there is one."""
    return _vocabulary_cache[0](name, read) if _vocabulary_cache else read()


def register_result_type(result_type: ResultType) -> ResultType:
    existing = _result_types.get(result_type.key)
    if existing is not None and existing.model is not result_type.model:
        raise ValueError(f"The search result type {result_type.key!r} is already registered.")
    _result_types[result_type.key] = result_type
    return result_type


def register_facet(facet: Facet) -> Facet:
    if facet.key == "type":
        raise ValueError("The 'type' facet is built in.")
    _facets[facet.key] = facet
    return facet


def result_types() -> list[ResultType]:
    return sorted(_result_types.values(), key=lambda t: (t.order, t.key))


def result_type(key: str) -> ResultType | None:
    return _result_types.get(key)


def result_type_for_model(model: type[models.Model]) -> ResultType | None:
    """The registered type of ``model``, or of its nearest registered ancestor."""
    for candidate in model.__mro__:
        for registered in _result_types.values():
            if registered.model is candidate:
                return registered
    return None


def prepare_chunk_for_engine(
    model: type[models.Model], items: list, whole_pass: dict | None = None
) -> None:
    """The type's ``engine_prepare_chunk`` for a chunk of ``model`` read for indexing;
    ``whole_pass``: the same dict for every chunk of a rebuild's pass over ``model``."""
    registered = result_type_for_model(model)
    if registered is not None and registered.engine_prepare_chunk is not None and items:
        registered.engine_prepare_chunk(items, whole_pass)


def facets() -> list[Facet]:
    """Every facet, the built-in "type" facet first."""
    type_facet = Facet(
        key="type",
        label=gettext("Type"),
        options=lambda: [(t.key, t.plural) for t in result_types()],
        order=0,
    )
    return [type_facet, *sorted(_facets.values(), key=lambda f: (f.order, f.key))]


def place_points(places) -> tuple[list[Point], list[Point]]:
    """(exact points, district centres) of ``places`` (objects with ``public_coordinates``
    and ``postcode``): a place whose coordinates are not public (someone's home) gives
    only its district's centre, so the engine never holds where a home is."""
    exact, area = [], []
    for place in places:
        if place is None:
            continue
        coordinates = place.public_coordinates
        if coordinates is not None:
            exact.append(Point(*coordinates))
            continue
        try:
            district = parse_postcode(place.postcode or "")[1]
        except ValueError:
            continue
        centre = district_centre(district)
        if centre is not None:
            area.append(centre)
    return exact, area


def place_locations(path: str) -> "PlaceLocator":
    """A ``locate`` for types whose place is at ``path`` ("" for the object itself).

    The place must have ``latitude``, ``longitude``, ``postcode`` and
    ``hide_street_address``; a hidden address only ever gives its district.
    """
    return PlaceLocator(path)


class PlaceLocator:
    """queryset -> {pk: [PlaceLocation]}, and the same from objects read already."""

    COLUMNS = ("latitude", "longitude", "postcode", "hide_street_address")

    def __init__(self, path: str):
        self.path = path

    def __call__(self, queryset: QuerySet) -> dict[int, list[PlaceLocation]]:
        prefix = f"{self.path}__" if self.path else ""
        rows = queryset.values_list("pk", *(prefix + column for column in self.COLUMNS))
        found: dict[int, list[PlaceLocation]] = {}
        for pk, latitude, longitude, postcode, hidden in rows:
            if postcode is None and latitude is None:
                continue  # no place at all
            location = self._location(latitude, longitude, postcode, hidden)
            found.setdefault(pk, []).append(location)
        return found

    def in_memory(self, objects) -> dict[int, list[PlaceLocation]] | None:
        """The same as for a queryset of ``objects``, from their places as already
        read (a page of results reads each result's place with it), or None when a
        place was not read with its object."""
        found: dict[int, list[PlaceLocation]] = {}
        for obj in objects:
            place = self._read_place(obj)
            if place is False:
                return None
            if place is not None:
                found[obj.pk] = [self._location(*(getattr(place, c) for c in self.COLUMNS))]
        return found

    def _read_place(self, obj):
        """``obj``'s place (None: it has none) if it is in memory, else False."""
        if not self.path:
            place = obj
        else:
            field = obj._meta.get_field(self.path)
            if not (field.many_to_one and field.is_cached(obj)):
                return False
            place = field.get_cached_value(obj)
        if place is not None and set(self.COLUMNS) & place.get_deferred_fields():
            return False
        return place

    @staticmethod
    def _location(latitude, longitude, postcode, hidden) -> PlaceLocation:
        try:
            district = parse_postcode(postcode or "")[1]
        except ValueError:
            district = ""
        point = None
        if not hidden and latitude is not None and longitude is not None:
            point = Point(float(latitude), float(longitude))
        return PlaceLocation(point=point, district=district)
