"""The whole /search/ page over HTTP, as a visitor waits for it: gunicorn worker
processes (as in production), concurrent clients, the page rendered.

Used by bench/search_bench.py and bench/search_layout_bench.py: their in-process rows
leave out the middleware, the rendering and HTTP; here each request is served by a
gunicorn worker process, and the workers' CPU time per request is measured too (on a
machine with few cores, latency at many clients is mostly waiting for a core: CPU per
request says what a faster or bigger machine would gain).
"""

import os
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.platform_helpers import http_get
from bench.platform_load import cpu_seconds_of_children
from bench.platform_serving import Gunicorn, gunicorn_env

# Web workers for this machine. It also runs the engine and PostgreSQL, which take about
# half of each page's CPU (bench/search_bench.py prints the shares), so a worker per core
# and one more keeps both cores busy. Gunicorn's rule for a server of its own, 2 x CPUs
# + 1, runs more pages at once than there are cores: each takes longer, and the slowest
# most (search_bench.py measures both in one run; docs/operations/search.md, Session 26).
SHARED_MACHINE_WORKERS = (os.cpu_count() or 1) + 1
OWN_MACHINE_WORKERS = 2 * (os.cpu_count() or 1) + 1


def search_path(i: int) -> str:
    """The same mix of searches as bench/search_common.mixed_search, as page addresses."""
    from bench.search_bench import QUERIES

    params = {"q": QUERIES[i % len(QUERIES)]}
    if i % 4 == 1:
        params["cost"] = "free"
    elif i % 4 == 2:
        params.update(postcode="SW9", sort="distance")
    return "/search/?" + urlencode(params)


@dataclass
class HttpRun:
    latencies: list[float] = field(default_factory=list)  # ms
    errors: list[str] = field(default_factory=list)
    # CPU ms per page: the web workers', the engine's and PostgreSQL's
    web_ms: float = 0.0
    engine_ms: float = 0.0
    database_ms: float = 0.0


def measure_http(host: str, clients: int, per_client: int, workers: int) -> HttpRun:
    """``clients`` at once, ``per_client`` pages each: latencies, errors, CPU per page."""
    from bench.search_measure import engine_cpu_seconds, postgresql_cpu_seconds
    from search.fallback import engine_backend

    server = Gunicorn(
        "search-bench",
        "connectdo.wsgi:application",
        workers,
        gunicorn_env(DJANGO_SETTINGS_MODULE="bench.settings"),
    )
    server.start()
    try:
        server.wait_until_ready(host, "/search/?q=warm")
        for i in range(workers * 4):  # every worker: connections, caches, templates
            http_get(server.port, host, search_path(i), timeout=60)
        run = HttpRun()
        latencies, errors = run.latencies, run.errors
        lock = threading.Lock()
        barrier = threading.Barrier(clients)

        def client(number: int) -> None:
            mine = []
            barrier.wait()
            for i in range(per_client):
                path = search_path(number * per_client + i)
                started = time.perf_counter()
                try:
                    status, body = http_get(server.port, host, path, timeout=60)
                except OSError as error:
                    status, body = 0, str(error).encode()
                mine.append((time.perf_counter() - started) * 1000)
                if status != 200 or b"search-results" not in body and b"<main" not in body:
                    with lock:
                        errors.append(f"{path}: HTTP {status}")
            with lock:
                latencies.extend(mine)

        engine = engine_backend()
        cpu_before = cpu_seconds_of_children(server.process.pid) or 0.0
        engine_before, database_before = engine_cpu_seconds(engine), postgresql_cpu_seconds()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        cpu_after = cpu_seconds_of_children(server.process.pid) or 0.0
        engine_after, database_after = engine_cpu_seconds(engine), postgresql_cpu_seconds()
        pages = max(1, len(latencies))
        run.web_ms = (cpu_after - cpu_before) * 1000 / pages
        run.engine_ms = (engine_after - engine_before) * 1000 / pages
        run.database_ms = ((database_after or 0.0) - (database_before or 0.0)) * 1000 / pages
        return run
    finally:
        server.stop()
