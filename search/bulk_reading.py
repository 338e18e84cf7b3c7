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

import functools
import inspect

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, TextField, prefetch_related_objects, signals
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.functions import Cast
from django.db.models.query import ModelIterable

from modelsearch.index import RelatedFields
from wagtail.fields import StreamField
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


def fill_cluster_relations(instances: list, names: list[str], *, key_range: bool = False) -> None:
    """What ``prefetch_related(*names)`` gives ``instances``: each object's rows as
    modelcluster's in-memory children, in the relation's order. A child relation takes
    one query, a many-to-many two (its links, then each related object once: the same
    object is shared by every instance linked to it; they are only read).

    The rows are read by the instances' keys as numbers (Django turned a list of 500
    objects into a lookup at a large cost), or with ``key_range`` (a rebuild's chunk:
    every object of its queryset between its first and last key) by their range.
    """
    if not instances:
        return
    model = type(instances[0])
    keys = [instance.pk for instance in instances]
    for name in names:
        field = model._meta.get_field(name)
        if isinstance(field, ParentalManyToManyField):
            groups = _linked_objects(field, keys, key_range)
        else:
            groups = _child_objects(field, instances, keys, key_range)
        for instance in instances:
            children = instance.__dict__.setdefault("_cluster_related_objects", {})
            children[name] = groups.get(instance.pk, [])


def take_foreign_keys(queryset) -> tuple:
    """(``queryset`` without its prefetches of its own foreign keys to a primary key,
    their names): a rebuild gives those with ``fill_foreign_keys``, each related object
    read once for all its chunks (10,000 activities share 40 places: Django's prefetch
    made the 40 again for every chunk)."""
    model, names = queryset.model, []
    lookups = queryset._prefetch_related_lookups
    # Left to Django: a key something else is prefetched through, or with a queryset.
    paths = [lookup if isinstance(lookup, str) else lookup.prefetch_through for lookup in lookups]
    deeper = {
        path.split("__")[0]
        for path, lookup in zip(paths, lookups, strict=True)
        if "__" in path or not isinstance(lookup, str)
    }
    for lookup in lookups:
        if not isinstance(lookup, str) or "__" in lookup or lookup in deeper:
            continue
        try:
            field = model._meta.get_field(lookup)
        except FieldDoesNotExist:
            continue
        if field.many_to_one and field.concrete and field.target_field.primary_key:
            names.append(lookup)
    if not names:
        return queryset, []
    others = [lookup for lookup in lookups if lookup not in names]
    return queryset.prefetch_related(None).prefetch_related(*others), names


def fill_foreign_keys(instances: list, names: list[str], known: dict) -> None:
    """Each instance's related object for each of ``names`` (its cache, as a prefetch
    leaves it), read once: ``known`` keeps them from one chunk to the next."""
    if not instances:
        return
    model = type(instances[0])
    for name in names:
        field = model._meta.get_field(name)
        objects = known.setdefault(name, {})
        keys = {getattr(instance, field.attname) for instance in instances}
        missing = keys - objects.keys() - {None}
        if missing:
            related = field.related_model._base_manager.filter(pk__in=missing)
            objects.update((obj.pk, obj) for obj in read_chunk(related))
        for instance in instances:
            field.set_cached_value(instance, objects.get(getattr(instance, field.attname)))


def _by_keys(queryset, attname: str, keys: list, key_range: bool):
    if key_range:
        return queryset.filter(**{f"{attname}__gte": min(keys), f"{attname}__lte": max(keys)})
    return queryset.filter(**{f"{attname}__in": keys})


def _child_objects(field, instances: list, keys: list, key_range: bool) -> dict:
    """{parent key: its children}, each child's parent set as modelcluster sets it."""
    parental_key = field.remote_field
    if not parental_key.target_field.primary_key:  # a key to another field: modelcluster's
        manager = getattr(instances[0], field.get_accessor_name())
        rows, row_key, instance_key, *_ = manager.get_prefetch_querysets(instances)
        by_instance = {instance_key(instance): instance.pk for instance in instances}
        groups: dict = {}
        for row in rows:
            groups.setdefault(by_instance[row_key(row)], []).append(row)
        return groups
    rows = _by_keys(
        field.related_model._default_manager.all(), parental_key.attname, keys, key_range
    )
    parents = {instance.pk: instance for instance in instances}
    groups: dict = {}
    for child in read_chunk(rows):
        parent = parents.get(getattr(child, parental_key.attname))
        if parent is not None:  # a key range also reads other objects' children
            parental_key.set_cached_value(child, parent)
            groups.setdefault(parent.pk, []).append(child)
    return groups


def _linked_objects(field, keys: list, key_range: bool) -> dict:
    """{instance key: its related objects, in the related model's order}."""
    through = field.remote_field.through._meta
    source = through.get_field(field.m2m_field_name()).attname
    target = through.get_field(field.m2m_reverse_field_name()).attname
    links = list(
        _by_keys(through.model._default_manager.all(), source, keys, key_range)
        .order_by()
        .values_list(source, target)
    )
    related = read_chunk(field.related_model._default_manager.filter(pk__in={t for _, t in links}))
    position = {obj.pk: n for n, obj in enumerate(related)}
    linked: dict = {}
    for key, target_key in links:
        if target_key in position:  # not hidden by the related model's manager
            linked.setdefault(key, []).append(position[target_key])
    return {key: [related[n] for n in sorted(found)] for key, found in linked.items()}


def made_from_rows(queryset) -> bool:
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


def _stored_as_given(model, attname: str) -> bool:
    """Whether setting ``attname`` on a new object only stores the value in its
    ``__dict__``: no descriptor that converts it (a stream field's does), or a foreign
    key's, which only forgets a cached related object (a new object has none)."""
    descriptor = inspect.getattr_static(model, attname, None)
    setter = getattr(type(descriptor), "__set__", None)
    return setter is None or setter is ForeignKeyDeferredAttribute.__set__


@functools.cache
def _row_layout(model) -> tuple[list[str], list[str], list]:
    """(fields stored as given, fields set through their descriptors, what to select for
    the latter), in field order. A stream field is selected as its JSON text, which its
    descriptor turns into a value as Django's reading would: Wagtail's converter builds
    a new ``JSONField`` for every value it reads (a tenth of reading an activity)."""
    names = [field.attname for field in model._meta.concrete_fields]
    stored = [name for name in names if _stored_as_given(model, name)]
    described = [name for name in names if name not in stored]
    selected = [
        Cast(name, TextField()) if isinstance(model._meta.get_field(name), StreamField) else name
        for name in described
    ]
    return stored, described, selected


def read_chunk(queryset, size: int | None = None) -> list:
    """``list(queryset[:size])`` (or all of it) with its prefetches, each object made as
    ``from_db`` makes it: its fields set (into its ``__dict__`` where that is all
    setting them does, else through their descriptors), then its annotations."""
    if not made_from_rows(queryset):
        return list(queryset if size is None else queryset[:size])
    model, db = queryset.model, queryset.db
    stored, described, selected = _row_layout(model)
    annotations = list(queryset.query.annotation_select)
    rows = queryset.prefetch_related(None).values_list(*stored, *selected, *annotations)
    if size is not None:
        rows = rows[:size]
    items = []
    first_described, first_annotation = len(stored), len(stored) + len(described)
    for row in rows:
        obj = model.__new__(model)
        obj._state = state = ModelState()
        obj.__dict__.update(zip(stored, row, strict=False))
        for name, value in zip(described, row[first_described:first_annotation], strict=True):
            setattr(obj, name, value)
        state.adding = False
        state.db = db
        for name, value in zip(annotations, row[first_annotation:], strict=True):
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
