"""Serving for bench/scale_bench.py: one gunicorn worker, a borough home page's first and
warm request times, and the worker's resident memory after serving many boroughs."""

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from bench.platform_helpers import http_get
from bench.platform_serving import Gunicorn, gunicorn_env


def worker_pid(master: int) -> int:
    """The single worker gunicorn forked (a child of the master)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def timed_get(port: int, host: str) -> float:
    started = time.perf_counter()
    status, _ = http_get(port, host, "/", timeout=120)
    seconds = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"http://{host}/ answered {status}")
    return seconds


@dataclass
class Serving:
    host: str
    first: float
    warm: float
    warm_p95: float
    rss_start: float
    rss_after_50: float | None
    rss_after_all: float
    served: int
    seconds_per_borough: float


def measure_serving(hosts: list[str], env: dict[str, str], rounds: int, rng) -> Serving:
    """A fresh worker: warm it on one borough, then time a borough it has not served yet
    (first request, then the median of ``rounds``), then serve every borough once."""
    server = Gunicorn("scale-bench-gunicorn", "connectdo.wsgi:application", 1, gunicorn_env(**env))
    server.start()
    try:
        order = list(hosts)
        rng.shuffle(order)
        warmer, chosen = order[0], order[-1] if len(order) > 1 else order[0]
        server.wait_until_ready(warmer, timeout=120)
        pid = worker_pid(server.process.pid)
        for _ in range(3):  # the process's own first-request costs, not the borough's
            timed_get(server.port, warmer)
        rss_start = resident_mb(pid)
        first = timed_get(server.port, chosen)
        warm_times = [timed_get(server.port, chosen) for _ in range(rounds)]
        served = {warmer, chosen}
        rss_after_50 = None
        started = time.perf_counter()
        for host in order:
            if host not in served:
                timed_get(server.port, host)
                served.add(host)
            if len(served) == 50 and rss_after_50 is None:
                rss_after_50 = resident_mb(pid)
        per_borough = (time.perf_counter() - started) / max(1, len(order) - 2)
        return Serving(
            host=chosen,
            first=first,
            warm=statistics.median(warm_times),
            warm_p95=sorted(warm_times)[max(0, round(0.95 * len(warm_times)) - 1)],
            rss_start=rss_start,
            rss_after_50=rss_after_50,
            rss_after_all=resident_mb(pid),
            served=len(served),
            seconds_per_borough=per_borough,
        )
    finally:
        server.stop()
