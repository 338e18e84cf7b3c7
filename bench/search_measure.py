"""Measurements for the search benches: planner statistics, index rebuild rate, and
search latencies from concurrent clients."""

import os
import statistics
import threading
import time


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def machine_speed_ms() -> float:
    """CPU ms of a fixed pure-Python workload (the best of 3): the same work in every run,
    so runs on a shared machine can be compared. On this kind of machine it moved by 40 %
    within an hour, with nothing else of ours running."""
    times = []
    for _ in range(3):
        started = time.process_time()
        total = 0
        for number in range(1_000_000):
            total += number * number % 7
        times.append((time.process_time() - started) * 1000)
    return min(times)


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


def compact_as_a_rebuild_does(timeout: float = 300, *, wait_for_history: bool = True) -> float:
    """What ``rebuild_search_index`` does once it has rebuilt: reclaim the deleted
    documents of the shared indexes where they pile up (the old generations':
    search/backends/compaction.py) once the engine lets go of them, then wait until the
    merge is over. Searches in service run on indexes kept so; without this the bench's
    searches would run over its rebuilds' deleted documents, several times the live
    ones. Without ``wait_for_history``, the newest deletes (the last rebuild's) are left
    for the next time: seconds instead of the engine's half-minute lease period. Seconds
    waited."""
    from modelsearch.backends import get_search_backend

    from search.backends.compaction import merge_running
    from search.services import compact_after_deletes

    started = time.perf_counter()
    compact_after_deletes(wait_for_history=wait_for_history)
    backend = get_search_backend("default")
    while merge_running(backend):
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"the shared indexes were still merging after {timeout:.0f} s")
        time.sleep(0.2)
    return time.perf_counter() - started


# A client that waits longer than this for the others has lost one (it died unheard).
BARRIER_SECONDS = 300


def _timed_client(schema: str, number: int, per_client: int, work, barrier) -> list[float]:
    """One client: ``work`` once untimed (connection, caches), then, once every client
    is ready, ``per_client`` times timed; latencies in milliseconds."""
    from django_tenants.utils import schema_context

    from django.db import connections

    latencies = []
    try:
        with schema_context(schema):  # this thread's own connection
            work(number)
            barrier.wait(BARRIER_SECONDS)
            for i in range(per_client):
                started = time.perf_counter()
                work(number * per_client + i)
                latencies.append((time.perf_counter() - started) * 1000)
    except BaseException:
        barrier.abort()
        raise
    finally:
        connections.close_all()
    return latencies


def run_clients(schema: str, clients: int, per_client: int, work) -> list[float]:
    """``work(i)`` from ``clients`` threads at once; latencies in milliseconds.

    The threads share one interpreter lock, so where ``work`` is mostly Python the
    latencies include queueing for it (``run_client_processes`` has none)."""
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(number: int) -> None:
        try:
            mine = _timed_client(schema, number, per_client, work, barrier)
        except BaseException as error:  # reported below
            errors.append(error)
            return
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


def run_client_processes(
    schema: str, clients: int, per_client: int, work, *, warm_up: int = 0, timeout: float = 900
) -> list[float]:
    """``work(i)`` from ``clients`` processes at once, as a site's server worker
    processes serve visitors (gunicorn's workers are processes): none waits for
    another's interpreter lock. This process first does ``work(i)`` for each ``i`` below
    ``warm_up``, untimed, so that the caches each child starts with are warm, as a
    worker's are once it has served a while; each child is forked from it and opens its
    own database connection and engine client. Latencies in milliseconds."""
    import multiprocessing
    import queue
    import traceback

    from django_tenants.utils import schema_context

    from django.db import connections

    if warm_up:
        with schema_context(schema):
            for i in range(warm_up):
                work(i)
    connections.close_all()  # no child may share this process's database sockets
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(clients)
    answers = context.Queue()

    def client(number: int) -> None:
        # In a new thread: the engine clients and connections kept per thread are, in
        # the thread that forked, this process's, sockets and all.
        outcome: dict = {}

        def run() -> None:
            try:
                outcome["latencies"] = _timed_client(schema, number, per_client, work, barrier)
            except BaseException:
                outcome["error"] = f"client {number}: {traceback.format_exc()}"

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        answers.put((outcome.get("latencies", []), outcome.get("error")))

    processes = [context.Process(target=client, args=(n,)) for n in range(clients)]
    for process in processes:
        process.start()
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        for _ in processes:
            mine, error = answers.get(timeout=max(deadline - time.monotonic(), 1))
            latencies.extend(mine)
            if error:
                errors.append(error)
    except queue.Empty:
        errors.append(f"a client process gave no answer within {timeout:.0f} s")
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
    if errors:
        raise RuntimeError("\n".join(errors))
    return latencies


def latency_row(label: str, latencies: list[float]) -> str:
    return (
        f"  {label:<44} p50 {statistics.median(latencies):7.1f} ms   "
        f"p95 {percentile(latencies, 0.95):7.1f} ms   ({len(latencies)} searches)"
    )


# A node's JVM compiles its hot paths as it works: on a node just started a search cost
# 29 ms of engine CPU in its first 1,000, 12 ms after 4,000 and 7-7.5 ms from about 6,000
# on (6 December 2026, `docs/operations/search.md` "Session 27"); its rebuilds ran at
# 2,900-3,300 docs/s at first and 3,600-4,700 after a few. So warming is measured, not a
# fixed count: rounds go on until the figure stops improving.
STEADY_MARGIN = 0.05  # a round less than 5 % better than the best before it...
# ...three times in a row: the node has stopped getting cheaper. Two were not enough: a
# node just started went on getting cheaper with pauses on the way. Its engine CPU per
# rebuild fell from 10.2 to 1.5 s over 11 rebuilds (3.7 s twice, then 3.0, 3.3, 2.1),
# and per search from 11.4 ms (twice) to 8.7-9.7 ms over the next 6,000 searches
# (6 December 2026, docs/operations/search.md "Session 31"). Rebuilds are judged by the
# engine's CPU too, not by their rate, which moves by up to a third from one to the next.
STEADY_ROUNDS = 3
WARM_UP_ROUND = 1000  # searches a round


def until_steady(
    one_round, most_rounds: int, *, higher_is_better: bool = False
) -> tuple[list[float], bool]:
    """Call ``one_round()`` (it returns the round's figure) until ``STEADY_ROUNDS``
    rounds in a row improve on the best before them by less than ``STEADY_MARGIN``, or
    ``most_rounds`` have run. Every round's figure, in order, and whether it steadied."""
    figures: list[float] = []
    unimproved = 0
    while len(figures) < most_rounds:
        figure = one_round()
        if figures:
            best = max(figures) if higher_is_better else min(figures)
            gain = (figure - best) / best if higher_is_better else (best - figure) / best
            unimproved = unimproved + 1 if gain < STEADY_MARGIN else 0
        figures.append(figure)
        if unimproved >= STEADY_ROUNDS:
            return figures, True
    return figures, False


def warm_engine(schema: str, most_searches: int, send, say) -> None:
    """Send the page's engine requests (``send(i)``) from 2 threads, untimed, in rounds of
    ``WARM_UP_ROUND``, until the engine's CPU per search stops falling (``until_steady``;
    at most ``most_searches``), and print how it fell. A node in service has long since
    done this, so the figures after it are what a visitor waits for."""
    from search.fallback import engine_backend

    engine = engine_backend()
    per_client = max(1, min(WARM_UP_ROUND, most_searches) // 2)
    sent = 2 * (per_client + 1)  # run_clients sends one more per client, untimed

    def one_round() -> float:
        before = engine_cpu_seconds(engine)
        run_clients(schema, 2, per_client, send)
        return (engine_cpu_seconds(engine) - before) * 1000 / sent

    costs, steady = until_steady(one_round, max(1, most_searches // (2 * per_client)))
    why = "until its CPU per search stopped falling" if steady else "the most allowed"
    say(
        f"  warmed the engine with {sent * len(costs):,} searches ({why}): engine CPU"
        f" per search {costs[0]:.1f} ms in the first {sent:,}, {min(costs):.1f} at best,"
        f" {costs[-1]:.1f} in the last"
    )


def warm_indexing(schema: str, most_rebuilds: int, say) -> None:
    """Rebuild the borough on the engine, untimed, until the engine's CPU per rebuild
    stops falling (``until_steady``; at most ``most_rebuilds``), and print how it fell.
    After each, the deleted documents before its own are reclaimed
    (``compact_as_a_rebuild_does``), as ``rebuild_search_index --borough`` does once
    it has rebuilt one: in service they never pile up. A node in service indexes all
    day, so its indexing code has long since been compiled; the rates of a node still
    compiling it are not what a borough's rebuild waits for."""
    from search.fallback import engine_backend

    engine = engine_backend()
    rates = []

    def one_rebuild() -> float:
        before = engine_cpu_seconds(engine)
        count, seconds = measure_indexing(schema, "default")
        rates.append(count / seconds)
        cost = engine_cpu_seconds(engine) - before
        compact_as_a_rebuild_does(wait_for_history=False)
        return cost

    costs, steady = until_steady(one_rebuild, most_rebuilds)
    why = "until the engine's CPU per rebuild stopped falling" if steady else "the most allowed"
    say(
        f"  (untimed: {len(rates)} rebuilds first, {why}: "
        + ", ".join(f"{rate:,.0f}" for rate in rates)
        + " docs/s; engine CPU "
        + ", ".join(f"{cost:.1f}" for cost in costs)
        + " s)"
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
