"""Measurements for the search benches: planner statistics, index rebuild rate, and
search latencies from concurrent clients."""

import os
import statistics
import threading
import time


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def analyze(schema: str) -> None:
    """Collect planner statistics for the borough's tables, as autovacuum would soon
    after a bulk load; without them PostgreSQL plans the first searches badly."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        for (table,) in cursor.fetchall():
            cursor.execute(f'ANALYZE "{schema}"."{table}"')


def measure_indexing(schema: str, backend_name: str) -> tuple[int, float]:
    from django_tenants.utils import schema_context

    from modelsearch.backends import get_search_backend

    from search.services import _rebuild

    with schema_context(schema):
        backend = get_search_backend(backend_name)
        started = time.perf_counter()
        count = _rebuild(backend)
        return count, time.perf_counter() - started


def compact_as_a_rebuild_does(timeout: float = 300) -> float:
    """What ``rebuild_search_index`` does once it has rebuilt: reclaim the deleted
    documents of the shared indexes where they pile up (the old generations':
    search/backends/compaction.py), then wait until the merge is over. Searches in
    service run on indexes kept so; without this the bench's searches would run over
    its two rebuilds' deleted documents, as many as the live ones. Seconds waited."""
    from modelsearch.backends import get_search_backend

    from search.backends.compaction import merge_running
    from search.services import compact_after_deletes

    started = time.perf_counter()
    compact_after_deletes()
    backend = get_search_backend("default")
    while merge_running(backend):
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"the shared indexes were still merging after {timeout:.0f} s")
        time.sleep(0.2)
    return time.perf_counter() - started


def run_clients(schema: str, clients: int, per_client: int, work) -> list[float]:
    """``work(i)`` from ``clients`` threads at once; latencies in milliseconds."""
    from django_tenants.utils import schema_context

    from django.db import connections

    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(number: int) -> None:
        mine = []
        try:
            with schema_context(schema):  # this thread's own connection
                work(number)  # warm-up: connection, caches
                barrier.wait()
                for i in range(per_client):
                    started = time.perf_counter()
                    work(number * per_client + i)
                    mine.append((time.perf_counter() - started) * 1000)
        except BaseException as error:  # reported below
            errors.append(error)
            barrier.abort()
        finally:
            connections.close_all()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return latencies


def latency_row(label: str, latencies: list[float]) -> str:
    return (
        f"  {label:<44} p50 {statistics.median(latencies):7.1f} ms   "
        f"p95 {percentile(latencies, 0.95):7.1f} ms   ({len(latencies)} searches)"
    )


WARM_UP_ROUNDS = 10


def warm_engine(schema: str, searches: int, send, say) -> None:
    """Send ``searches`` of the page's engine requests (``send(i)``) from 2 threads
    before anything is timed, and print the engine's CPU per search over the first and
    the last round. A node's JVM compiles its hot paths over its first few thousand
    searches: on a node just started (as on a fresh machine or in CI) a search cost
    109 ms of engine CPU at first, about 35 ms after 500 and about 15 ms after 2,500,
    where it stayed. A node in service has long since done this, so the figures after
    this are what a visitor waits for."""
    from search.fallback import engine_backend

    engine = engine_backend()
    per_client = max(1, searches // WARM_UP_ROUNDS // 2)
    sent = 2 * (per_client + 1)  # run_clients sends one more per client, untimed
    costs = []
    for round_number in range(WARM_UP_ROUNDS):
        measured = round_number in (0, WARM_UP_ROUNDS - 1)  # each reading waits for stats
        before = engine_cpu_seconds(engine) if measured else 0.0
        run_clients(schema, 2, per_client, send)
        if measured:
            costs.append((engine_cpu_seconds(engine) - before) * 1000 / sent)
    say(
        f"  warmed the engine with {sent * WARM_UP_ROUNDS} searches: engine CPU per "
        f"search {costs[0]:.1f} ms in the first {sent}, {costs[-1]:.1f} ms in the last"
    )


def engine_cpu_seconds(backend, fresh_within: float = 5.0) -> float:
    """CPU seconds every engine node has used, as of now (the node stats API, so it works
    for any node the bench reaches, not only a local process). A node keeps its process
    stats for a second (``monitor.process.refresh_interval``), so they are asked for
    again until every node's reading is newer than the moment of asking (at most
    ``fresh_within`` seconds, for a node whose clock is behind this machine's)."""
    asked_ms = time.time() * 1000
    deadline = time.monotonic() + fresh_within
    while True:
        stats = backend.es.nodes.stats(metric="process")["nodes"].values()
        fresh = all(node["process"]["timestamp"] >= asked_ms for node in stats)
        if fresh or time.monotonic() > deadline:
            return sum(node["process"]["cpu"]["total_in_millis"] for node in stats) / 1000
        time.sleep(0.1)


def postgresql_cpu_seconds() -> float | None:
    """CPU seconds of every PostgreSQL backend (the postmaster's children) on this
    machine: the bench's own connections and the servers'; quiet machine only."""
    from django.db import connection

    from bench.platform_load import cpu_seconds_of_children

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend_pid,) = cursor.fetchone()
    with open(f"/proc/{backend_pid}/stat") as handle:
        postmaster = int(handle.read().rsplit(")", 1)[1].split()[1])
    return cpu_seconds_of_children(postmaster)


def cpu_row(web_ms: float, engine_ms: float, database_ms: float, clients: int) -> str:
    """CPU per page by who spends it, and the wait it implies with ``clients`` at once."""
    cores = os.cpu_count() or 1
    total = web_ms + engine_ms + database_ms
    return (
        f"  CPU per /search/ page: web workers {web_ms:.1f} ms + engine {engine_ms:.1f} ms"
        f" + PostgreSQL {database_ms:.1f} ms = {total:.1f} ms, so {clients} clients at once"
        f" on {cores} cores take about {clients * total / cores:.0f} ms a page when every"
        " core is busy"
    )
