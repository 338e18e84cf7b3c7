"""The progress of long commands: a bar on a terminal, a line now and then in a log, and
always one summary line with the time taken (tenants/progress.py)."""

import io
import logging
import re

import pytest

from tenants.progress import Progress, progress, quiet_logs


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_in_a_log_a_line_every_period_and_a_summary_with_the_time():
    log, now = io.StringIO(), [100.0]
    with Progress(
        "Rebuilding search indexes", total=3, stream=log, every=10, clock=lambda: now[0]
    ) as bar:
        bar.advance(note="lambeth")  # at once: no line yet
        now[0] += 11
        bar.advance(note="southwark")  # 11 s after the start: one line
        now[0] += 2
        bar.advance(note="ealing")
        bar.summary = "512 objects"
    assert log.getvalue().splitlines() == [
        "Rebuilding search indexes: 2 of 3 (southwark)…",
        "Rebuilding search indexes: 3 of 3; 512 objects, 13.0 s",
    ]


def test_on_a_terminal_a_bar_that_goes_away_and_the_same_summary():
    terminal = Terminal()
    for _ in progress(["lambeth", "southwark"], "Migrating boroughs", stream=terminal):
        pass
    shown = terminal.getvalue()
    assert "Migrating boroughs" in shown and "━" in shown, "a bar was drawn"
    # The bar is rubbed out (terminal escapes), then the summary line.
    last_line = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown).rstrip("\n").splitlines()[-1]
    assert last_line.startswith("Migrating boroughs: 2 of 2; ")


def test_a_failure_says_how_far_it_got():
    log = io.StringIO()
    with pytest.raises(RuntimeError):
        for borough in progress(["lambeth", "southwark"], "Checking listings", stream=log):
            if borough == "southwark":
                raise RuntimeError("search engine down")
    assert log.getvalue().startswith("Checking listings: 1 of 2 (stopped); ")


def test_django_output_wrapper_gets_no_extra_blank_lines():
    from django.core.management.base import OutputWrapper

    out = io.StringIO()
    with Progress("Importing rows", stream=OutputWrapper(out)) as bar:
        bar.advance(5)
    assert out.getvalue().count("\n") == 1
    assert out.getvalue().startswith("Importing rows: 5; ")


def test_quiet_logs_keep_warnings_and_restore_the_level(caplog):
    caplog.set_level(logging.INFO)
    wagtail = logging.getLogger("wagtail")
    before = wagtail.level
    with quiet_logs("wagtail"):
        wagtail.info('Page created: "Knitting circle"')
        wagtail.warning("Something to look at")
    wagtail.info("After the bulk load")
    assert "Page created" not in caplog.text
    assert "Something to look at" in caplog.text and "After the bulk load" in caplog.text
    assert wagtail.level == before
