"""Measurements for the search benches: planner statistics, index rebuild rate, and
search latencies from concurrent clients."""

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
