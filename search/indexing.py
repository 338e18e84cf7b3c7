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

The task goes through the same task backend as modelsearch's, so it carries the
borough's schema (tenants/task_backends.py wraps it in ``run_in_schema``). An engine
that is down never fails the save: modelsearch catches the engine's errors, and
search/backends/borough.py notes the failure for ``catch_up_search_index``.
"""

from collections.abc import Iterable
from contextlib import contextmanager

from django_tasks import task

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from modelsearch import index
from modelsearch.index import RelatedFields

_followed: set[type] = set()
_paused = 0  # > 0 inside ``changes_not_followed()``


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


def followed_models() -> list[type]:
    return sorted(_followed, key=lambda model: model._meta.label)
