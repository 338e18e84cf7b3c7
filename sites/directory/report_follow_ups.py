"""What was done elsewhere about a "Report a problem" report, shown on the report: such
as "A safeguarding case is open", from the community's safeguarding cases.

The directory never imports the apps above it (.importlinter). An app that follows up
on reports registers a source here, in its ``apps.py``; a source takes the reports and
the user looking, and returns ``{report id: FollowUp}`` for the reports it knows about.
A ``FollowUp`` has a link only for a user allowed to open what it links to: the source
decides, by its own rules of who may see what.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FollowUp:
    text: str
    url: str = ""  # empty: the user may not open it (the text is still shown)


_SOURCES: list[Callable] = []


def register(source: Callable) -> Callable:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def follow_ups(reports: Iterable, user) -> dict[int, list[FollowUp]]:
    """Each report's follow-ups (in one query a source, for a page of the list)."""
    reports = list(reports)
    found: dict[int, list[FollowUp]] = {report.pk: [] for report in reports}
    if not reports:
        return found
    for source in _SOURCES:
        for report_id, follow_up in source(reports, user).items():
            found.setdefault(report_id, []).append(follow_up)
    return found
