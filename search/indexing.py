"""Keeping the index in step with models whose objects come and go from it.

modelsearch's own signal handlers add an object to the index whenever it is saved, but
never take it out when it stops being searchable while still existing: a post a
moderator hid, an event taken down, a group closed. Its words would stay in the engine
and in PostgreSQL's index. A model that sets ``search_auto_update = False`` (so
modelsearch leaves it alone) and is passed to ``follow_changes`` is kept in step here:

- saved: ``sync_object_task`` adds it if it is in ``get_indexed_objects()``, and
  removes it if not;
- deleted: removed at once, as modelsearch does;
- one of its indexed many-to-many fields changed (interests): synced again, since
  those are written after the save;
- changed by a queryset ``update()``, which sends no signal: the service that made
  the change calls ``sync_objects`` (see services/privacy.py's erasure).

Some objects' entries depend on *other* objects: an event is searchable only while its
group is approved, a post only while its discussion is visible, and an event's entry
holds its interests' names and its place's title. ``resync_on_change`` says so: when a
saved object's named fields change (a group closed, an interest renamed), every object
that depends on it is synced as above, one ``sync_object_task`` each.

The task goes through the same task backend as modelsearch's, so it carries the
borough's schema (tenants/task_backends.py wraps it in ``run_in_schema``). An engine
that is down never fails the save: modelsearch catches the engine's errors, and
search/backends/borough.py notes the failure for ``catch_up_search_index``.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django_tasks import task

from django.apps import apps
from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from modelsearch import index
from modelsearch.index import RelatedFields

_followed: set[type] = set()
_paused = 0  # > 0 inside ``changes_not_followed()``
# model -> [(fields watched, dependents)], see ``resync_on_change``
Dependents = Callable[[Model], Iterable[tuple[type, QuerySet]]]
_resynced: dict[type, list[tuple[tuple[str, ...], Dependents]]] = {}


def sync_object(model, pk) -> bool:
    """Add one object to every backend, or remove it; True if it is searchable now."""
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        return False  # deleted: post_delete has removed it
    if model.get_indexed_objects().filter(pk=pk).exists():
        index.insert_or_update_object(obj)
        return True
    index.remove_object(obj)
    return False


@task()
def sync_object_task(app_label: str, model_name: str, pk: str):
    sync_object(apps.get_model(app_label, model_name), pk)


def sync_objects(model, pks: Iterable) -> None:
    """Bring these objects' index entries up to date (after a queryset ``update()``)."""
    for pk in pks:
        sync_object_task.enqueue(model._meta.app_label, model._meta.model_name, str(pk))


@contextmanager
def changes_not_followed():
    """Saves inside this block queue no index updates for followed models.

    For bulk loads in management commands (seed_demo), which rebuild the borough's index
    once afterwards. Process-wide, like pausing modelsearch's own signal handlers, so
    never use it while serving requests.
    """
    global _paused
    _paused += 1
    try:
        yield
    finally:
        _paused -= 1


def _saved(sender, instance, raw=False, **kwargs):
    if not raw and not _paused:
        sync_objects(sender, [instance.pk])


def _deleted(sender, instance, **kwargs):
    index.remove_object(instance)


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or _paused:
        return
    if not reverse:
        sync_objects(type(instance), [instance.pk])
    elif pk_set:  # interest.events.add(...): the other side is the followed model
        sync_objects(model, pk_set)


def follow_changes(model) -> None:
    """Keep ``model``'s index entries in step with its objects (see above)."""
    if getattr(model, "search_auto_update", True):
        raise ValueError(
            f"{model._meta.label} must set search_auto_update = False, or modelsearch "
            "would index it as well (and never remove what stops being searchable)."
        )
    if model in _followed:
        return
    _followed.add(model)
    uid = f"search-follow-{model._meta.label}"
    post_save.connect(_saved, sender=model, dispatch_uid=uid)
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
    for field in model.get_search_fields():
        if not isinstance(field, RelatedFields):
            continue
        related = model._meta.get_field(field.field_name)
        if related.many_to_many and not related.auto_created:
            m2m_changed.connect(_m2m_changed, sender=related.remote_field.through, dispatch_uid=uid)


def resync_on_change(model, fields: Iterable[str], dependents: Dependents) -> None:
    """When a saved ``model`` object's ``fields`` change, sync the objects that depend on it.

    ``dependents(obj)`` gives ``(model, queryset)`` pairs: the objects whose index entries
    (or whether they are indexed at all) follow ``obj``'s ``fields``. Only a real change
    counts: a save whose ``update_fields`` leave the fields out costs nothing, and one
    that includes them costs one query for the values before it. Creating an object
    syncs nothing (nothing depends on it yet), nor does a save inside
    ``changes_not_followed()``.
    """
    if not _newly_registered(_resynced, model, (tuple(fields), dependents)):
        return
    uid = f"search-resync-{model._meta.label}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)


def _newly_registered(registry: dict, model, entry) -> bool:
    """Add ``entry`` to ``registry[model]``; False if it was there already."""
    registered = registry.setdefault(model, [])
    if entry in registered:
        return False
    registered.append(entry)
    return True


def _watched_fields(model, update_fields) -> list[str]:
    fields = {field for watched, _ in _resynced.get(model, ()) for field in watched}
    if update_fields is not None:
        fields &= set(update_fields)
    return sorted(fields)


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    instance.__dict__.pop("_search_values_before_save", None)
    if raw or _paused or instance._state.adding or instance.pk is None:
        return
    fields = _watched_fields(sender, update_fields)
    if fields:
        before = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
        instance.__dict__["_search_values_before_save"] = before


def _after_save(sender, instance, created=False, raw=False, **kwargs):
    before = instance.__dict__.pop("_search_values_before_save", None)
    if created or raw or _paused or not before:
        return
    for fields, dependents in _resynced.get(sender, ()):
        if any(field in before and before[field] != getattr(instance, field) for field in fields):
            for model, objects in dependents(instance):
                sync_objects(model, objects.values_list("pk", flat=True))


def followed_models() -> list[type]:
    return sorted(_followed, key=lambda model: model._meta.label)


_saved_watchers: dict[type, list[Dependents]] = {}


def resync_on_save(model, dependents: Dependents) -> None:
    """Whenever a ``model`` object is saved or deleted, sync the objects ``dependents``
    names: for rows that are part of another object's entry (an activity's times)."""
    if not _newly_registered(_saved_watchers, model, dependents):
        return
    uid = f"search-resync-saved-{model._meta.label}"
    post_save.connect(_part_changed, sender=model, dispatch_uid=uid)
    post_delete.connect(_part_changed, sender=model, dispatch_uid=uid)


def _part_changed(sender, instance, raw=False, **kwargs):
    if raw or _paused:
        return
    for dependents in _saved_watchers.get(sender, ()):
        for model, objects in dependents(instance):
            sync_objects(model, objects.values_list("pk", flat=True))
