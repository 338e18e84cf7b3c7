"""One seed per test run for everything random in the tests: ``random``, Faker and
factory-boy. A plugin of tests/conftest.py (``pytest_plugins``).

A run picks a seed (or takes ``--seed=N`` / ``TEST_SEED=N``) and prints it in its header:
``random seed: 1234 (replay with --seed=1234)``. Each test is then seeded from the run's
seed and its own name, so a test draws the same values whatever ran before it or on which
xdist worker, and ``pytest --seed=1234 path::test`` replays exactly what it drew. The
session boroughs are made under the run's seed itself. Hypothesis keeps its own derandomized
``ci`` profile (tests/conftest.py).
"""

import hashlib
import os
import random

import factory.random
import pytest
from faker import Faker

_seed: int | None = None


def pytest_addoption(parser):
    parser.addoption(
        "--seed",
        type=int,
        default=int(os.environ["TEST_SEED"]) if os.environ.get("TEST_SEED") else None,
        help="Seed random, Faker and factory-boy with this number (a run prints the seed "
        "it used; give it back to replay a failure). Default: $TEST_SEED, else a new one.",
    )


def run_seed(config) -> int:
    """The run's seed: given, handed over by the xdist controller, or new."""
    global _seed
    if _seed is None:
        workerinput = getattr(config, "workerinput", None)
        given = config.getoption("--seed")
        if workerinput is not None and "test_seed" in workerinput:
            _seed = workerinput["test_seed"]
        else:
            _seed = given if given is not None else random.SystemRandom().randrange(10**6)
    return _seed


def seed_everything(seed: int) -> None:
    random.seed(seed)
    Faker.seed(seed)
    # factory-boy's own generator and the Faker it shares with every factory.
    factory.random.reseed_random(seed)


def seed_for(seed: int, test_id: str) -> int:
    """A test's own seed: the run's seed and its name, so order does not matter."""
    return int(hashlib.sha256(f"{seed}:{test_id}".encode()).hexdigest()[:15], 16)


class XdistSeed:
    """Hands the controller's seed to every worker (only registered under xdist)."""

    def __init__(self, config):
        self.config = config

    def pytest_configure_node(self, node):
        node.workerinput["test_seed"] = run_seed(self.config)


def pytest_configure(config):
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(XdistSeed(config), "test-seed-xdist")
    seed_everything(run_seed(config))


def pytest_report_header(config):
    seed = run_seed(config)
    return f"random seed: {seed} (random, Faker, factory-boy; replay with --seed={seed})"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        terminalreporter.write_line(f"Replay with: pytest --seed={run_seed(config)} ...")


@pytest.fixture(scope="session", autouse=True)
def _seeded_session(request):
    """Session fixtures (the session boroughs) draw from the run's own seed."""
    seed_everything(run_seed(request.config))


@pytest.fixture(autouse=True)
def _seeded_test(request):
    seed_everything(seed_for(run_seed(request.config), request.node.nodeid))
