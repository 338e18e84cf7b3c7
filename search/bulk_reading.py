"""Reading a rebuild's chunks: every object's relations for the fewest Python objects.

- **Foreign keys are prefetched, not joined**: 10,000 activities share 40 places, and a
  join builds one place object per activity (a page: Wagtail and modelcluster make page
  objects slowly); a prefetch builds each place once per chunk and gives every activity
  the same one.
- **modelcluster relations in one query per chunk, cheaply**: Django's
  ``prefetch_related`` makes a related manager and a filtered queryset for every object,
  half the time of reading a chunk of activities (their schedules and interests are
  modelcluster relations). Here the same query runs (the relation's own
  ``get_prefetch_querysets``) and each object gets its rows as modelcluster's in-memory
  children: ``activity.schedules.all()`` is a FakeQuerySet of the same rows in the same
  order (``filter``/``order_by`` on it answer in memory).

- **Objects made straight from their rows** (``read_chunk``) when their constructors do
  nothing for a row from the database but set its fields: Django's ``from_db`` goes
  through modelcluster's constructor (which lists every child relation of the model,
  for each object) and Wagtail's page constructors; setting the same fields through
  the same descriptors takes half the time (37 against 65 us per activity).

The objects are only read (indexed), never saved; tests/search/test_documents.py checks
the documents are the same as modelsearch's own.
"""

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, prefetch_related_objects, signals
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable

from modelsearch.index import RelatedFields
from wagtail.models.pages import AbstractPage, ShowInMenusMixin

# Constructors that do nothing for a row read from the database but set its fields:
# Django's; modelcluster's only takes child objects passed by name; Wagtail's page
# constructors only fill in a new page's defaults (one with no id yet).
_ROW_SAFE_INITS = frozenset({object, Model, ClusterableModel, AbstractPage, ShowInMenusMixin})


def _is_cluster_relation(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if isinstance(field, ParentalManyToManyField):
        return True
    # A child relation: the reverse side of a ParentalKey, named by its accessor.
    return (
        field.one_to_many
        and isinstance(field.remote_field, ParentalKey)
        and field.get_accessor_name() == name
    )


def _joined_paths(select_related: dict, prefix: str = "") -> list[str]:
    """``select_related``'s tree as lookups ({"place": {}} -> ["place"])."""
    paths = []
    for name, below in select_related.items():
        paths.extend(_joined_paths(below, f"{prefix}{name}__") if below else [prefix + name])
    return paths


def for_bulk_reading(queryset):
    """(the queryset to read chunks with, the modelcluster relations to fill with
    ``fill_cluster_relations``): what it joins prefetched instead, and its plain
    modelcluster prefetches left out (nested ones, ``Prefetch`` objects and ordinary
    relations stay Django's)."""
    joined = queryset.query.select_related
    if isinstance(joined, dict) and joined:
        queryset = queryset.select_related(None).prefetch_related(*_joined_paths(joined))
    lookups = queryset._prefetch_related_lookups
    names = [
        lookup
        for lookup in lookups
        if isinstance(lookup, str)
        and "__" not in lookup
        and _is_cluster_relation(queryset.model, lookup)
    ]
    if not names:
        return queryset, []
    others = [lookup for lookup in lookups if lookup not in names]
    return queryset.prefetch_related(None).prefetch_related(*others), names


def fill_cluster_relations(instances: list, names: list[str]) -> None:
    """What ``prefetch_related(*names)`` gives ``instances``, one query per name."""
    if not instances:
        return
    for name in names:
        manager = getattr(instances[0], name)
        rows, row_key, instance_key, *_ = manager.get_prefetch_querysets(instances)
        groups: dict = {}
        for row in rows:
            groups.setdefault(row_key(row), []).append(row)
        for instance in instances:
            children = instance.__dict__.setdefault("_cluster_related_objects", {})
            children[name] = groups.get(instance_key(instance), [])


def _made_from_rows(queryset) -> bool:
    """Whether ``read_chunk`` may make ``queryset``'s objects itself: what Django would
    do is set each field and nothing else (no other constructor, no ``from_db`` of its
    own, no init signal), and the query has no joins, deferred fields or extras."""
    model, query = queryset.model, queryset.query
    return (
        all(cls in _ROW_SAFE_INITS for cls in model.__mro__ if "__init__" in cls.__dict__)
        and model.from_db.__func__ is Model.from_db.__func__
        and not signals.pre_init.has_listeners(model)
        and not signals.post_init.has_listeners(model)
        and query.select_related is False
        and query.deferred_loading == (frozenset(), True)
        and not query.extra_select
        and queryset._iterable_class is ModelIterable
    )


def read_chunk(queryset, size: int) -> list:
    """``list(queryset[:size])`` with its prefetches, each object made as ``from_db``
    makes it: its fields set in order through their descriptors, then its annotations."""
    if not _made_from_rows(queryset):
        return list(queryset[:size])
    model, db = queryset.model, queryset.db
    names = [field.attname for field in model._meta.concrete_fields]
    annotations = list(queryset.query.annotation_select)
    rows = queryset.prefetch_related(None).values_list(*names, *annotations)[:size]
    items = []
    for row in rows:
        obj = model.__new__(model)
        obj._state = ModelState()
        for name, value in zip(names, row, strict=False):  # the fields, then annotations
            setattr(obj, name, value)
        obj._state.adding = False
        obj._state.db = db
        for name, value in zip(annotations, row[len(names) :], strict=True):
            setattr(obj, name, value)
        items.append(obj)
    if queryset._prefetch_related_lookups:
        prefetch_related_objects(items, *queryset._prefetch_related_lookups)
    return items


def indexable_objects(model):
    """``model.get_indexed_objects()``, with its own foreign keys followed and its
    many-valued related fields prefetched (a rebuild reads both as ``for_bulk_reading``
    says).

    modelsearch prefetches RelatedFields, except those of modelcluster's
    ParentalManyToManyField (an activity's interests): without this, indexing runs one
    query per object for them.
    """
    queryset = model.get_indexed_objects()
    # The model's own foreign keys (an activity's place, whose features its entry holds):
    # one query per chunk instead of one per object.
    own = [
        field.name
        for field in model._meta.get_fields()
        if field.many_to_one and field.concrete and field.model is model
    ]
    if own:
        queryset = queryset.select_related(*own)
    for search_field in model.get_search_fields():
        if not isinstance(search_field, RelatedFields):
            continue
        try:
            field = model._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:
            continue
        if field.many_to_many or field.one_to_many:
            queryset = queryset.prefetch_related(search_field.field_name)
    return queryset
