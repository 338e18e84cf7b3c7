"""Wagtail's generic views that would bypass ``access.py`` (or show titles in a history)
answer 404 on the Community Connecting viewsets."""

from django.http import Http404
from django.urls import path

CLOSED = {"add", "delete", "history", "history_results", "usage"}


def _not_here(request, *args, **kwargs):
    raise Http404


def without_generic_views(patterns) -> list:
    return [
        path(str(p.pattern), _not_here, name=p.name) if p.name in CLOSED else p for p in patterns
    ]


class NoExport:
    """For a viewset's index view: its hidden spreadsheet export (``?export=csv`` or
    ``xlsx``) is refused (404). No link leads to it, and health data does not leave in bulk
    without a reason: a person's own data leaves through the record's "Download
    everything", which is audited."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False

    def dispatch(self, request, *args, **kwargs):
        if "export" in request.GET:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class NoClosedLinks:
    """For a viewset's edit view: no links to the history, usage and delete pages, which
    answer 404 here (``CLOSED``)."""

    def get_history_url(self):
        return None

    def get_usage_url(self):
        return None

    def get_delete_url(self):
        return None
