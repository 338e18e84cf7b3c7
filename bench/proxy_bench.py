#!/usr/bin/env python
"""Requests per second through the topology's proxy: a cached anonymous page and an
uncached home page, each against bare Django "hello" served by the same proxy.

    make prod-up && .venv/bin/python bench/proxy_bench.py [--seconds 10] [--host lambeth.localhost]

The hello app (bench/hello_app.py) runs in gunicorn like one app server (2 sync
workers) and is put behind the running Varnish for the run only: a VCL that is the
topology's own plus one route (Host "hello.bench" -> hello, never cached) is loaded with
varnishadm, and the topology's VCL is put back afterwards. "Uncached" home page: each
request carries a stale session cookie, so the proxy passes it and the app renders it
(as for any visitor with a cookie). Targets: cached >= 60 % of hello, uncached >= 8 %.
Needs wrk (`apt-get install wrk`).
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / ".run" / "prod"
VARNISH_WORKDIR = RUN / "varnish" / "work"
HELLO_HOST = "hello.bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def varnishadm(*args: str) -> str:
    command = ["varnishadm", "-n", str(VARNISH_WORKDIR), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def bench_vcl(hello_port: int) -> Path:
    """The topology's rendered VCL, with the hello route first in vcl_recv."""
    text = (RUN / "varnish" / "default.vcl").read_text()
    text = text.replace(
        "sub vcl_init {",
        f'backend hello {{ .host = "127.0.0.1"; .port = "{hello_port}"; }}\n\nsub vcl_init {{',
    )
    text = text.replace(
        "sub vcl_recv {\n",
        f'sub vcl_recv {{\n    if (req.http.host == "{HELLO_HOST}") {{\n'
        "        set req.backend_hint = hello;\n"
        '        set req.http.host = "localhost";\n'  # what hello_app allows
        "        return (pass);\n    }\n",
        1,
    )
    path = RUN / "varnish" / "bench.vcl"
    path.write_text(text)
    return path


def wrk(url: str, host: str, seconds: int, connections: int, cookie: str = "") -> tuple[float, int]:
    command = [
        shutil.which("wrk"),
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "-H",
        f"Host: {host}",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(  # noqa: S603 - our own arguments
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, int(bad.group(1)) if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--host", default="lambeth.localhost")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install -y wrk")
        return 2
    proxy = "http://127.0.0.1:8100"
    hello_port = free_port()
    env = os.environ | {"PYTHONPATH": f"{REPO}:{REPO / 'platform'}"}
    hello = subprocess.Popen(  # noqa: S603 - our own arguments
        [str(REPO / ".venv" / "bin" / "gunicorn"), "bench.hello_app:application", "--workers=2"]
        + [f"--bind=127.0.0.1:{hello_port}", "--no-control-socket", "--log-level=warning"],
        cwd=REPO,
        env=env,
    )
    varnishadm("vcl.load", "bench", str(bench_vcl(hello_port)))
    varnishadm("vcl.use", "bench")
    try:
        time.sleep(2)
        page = urllib.request.Request(proxy + "/", headers={"Host": args.host})  # noqa: S310
        for _ in range(2):  # into the cache
            urllib.request.urlopen(page, timeout=30).read()  # noqa: S310 - loopback
        results = {}
        for name, host, cookie in (
            ("hello (bare Django, through the proxy)", HELLO_HOST, ""),
            ("home page, cached", args.host, ""),
            ("home page, uncached (rendered)", args.host, "sessionid=stale-bench-cookie"),
        ):
            wrk(proxy + "/", host, 2, args.connections, cookie)  # warm-up
            results[name] = wrk(proxy + "/", host, args.seconds, args.connections, cookie)
    finally:
        varnishadm("vcl.use", "boot")
        varnishadm("vcl.discard", "bench")
        hello.terminate()
        hello.wait(timeout=15)
    base = results["hello (bare Django, through the proxy)"][0]
    print(f"\n{'what':<42}{'req/s':>10}{'of hello':>10}{'non-2xx':>9}")
    for name, (rate, bad) in results.items():
        print(f"{name:<42}{rate:>10.0f}{rate / base:>10.0%}{bad:>9}")
    cached = results["home page, cached"][0] / base
    rendered = results["home page, uncached (rendered)"][0] / base
    print(f"\ncached >= 60 % of hello: {'PASS' if cached >= 0.6 else 'MISS'} ({cached:.0%})")
    print(f"uncached >= 8 % of hello: {'PASS' if rendered >= 0.08 else 'MISS'} ({rendered:.0%})")
    print("(2-core machine shared with other work: figures vary from run to run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
