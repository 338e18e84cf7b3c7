#!/usr/bin/env python
"""Losing one node of a three-node OpenSearch cluster while searches and saves run.

    infrastructure/services.sh cluster up
    eval "$(infrastructure/services.sh env)"; eval "$(infrastructure/services.sh cluster env)"
    .venv/bin/python bench/search_node_loss.py [--node 2] [--down 20]

1. Launches a throwaway borough (index prefix of its own) with 200 activities, indexed
   on the cluster (one replica of every shard).
2. Searchers (the whole search service) and savers (new pages, indexed as they are
   saved) run from threads; after a few seconds one node is killed (SIGKILL, as a crash),
   ``--down`` seconds later started again.
3. When the cluster is green again, ``catch_up_search_index`` runs for the borough, then
   every page saved during the run is looked up in the engine: none may be missing.
4. Prints how many searches and saves were made, how many failed, and how many searches
   the database fallback answered. Removes the borough and its indexes, also on Ctrl+C.

Not a test (it takes minutes, mostly waiting for the node to start again);
tests/search/test_node_loss.py checks the engine client's retry on every run.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
from bench.search_common import launch_with_activities, use_bench_settings  # noqa: E402

PREFIX = use_bench_settings()
SERVICES = REPO / "infrastructure" / "services.sh"


def say(message: str = "") -> None:
    print(message, flush=True)


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def node_pid(node: int) -> int:
    return int((REPO / ".run" / "cluster" / f"node-{node}" / "opensearch.pid").read_text())


def cluster_health(backend) -> str:
    try:
        return backend.es.cluster.health(request_timeout=3)["status"]
    except Exception:  # noqa: BLE001 - any failure is "not green yet"
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--node", type=int, default=2, help="which node to take away (1-3)")
    parser.add_argument("--down", type=float, default=20, help="seconds before it restarts")
    parser.add_argument("--searchers", type=int, default=3)
    parser.add_argument("--savers", type=int, default=1)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupted)

    import logging
    import random

    import django

    django.setup()
    # The client logs every refused connection with its traceback: the counts say it all.
    logging.getLogger("opensearch").setLevel(logging.CRITICAL)

    from django_tenants.utils import schema_context

    from django.conf import settings
    from django.db import connections

    from wagtail.models import Site

    from bench.platform_bench import remove_bench_borough, unused_bench_slug
    from bench.search_bench import QUERIES
    from search.catch_up import catch_up_borough_index
    from search.fallback import engine_backend
    from search.selectors import SearchRequest, search_borough
    from search.services import rebuild_borough_index
    from sites.standard.models import StandardPage

    if "," not in (settings.SEARCH_URL or ""):
        say('Point SEARCH_URL at the cluster: eval "$(infrastructure/services.sh cluster env)"')
        return 1
    say(f"Node loss: {settings.SEARCH_URL}, prefix {PREFIX}")
    say(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    slug = unused_bench_slug(set())
    counts: Counter = Counter()
    saved_titles: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    backend = engine_backend()
    try:
        rng = random.Random(11)  # noqa: S311 - made-up content
        launch_with_activities(slug, "Node loss", rng, 5, 200)
        rebuild_borough_index(slug)

        def searcher(number: int) -> None:
            i = number
            with schema_context(slug):
                while not stop.is_set():
                    i += 1
                    try:
                        outcome = search_borough(SearchRequest(query=QUERIES[i % len(QUERIES)]))
                        with lock:
                            counts["search"] += 1
                            counts[f"search answered by {outcome.mode}"] += 1
                    except Exception:  # noqa: BLE001 - counted: the figure that matters
                        with lock:
                            counts["search"] += 1
                            counts["search FAILED"] += 1
            connections.close_all()

        def saver(number: int) -> None:
            i = 0
            with schema_context(slug):
                home = Site.objects.get().root_page
                while not stop.is_set():
                    i += 1
                    title = f"Node loss page {number} {i} {uuid.uuid4().hex[:6]}"
                    try:
                        home.add_child(instance=StandardPage(title=title, slug=f"nl-{number}-{i}"))
                        with lock:
                            counts["save"] += 1
                            saved_titles.append(title)
                    except Exception:  # noqa: BLE001 - counted
                        with lock:
                            counts["save"] += 1
                            counts["save FAILED"] += 1
                    time.sleep(0.2)
            connections.close_all()

        threads = [threading.Thread(target=searcher, args=(n,)) for n in range(args.searchers)]
        threads += [threading.Thread(target=saver, args=(n,)) for n in range(args.savers)]
        for thread in threads:
            thread.start()
        time.sleep(5)
        pid = node_pid(args.node)
        say(f"  {dict(counts)}")
        say(f"  killing node-{args.node} (pid {pid})")
        os.kill(pid, signal.SIGKILL)
        time.sleep(args.down)
        say(f"  {dict(counts)}")
        say(f"  starting node-{args.node} again")
        subprocess.run([str(SERVICES), "cluster", "start-node", str(args.node)], check=True)  # noqa: S603
        deadline = time.monotonic() + 300
        while cluster_health(backend) != "green" and time.monotonic() < deadline:
            time.sleep(2)
        say(f"  cluster {cluster_health(backend)}; {dict(counts)}")
        stop.set()
        for thread in threads:
            thread.join()

        result = catch_up_borough_index(slug)
        say(f"  catch-up re-indexed {result.objects} objects")
        missing = []
        with schema_context(slug):
            index = backend.get_index_for_model(StandardPage)
            for title in saved_titles:
                body = {"query": {"match_phrase": {"title": title}}}
                if backend.es.count(index=index.name, body=body)["count"] != 1:
                    missing.append(title)
        say("")
        say("Requests made during the run (one node killed, then started again):")
        for kind, plural in (("search", "searches"), ("save", "saves")):
            failed = counts[f"{kind} FAILED"]
            say(f"  {plural:<9} {counts[kind]:>6} made, {failed} failed")
        for key in sorted(k for k in counts if k.startswith("search answered")):
            say(f"  {key}: {counts[key]}")
        say(f"  saved pages missing from the engine after the catch-up: {len(missing)}")
        ok = not counts["search FAILED"] and not counts["save FAILED"] and not missing
        say("PASS: no search failed, no save lost" if ok else "MISS")
        return 0 if ok else 1
    except KeyboardInterrupt:
        say("Interrupted: cleaning up.")
        return 130
    finally:
        stop.set()
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        problems = remove_bench_borough(slug)
        for index in backend.es.indices.get(index=f"{PREFIX}*"):
            backend.es.indices.delete(index=index)
        left = "LEFT: " + "; ".join(problems)
        say(f"Removed {slug} and {PREFIX}*: " + ("nothing left" if not problems else left))


if __name__ == "__main__":
    sys.exit(main())
