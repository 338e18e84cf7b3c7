"""Progress of a long management command, and its one-line summary with the time taken.

    with Progress("Rebuilding search indexes", total=len(boroughs), stream=self.stdout) as bar:
        for borough in boroughs:
            ...
            bar.advance(note=borough.slug)
    # prints: "Rebuilding search indexes: 6 of 6 in 12.3 s"

On a terminal it draws a bar (rich) that disappears when done; otherwise (CI, a log
file, cron) it writes a line every ``every`` seconds, so a log shows the command is
alive without a line per item. Either way the last line is the summary. ``quiet_logs``
turns down loggers that write a line per object (Wagtail's "Page created: …") while a
bulk command runs.
"""

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

PERIOD_SECONDS = 10.0


def _raw(stream):
    """The file under a Django ``OutputWrapper`` (which would add a newline to each write)."""
    return getattr(stream, "_out", stream)


def is_terminal(stream) -> bool:
    isatty = getattr(_raw(stream), "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """Counts work done; a bar on a terminal, a line every ``every`` seconds elsewhere."""

    def __init__(
        self, label: str, total: int | None = None, *, stream, every=PERIOD_SECONDS, clock=None
    ):
        self.label, self.total, self.stream, self.every = label, total, _raw(stream), every
        self.clock = clock or time.monotonic
        self.done = 0
        self.summary = ""  # what the caller adds to the last line, e.g. "120 pages added"
        self._bar = self._task = None

    def __enter__(self):
        self.started = self._last_line = self.clock()
        if is_terminal(self.stream):
            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[note]}"),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total, note="")
        return self

    def advance(self, n: int = 1, note: str = "", *, total: int | None = None) -> None:
        """``n`` more done; ``total`` when it is only known once the work has started."""
        self.done += n
        self.total = total if total is not None else self.total
        if self._bar is not None:
            self._bar.update(self._task, advance=n, note=note, total=self.total)
            return
        now = self.clock()
        if now - self._last_line >= self.every:
            self._last_line = now
            self._write(f"{self.label}: {self._count()}{f' ({note})' if note else ''}…")

    def __exit__(self, kind, error, traceback):
        if self._bar is not None:
            self._bar.stop()
        seconds = self.clock() - self.started
        ending = f"{self.summary}, " if self.summary else ""
        stopped = " (stopped)" if kind is not None else ""
        self._write(f"{self.label}: {self._count()}{stopped}; {ending}{seconds:.1f} s")
        return False

    def _count(self) -> str:
        return f"{self.done} of {self.total}" if self.total is not None else str(self.done)

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()


def progress(items: Iterable, label: str, *, stream, total=None, every=PERIOD_SECONDS) -> Iterator:
    """Each item of ``items``, counted as it is handed out (see ``Progress``)."""
    items = list(items) if total is None else items
    total = len(items) if total is None else total
    with Progress(label, total, stream=stream, every=every) as bar:
        for item in items:
            yield item
            bar.advance(note=str(item))


@contextmanager
def quiet_logs(*names: str, level=logging.WARNING):
    """Loggers ``names`` only say warnings and errors for the duration."""
    loggers = [logging.getLogger(name) for name in names]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, was in zip(loggers, before, strict=True):
            logger.setLevel(was)


def say_to(stream):
    """A function that writes one line, at once: each step of a long command as it starts
    (``retire_borough``, ``restore_borough``), so a log shows where it is."""
    raw = _raw(stream)

    def say(line: str) -> None:
        raw.write(line + "\n")
        raw.flush()

    return say
