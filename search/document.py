"""What every searchable object tells the engine besides its words: who may see it, its
facet values, where it is. So the engine can filter, count and sort by itself.

A model mixes in ``Answerable`` and lists ``ANSWER_FIELDS`` in its ``search_fields``.
The values come from its result type's ``engine_values`` (each app's
``search_results.py``), as one object field, the same name in every index, so one
request can filter, count and sort across every kind of result:

- ``shown``: searchable by someone at all (live, public, not stale; published;
  visible; approved). ``audience``: "public", or "group-<id>" for a members-only
  group's content. ``authors``: member ids whose content a blocked viewer must not
  see. ``ends_at``: when an event's last time finishes (none: never).
- facet values (``interests``, ``cost``, ``ways``, ``access``; an activity's times as
  ``weekly`` keywords when they repeat with no end, else ``until``: each time's
  keys with the last date it happens, see ``pack_until``), the
  lower-cased ``title`` for "A to Z", and ``points`` for distances: a hidden address
  gives only its postcode district's centre (``area_points``), never its own place.
"""

import copy
import datetime
import operator
from dataclasses import dataclass, field

from django.db import models

from modelsearch import index

from .languages import language_document, language_mapping, with_languages
from .postcodes.services import Point

# What documents hold, as the engine's answers read it. Raise it with any change that
# makes documents indexed before it answer wrongly (a field that a query starts to use,
# values written another way): each borough's generation carries the version it was
# written with, and ``rebuild_search_index --outdated``, run by every deploy, rebuilds
# the boroughs whose documents are older. 1: activity times as nested documents;
# 2: one-off and ending times as ``until`` numbers; 3: someone's home holds its area,
# never its name, in its own document and its events' (sites/directory/homes.py);
# 4: related fields (interests, an event's place) as plain objects under new names
# (search/backends/mapping.py), not nested documents.
DOCUMENT_VERSION = 4

# ``until`` packs a key number (which times: an app's own numbering) and the last date
# those times happen into one integer, so "still happens on one of these days" is one
# range on one numeric field per key: no nested documents to join at search time.
UNTIL_SPAN = 100_000  # days: far beyond any date a schedule holds
EPOCH = datetime.date(1970, 1, 1)


def pack_until(key: int, last: datetime.date) -> int:
    """Dates past the span (someone typed the year 9999) count as its last day, never
    as a day of the next key."""
    return key * UNTIL_SPAN + min(max((last - EPOCH).days, 0), UNTIL_SPAN - 1)


def until_range(key: int, today: datetime.date) -> dict:
    """The engine condition: a time with ``key`` happens on ``today`` or later."""
    field_name = answer_field("until")
    return {"range": {field_name: {"gte": pack_until(key, today), "lt": (key + 1) * UNTIL_SPAN}}}


@dataclass
class EngineValues:
    shown: bool = True
    audience: list[str] = field(default_factory=lambda: ["public"])
    authors: list[int] = field(default_factory=list)
    ends_at: datetime.datetime | None = None
    title: str = ""
    interests: list[str] = field(default_factory=list)
    cost: str = ""
    ways: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    weekly: list[str] = field(default_factory=list)  # "<day>|<time of day>" keys
    until: list[int] = field(default_factory=list)  # pack_until values
    exact_points: list[Point] = field(default_factory=list)
    area_points: list[Point] = field(default_factory=list)

    def as_document(self) -> dict:
        # By hand rather than dataclasses.asdict, which deep-copies every value: a
        # rebuild builds thousands of these.
        exact = [_geo(point) for point in self.exact_points]
        area = [_geo(point) for point in self.area_points]
        return {
            "shown": self.shown,
            "audience": list(self.audience),
            "authors": [str(author) for author in self.authors],
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
            "title": self.title,
            "interests": list(self.interests),
            "cost": self.cost,
            "ways": list(self.ways),
            "access": list(self.access),
            "weekly": list(self.weekly),
            "until": list(self.until),
            "exact_points": exact,
            "area_points": area,
            "points": exact + area,
        }


def _geo(point: Point) -> dict:
    return {"lat": point.latitude, "lon": point.longitude}


KEYWORD = {"type": "keyword"}
GEO = {"type": "geo_point"}
DATE = {"type": "date"}
MAPPING = {
    "type": "object",
    "properties": {
        "shown": {"type": "boolean"},
        "audience": KEYWORD,
        "authors": KEYWORD,
        "ends_at": DATE,
        "title": KEYWORD,
        "interests": KEYWORD,
        "cost": KEYWORD,
        "ways": KEYWORD,
        "access": KEYWORD,
        "weekly": KEYWORD,
        "until": {"type": "long"},
        "points": GEO,
        "exact_points": GEO,
        "area_points": GEO,
    },
}


class Answerable(models.Model):
    """Mixed into every searchable model; see the module's docstring."""

    class Meta:
        abstract = True

    @classmethod
    def get_indexed_objects(cls):
        """With what ``engine_values`` reads fetched in bulk (a rebuild indexes
        thousands): the type's ``engine_prepare``. What one query per chunk answers
        better (``engine_prepare_chunk``) is set by ``in_chunks``; read otherwise, each
        object asks for it on its own."""
        from .registry import result_type_for_model

        queryset = super().get_indexed_objects()
        result_type = result_type_for_model(cls)
        if result_type is not None and result_type.engine_prepare is not None:
            queryset = result_type.engine_prepare(queryset)
        return with_languages(queryset)

    def search_language(self) -> dict:
        """Its language, translations and words in its own language (search/languages.py)."""
        return language_document(self)

    def search_answers(self) -> dict:
        from .registry import result_type_for_model

        result_type = result_type_for_model(type(self))
        if result_type is None or result_type.engine_values is None:
            return EngineValues(shown=False).as_document()
        return result_type.engine_values(self).as_document()


def read_from(fields: list, sources: dict[str, str]) -> list:
    """A copy of each field of ``fields`` named in ``sources`` (search, autocomplete and
    filter fields alike) that reads its words from the object's attribute
    ``sources[name]`` instead of the model field: the same name in the document and the
    same mapping, other words (a home's area for a place's ``title``:
    sites/directory/homes.py). Listed after the fields they stand for, they replace them:
    modelsearch keeps the last field of each kind and name (``get_search_fields``), and
    Wagtail's check still finds Page's own. Both backends and the language fields read
    them (``value_reader`` in search/backends/mapping.py)."""
    copies = []
    for search_field in fields:
        source = sources.get(getattr(search_field, "field_name", None))
        if source is not None and not isinstance(search_field, index.RelatedFields):
            search_field = copy.copy(search_field)
            search_field.get_value = operator.attrgetter(source)
            copies.append(search_field)
    return copies


# modelsearch names a field defined on a mixin "<app>_<class>__<name>_filter" in every
# index, whatever the model: one name for all kinds of result.
ANSWER_FIELDS = [
    index.FilterField("search_answers", es_extra=MAPPING),
    index.FilterField("search_language", es_extra=language_mapping()),
]
ANSWERS = f"{Answerable._meta.app_label.lower()}_answerable__search_answers_filter"


def answer_field(name: str) -> str:
    """The engine's name for one of the values above, e.g. ``answer_field("shown")``."""
    return f"{ANSWERS}.{name}"
