"""'Report a problem with this event': the directory's report form and service
(sites/directory/views.py), for an event its visitor may see; the Editors get the
report as they get a listing's."""

from django.http import Http404

from sites.community.section_views import section_renderer
from sites.directory.views import report_form_response

from . import selectors
from .links import event_url

_render = section_renderer("community/events/")
FORM, THANKS = "directory/report_problem.html", "directory/report_thanks.html"


def _reportable_event(request, slug):
    event = selectors.visible_event(request.user, slug)
    if event is None or event.status != event.Status.PUBLISHED:
        raise Http404("No such event")
    return event


def report_event(request, page, slug):
    event = _reportable_event(request, slug)
    return report_form_response(
        request,
        event,
        event_url(event, request=request),
        event_url(event, "report-thanks", request=request),
        lambda context, status: _render(page, request, FORM, context, status),
    )


def report_event_thanks(request, page, slug):
    event = _reportable_event(request, slug)
    context = {"listing": event, "listing_url": event_url(event), "about_an_event": True}
    return _render(page, request, THANKS, context)
