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

The objects are only read (indexed), never saved; tests/search/test_documents.py checks
the documents are the same as modelsearch's own.
"""

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from django.core.exceptions import FieldDoesNotExist

from modelsearch.index import RelatedFields


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
