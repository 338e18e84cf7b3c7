"""Waiting work, where each role looks: one "Waiting for you" panel on the admin
dashboard, and counts on admin menu items.

Apps say what waits for whom in their ``wagtail_hooks.py`` (``register``); this module
knows none of them, so the layers still import one way. A source returns the rows the
signed-in user should see (nothing for other roles), so one role never sees another's.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail.admin.ui.components import Component


@dataclass(frozen=True)
class WaitingRow:
    label: str
    count: int
    url: str
    urgent: bool = False  # shown first, and marked (safeguarding cases)


# (order, source): a source takes the request and returns the rows for its user.
_SOURCES: list[tuple[int, Callable]] = []


def register(order: int):
    def decorator(source):
        _SOURCES.append((order, source))
        _SOURCES.sort(key=lambda entry: entry[0])
        return source

    return decorator


def rows_for(request) -> list[WaitingRow]:
    rows = [row for _, source in _SOURCES for row in source(request)]
    return sorted(rows, key=lambda row: not row.urgent)


class WaitingForYouPanel(Component):
    name = "waiting_for_you"
    order = 10
    template_name = "core/admin/waiting_for_you.html"

    def __init__(self, rows: list[WaitingRow]):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {"rows": self.rows, "total": sum(row.count for row in self.rows)}


def dashboard_panel(request) -> WaitingForYouPanel | None:
    rows = rows_for(request)
    return WaitingForYouPanel(rows) if rows else None


def counted(menu_item_class, count: Callable):
    """A menu item class whose label ends with how many things wait, e.g. "Reports (3)".

    ``count`` takes the request, so a count can depend on who is looking."""

    class CountedMenuItem(menu_item_class):
        def render_component(self, request):
            component = super().render_component(request)
            waiting = count(request)
            if waiting:
                component.label = f"{self.label} ({waiting})"
            return component

    CountedMenuItem.__name__ = f"Counted{menu_item_class.__name__}"
    return CountedMenuItem
