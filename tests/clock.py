"""Run the test suite at a chosen instant: ``pytest --now=2026-12-31T23:30:00Z`` or
``TEST_NOW=2026-12-31T23:30:00Z pytest``.

The whole session travels there with time-machine (``tick=True``: the clock keeps
running from that instant), so a test that silently depends on the time of day or the
date shows up at an awkward instant (23:30 UTC in winter, the night the clocks change,
29 February). PostgreSQL's own ``now()`` is not moved, nor is the gunicorn server the
browser tests start: run those without ``--now``. Hooks imported by tests/conftest.py.
"""

import datetime
import os

import pytest
import time_machine

_travel = None


def pytest_addoption(parser):
    parser.addoption(
        "--now",
        default=os.environ.get("TEST_NOW") or None,
        help="Run every test as if it were this instant (ISO 8601 with a zone, "
        "e.g. 2026-12-31T23:30:00Z). Default: $TEST_NOW, else the real clock.",
    )


def chosen_instant(text: str) -> datetime.datetime:
    try:
        instant = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise pytest.UsageError(f"--now/TEST_NOW: {text!r} is not an ISO 8601 time") from error
    if instant.tzinfo is None:
        raise pytest.UsageError(f"--now/TEST_NOW: {text!r} needs a zone, such as Z or +01:00")
    return instant


def pytest_configure(config):
    global _travel
    text = config.getoption("--now", default=None)
    if text:
        _travel = time_machine.travel(chosen_instant(text), tick=True)
        _travel.start()


def pytest_unconfigure(config):
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None


def pytest_report_header(config):
    text = config.getoption("--now", default=None)
    return f"clock: travelled to {chosen_instant(text).isoformat()}" if text else None
