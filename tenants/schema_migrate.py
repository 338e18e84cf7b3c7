"""Migrating one borough schema in a deploy worker, without redoing what is the same for all.

Django's ``migrate`` command, run once per schema (django-tenants' ``run_migrations``),
rebuilds the project state from every applied migration and renders every model before
it applies anything, then closes its connection: most of a second per borough, nearly
all of it the same work each time, since the boroughs a deploy migrates all have the
same applied migrations (each was as the template was). ``migrate_schema`` does what the
command does, in its order and with its signals (``pre_migrate``, then the migrations,
then ``post_migrate`` with the final models), but keeps the rendered state from before
the deploy in the worker process, per set of applied migrations, starts each borough
from a copy of it, and keeps its connection.
"""

from django.apps import apps as global_apps
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ModelState, ProjectState

from .lru import LRUMapping

# Rendered states before migrating, per set of applied migrations: a deploy meets one
# (or a few, if some boroughs were behind).
_states_before: LRUMapping = LRUMapping(4)


def migrate_schema(schema: str, verbosity: int = 0) -> str:
    """Apply every unapplied migration to one borough schema; what it did, in words."""
    # The migrations table must be the schema's own, not public's (as run_migrations does).
    connection.set_schema(schema, include_public=False)
    MigrationRecorder(connection).ensure_schema()
    connection.set_schema(schema)
    try:
        executor = MigrationExecutor(connection)
        executor.loader.check_consistent_history(connection)
        conflicts = executor.loader.detect_conflicts()
        if conflicts:
            raise CommandError(f"Conflicting migrations: {sorted(conflicts)}")
        targets = executor.loader.graph.leaf_nodes()
        plan = executor.migration_plan(targets)
        if not plan:
            return "up to date"
        state = _state_before(executor)
        emit_pre_migrate_signal(
            verbosity, False, connection.alias, apps=state.clone().apps, plan=plan
        )
        after = executor.migrate(targets, plan=plan, state=state.clone())
        emit_post_migrate_signal(
            verbosity, False, connection.alias, apps=_final_apps(after), plan=plan
        )
    finally:
        connection.set_schema_to_public()
    return f"applied {len(plan)} migration(s)"


def _state_before(executor: MigrationExecutor) -> ProjectState:
    key = frozenset(executor.loader.applied_migrations)
    state = _states_before.get(key)
    if state is None:
        state = executor._create_project_state(with_applied_migrations=True)
        state.apps  # noqa: B018 -- rendered once, here, not for every borough
        _states_before[key] = state
    return state


def _final_apps(state: ProjectState):
    """As ``migrate`` does: every model reloaded, real apps' models re-rendered from the
    code so that post_migrate handlers see their relations."""
    state.clear_delayed_apps_cache()
    apps = state.apps
    with apps.bulk_update():
        keys = []
        for model_state in apps.real_models:
            keys.append((model_state.app_label, model_state.name_lower))
            apps.unregister_model(*keys[-1])
    apps.render_multiple([ModelState.from_model(global_apps.get_model(*key)) for key in keys])
    return apps
