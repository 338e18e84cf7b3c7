"""Load for bench/platform_bench.py: wrk, or Python threads when wrk is missing, against
each gunicorn target in interleaved rounds, with the workers' CPU time per request."""

import os
import re
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field

from bench.platform_helpers import http_get, say, shielded_from_ctrl_c
from bench.platform_serving import Gunicorn


@dataclass
class Load:
    rps: float
    requests: int
    errors: int
    latency: str
    cpu_ms: float = 0.0  # gunicorn workers' CPU time per request


def cpu_seconds_of_children(parent_pid: int) -> float | None:
    """User + system CPU seconds of a process's children (gunicorn's workers); Linux only."""
    total = 0
    try:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent_pid:  # fields[1] is ppid
                total += int(fields[11]) + int(fields[12])  # utime, stime
    except OSError:
        return None
    return total / os.sysconf("SC_CLK_TCK")


def run_wrk(wrk: str, port: int, host: str, seconds: int, connections: int) -> Load:
    command = [
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "-H",
        f"Host: {host}",
        f"http://127.0.0.1:{port}/",
    ]
    completed = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=seconds + 30, check=True
    )
    out = completed.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    if not rps or not total:
        raise RuntimeError(f"Could not read wrk's output:\n{out}\n{completed.stderr}")
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read \d+, write \d+, timeout (\d+)", out
    )
    if socket_errors:
        # gunicorn's sync workers close every connection; wrk counts those as read
        # errors after a complete response, so only connect errors and timeouts count.
        errors += int(socket_errors.group(1)) + int(socket_errors.group(2))
    latency = re.search(r"Latency\s+(\S+)", out)
    return Load(
        float(rps.group(1)), int(total.group(1)), errors, latency.group(1) if latency else ""
    )


def run_python_load(port: int, host: str, seconds: int, connections: int) -> Load:
    """Fallback when wrk is missing: threads, one request per connection (like gunicorn sync)."""
    deadline = time.monotonic() + seconds
    counts = {"ok": 0, "errors": 0, "seconds": 0.0}
    lock = threading.Lock()

    def worker():
        ok = errors = 0
        elapsed = 0.0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _ = http_get(port, host, timeout=10)
            except OSError:
                errors += 1
                continue
            elapsed += time.perf_counter() - started
            if 200 <= status < 400:
                ok += 1
            else:
                errors += 1
        with lock:
            counts["ok"] += ok
            counts["errors"] += errors
            counts["seconds"] += elapsed

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    wall = time.monotonic() - started
    latency = counts["seconds"] / counts["ok"] * 1000 if counts["ok"] else 0.0
    return Load(counts["ok"] / wall, counts["ok"], counts["errors"], f"{latency:.2f}ms")


@dataclass
class Target:
    name: str
    label: str
    app: str
    host: str
    env: dict[str, str]
    server: Gunicorn | None = None
    loads: list[Load] = field(default_factory=list)
    page_bytes: int = 0

    @property
    def rps(self) -> float:
        return statistics.median(load.rps for load in self.loads) if self.loads else 0.0

    @property
    def cpu_ms(self) -> float:
        return statistics.median(load.cpu_ms for load in self.loads) if self.loads else 0.0

    @property
    def errors(self) -> int:
        return sum(load.errors for load in self.loads)


def measure_targets(targets: list[Target], args, wrk: str | None) -> None:
    """All servers up at once, then each target loaded in turn, round after round.

    Interleaving rounds spreads any outside load on the machine over every target alike;
    the figure kept for each target is its median round.
    """

    def load(target: Target, seconds: int) -> Load:
        port = target.server.port
        cpu_before = cpu_seconds_of_children(target.server.process.pid)
        if wrk:
            result = run_wrk(wrk, port, target.host, seconds, args.connections)
        else:
            result = run_python_load(port, target.host, seconds, args.connections)
        cpu_after = cpu_seconds_of_children(target.server.process.pid)
        if cpu_before is not None and cpu_after is not None and result.requests:
            result.cpu_ms = (cpu_after - cpu_before) * 1000 / result.requests
        return result

    try:
        for target in targets:
            target.server = Gunicorn(target.name, target.app, args.workers, target.env)
            target.server.start()
        for target in targets:
            target.page_bytes = len(target.server.wait_until_ready(target.host))
        for round_number in range(1, args.rounds + 1):
            for target in targets:
                if round_number == 1 and args.warmup:
                    load(target, args.warmup)
                target.loads.append(load(target, args.duration))
                last = target.loads[-1]
                say(
                    f"  [{round_number}/{args.rounds}] {target.label}: {last.rps:,.0f} req/s "
                    f"({last.requests:,} requests, {last.errors} errors, "
                    f"mean latency {last.latency}, worker CPU {last.cpu_ms:.2f} ms/request, "
                    f"{target.page_bytes:,} bytes)"
                )
    finally:
        with shielded_from_ctrl_c():
            for target in targets:
                if target.server is not None:
                    target.server.stop()
