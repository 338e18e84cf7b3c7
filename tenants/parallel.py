"""Run one piece of work per borough schema in a pool of processes, each with its own
database connection, and say how each one went.

A deploy does the same thing to hundreds of schemas (migrate them, refresh their
defaults); one after another that is minutes. Workers are forked from the command's
process, so they share its loaded apps and settings; the parent closes its database
connections first, so no child ever speaks on a socket it inherited.

``work(schema_name)`` runs in a worker, returns a short text (what it did) and may raise:
the error is caught and reported with its schema, the other schemas carry on.
"""

import contextlib
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

from .progress import Progress


@dataclass(frozen=True)
class SchemaOutcome:
    schema: str
    seconds: float
    said: str = ""  # what the work returned
    error: str = ""  # the exception's last line, when it failed
    detail: str = ""  # its traceback, for the log

    @property
    def failed(self) -> bool:
        return bool(self.error)


def default_workers() -> int:
    """``settings.BOROUGH_DEPLOY_WORKERS``, or one per CPU."""
    return max(1, getattr(settings, "BOROUGH_DEPLOY_WORKERS", 0) or os.cpu_count() or 1)


def _run_one(work: Callable[[str], str], schema: str) -> SchemaOutcome:
    started = time.monotonic()
    try:
        said = work(schema) or ""
    except Exception as error:  # noqa: BLE001 -- reported with its schema, others go on
        first_line = (str(error).strip().splitlines() or [""])[0]
        outcome = SchemaOutcome(
            schema,
            time.monotonic() - started,
            error=f"{type(error).__name__}: {first_line}"[:500],
            detail=traceback.format_exc(),
        )
        _reset_connections()
        return outcome
    return SchemaOutcome(schema, time.monotonic() - started, said=said)


def _reset_connections() -> None:
    """A failed schema may leave its connection in an aborted transaction: start afresh."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(Exception):  # a broken connection is what we are closing
            connection.close()
        connection.connection = None


class _Call:
    """Picklable work for the pool (``work`` is a module-level function)."""

    def __init__(self, work):
        self.work = work

    def __call__(self, schema: str) -> SchemaOutcome:
        return _run_one(self.work, schema)


def run_per_schema(
    schemas: Iterable[str], work: Callable[[str], str], *, workers: int | None = None
) -> Iterator[SchemaOutcome]:
    """Each schema's outcome as soon as it is known (in the order they finish).

    With one worker (or one schema) the work runs here, in this process; so it does
    inside a transaction, whose rows other processes could not see.
    """
    schemas = list(schemas)
    workers = min(workers or default_workers(), len(schemas)) or 1
    if workers == 1 or any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        for schema in schemas:
            yield _run_one(work, schema)
        return
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=workers) as pool:
        yield from pool.imap_unordered(_Call(work), schemas, chunksize=1)


def run_step(
    label: str,
    schemas: list[str],
    work: Callable[[str], str],
    *,
    workers: int | None,
    stream,
    already_done: int = 0,
    summary: Callable[[list[SchemaOutcome]], str],
    said: Callable[[SchemaOutcome], None] | None = None,
) -> tuple[list[SchemaOutcome], float]:
    """``work`` on every schema with a progress bar (tenants/progress.py) whose last line
    is ``summary(outcomes)``; returns the outcomes and the seconds the step took.
    ``already_done`` counts schemas the caller found need no work (shown as done)."""
    outcomes = []
    with Progress(label, total=len(schemas) + already_done, stream=stream) as bar:
        bar.advance(already_done)
        for outcome in run_per_schema(schemas, work, workers=workers):
            outcomes.append(outcome)
            bar.advance(note=outcome.schema)
            if said and not outcome.failed:
                said(outcome)
        bar.summary = summary(outcomes)
    return outcomes, time.monotonic() - bar.started
