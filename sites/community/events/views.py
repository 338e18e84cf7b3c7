"""Event pages, served by EventIndexPage's routes. Thin: services decide, views show."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.community import kept_words
from sites.community.services import events as event_service
from sites.community.services import moderation
from sites.core.languages.isolation import with_names
from sites.core.ratelimit import attempt, attempt_with_message
from sites.core.typed_dates import example_date
from sites.directory.models.schedule import date_in_words

from ..section_views import only_for, section_renderer
from . import ical, recurrence, selectors
from .forms import AttendanceDateForm, EventFilterForm, EventForm, initial_for
from .links import event_url

TEMPLATES = "community/events/"


_render = section_renderer(TEMPLATES)


def _event_or_404(request, slug):
    event = selectors.visible_event(request.user, slug)
    if event is None:
        raise Http404("No such event")
    return event


# An event's pages for the people who run it.
_runners_only = only_for(
    _event_or_404,
    event_service.can_edit,
    gettext_lazy("Only the people who run this event can change it"),
)


def _borough(request):
    return getattr(request, "borough", None) or getattr(request, "tenant", None)


# --- The listing -------------------------------------------------------------------------------


def event_list(request, page):
    form = EventFilterForm(request.GET)
    filters = form.to_filters()
    days = selectors.events_by_day(request.user, filters, form.first_day)
    later = form.first_day + datetime.timedelta(days=selectors.LISTING_DAYS)
    last_day = later - datetime.timedelta(days=1)
    filter_query = form.query_items(with_date=False)
    return _render(
        page,
        request,
        "index.html",
        {
            "filter_form": form,
            "filters": filters,
            "notices": form.ignored,
            "days": days,
            "occurrence_count": sum(len(day.occurrences) for day in days),
            # The map beside the list: the same events, each once.
            "map_items": list(dict.fromkeys(o.event for day in days for o in day.occurrences)),
            "first_day": form.first_day,
            "last_day": last_day,
            "from_value": form.date_text or form.today.isoformat(),
            "date_example": example_date(),  # in the reader's words, a date the box reads
            "later_url": "?" + urlencode([*filter_query, ("from", later.isoformat())]),
            "clear_url": request.path,  # in the reader's language, as the page was asked for
            "can_post": event_service.can_post_events(request.user),
            "is_moderator": moderation.is_moderator(request.user),
        },
    )


# --- One event -----------------------------------------------------------------------------------


def event_detail(request, page, slug):
    event = _event_or_404(request, slug)
    finished = recurrence.is_finished(event)
    answers = event_service.attendances_of(request.user, event)
    offered = [] if finished else selectors.dates_offered(event)
    return _render(
        page,
        request,
        "event.html",
        {
            "event": event,
            "when": recurrence.when_in_words(event),
            "next_time": offered[0] if offered else None,
            "finished": finished,
            "dates": [(occurrence, answers.get(occurrence.date)) for occurrence in offered],
            "other_answers": _other_answers(answers, offered),
            "rsvp_problem": event_service.why_cannot_rsvp(request.user, event)
            if request.user.is_authenticated
            else None,
            "features": _features(event),
            "interests": event.interests.all(),
            "host": event_service.host_of(event),
            "can_edit": event_service.can_edit(request.user, event),
            "is_moderator": moderation.is_moderator(request.user),
        },
    )


def _other_answers(answers, offered):
    """My answers for dates still to come that are beyond the dates shown (kept in view,
    so I can always say I can't go)."""
    shown = {occurrence.date for occurrence in offered}
    today = timezone.localdate()
    return [
        (day, answer)
        for day, answer in sorted(answers.items())
        if day >= today and day not in shown
    ]


def _features(event):
    """The event's own accessibility features and its place's, once each."""
    return [label for _, label in event.shown_accessibility_features()]


def _answer_page(request, event, day=None):
    """Back to the event's page, at the date just answered (or at "Are you going?")."""
    anchor = f"#on-{day.isoformat()}" if day else "#your-place"
    return redirect(event_url(event, request=request) + anchor)


def _date_answered(request, slug):
    """The event and the date a signed-in member POSTed, or where to send them instead."""
    event = _event_or_404(request, slug)
    if request.method != "POST":
        return event, None, redirect(event_url(event, request=request))
    if not request.user.is_authenticated:
        return event, None, redirect_to_login(event_url(event, request=request))
    form = AttendanceDateForm(request.POST)
    if form.problem():
        messages.error(request, form.problem())
        return event, None, _answer_page(request, event)
    return event, form.cleaned_data["date"], None


def going(request, page, slug):
    """POST ``date``: "I'm going" on that date (or join its waiting list)."""
    event, day, elsewhere = _date_answered(request, slug)
    if elsewhere:
        return elsewhere
    answered = attempt_with_message(
        request, lambda: event_service.rsvp(request.user, event, day), event_service.AttendanceError
    )
    if not answered.done and answered.status != 429:
        return _answer_page(request, event)
    if answered.done:
        answer = answered.result
        on = date_in_words(day)
        if answer.is_going:
            messages.success(
                request,
                with_names(_("You are going to %(title)s on %(on)s."), title=event.title, on=on),
            )
        else:
            messages.info(
                request,
                with_names(
                    _(
                        "%(title)s is full on %(on)s, so you are on the waiting list for that "
                        "date. You are number %(position)s. We will email you if a place "
                        "comes up."
                    ),
                    title=event.title,
                    on=on,
                    position=answer.position,
                ),
            )
    return _answer_page(request, event, day)


def not_going(request, page, slug):
    """POST ``date``: "I can't go now" on that date (or leave its waiting list)."""
    event, day, elsewhere = _date_answered(request, slug)
    if elsewhere:
        return elsewhere
    answer = event_service.attendance_of(request.user, event, day)
    if answer is None:
        messages.info(
            request,
            _("You had not said you were going on %(on)s.") % {"on": date_in_words(day)},
        )
        return _answer_page(request, event)
    event_service.cancel_rsvp(request.user, event, day, borough=_borough(request))
    on = date_in_words(day)
    if answer.is_going:
        messages.success(
            request,
            with_names(
                _("You are no longer going to %(title)s on %(on)s."), title=event.title, on=on
            ),
        )
    else:
        messages.success(
            request,
            with_names(
                _("You have left the waiting list for %(title)s on %(on)s."),
                title=event.title,
                on=on,
            ),
        )
    return _answer_page(request, event, day)


def event_ics(request, page, slug):
    event = _event_or_404(request, slug)
    if event.status not in (event.Status.PUBLISHED, event.Status.CANCELLED):
        raise Http404("This event is not on the website yet")
    body = ical.calendar(_borough(request), [event], event.title)
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


# --- Posting, editing, cancelling ---------------------------------------------------------------


def _event_form(request, page, form, save, *, problem, event, held, published):
    """The post and edit pages share this: check the form, save it with ``save(form)`` (a
    service), then say what happened (``held`` or ``published``) and go to the event.

    Bad input, a rule the service refuses (400) or too many attempts (429) show the form
    again with a clear message; nothing is saved. ``problem`` (why the person cannot do
    this) is shown instead of saving.
    """
    status = 200
    if request.method == "POST" and not problem:
        if form.is_valid():
            saving = attempt(
                form,
                lambda: save(form),
                event_service.EventError,
                PermissionDenied,
                refused_status=400,
            )
            status = saving.status
            if saving.done:
                saved = saving.result
                messages.success(request, held if saved.status == saved.Status.HELD else published)
                return redirect(event_url(saved, request=request))
        else:
            status = 400
    return _render(
        page, request, "form.html", {"form": form, "problem": problem, "event": event}, status
    )


def new_event(request, page):
    if not request.user.is_authenticated:
        if request.method == "POST":
            return kept_words.keep_and_sign_in(request)
        return redirect_to_login(request.get_full_path())
    problem = event_service.why_cannot_post_events(request.user)
    hosts = [] if problem else event_service.hosts_for(request.user)
    initial = kept_words.kept_words(request)  # words kept when they were signed out
    wanted_host = request.GET.get("host", "")
    if any(host.key == wanted_host for host in hosts):
        initial["host"] = wanted_host
    return _event_form(
        request,
        page,
        EventForm(
            request.POST or None,
            request.FILES or None,
            hosts=hosts,
            initial=initial,
            writer=request.user,
        ),
        lambda form: event_service.post_event(
            request.user, form.cleaned_data["host"], form.details(), borough=_borough(request)
        ),
        problem=problem,
        event=None,
        held=_(
            "Thank you. Your event is waiting for a moderator to check it. "
            "We will email you when it is on the website."
        ),
        published=_("Thank you. Your event is on the website."),
    )


@_runners_only
def edit_event(request, page, event):
    problem = None
    if event.status in (event.Status.CANCELLED, event.Status.REMOVED):
        problem = _("This event is cancelled, so it cannot be changed.")
    return _event_form(
        request,
        page,
        EventForm(
            request.POST or None,
            request.FILES or None,
            event=event,
            initial={**initial_for(event), **kept_words.kept_words(request)},
            writer=request.user,
            hosts=event_service.hosts_for(request.user),  # for the place box's hint
        ),
        lambda form: event_service.update_event(
            request.user, event, form.details(), borough=_borough(request)
        ),
        problem=problem,
        event=event,
        held=_(
            "Your changes are saved. A moderator will check them before the event is on "
            "the website again."
        ),
        published=_("Your changes are saved."),
    )


@_runners_only
def cancel_event(request, page, event):
    if request.method == "POST":
        event_service.cancel_event(request.user, event, borough=_borough(request))
        messages.success(
            request, _("The event is cancelled. We have told everyone who said they were going.")
        )
        return redirect(event_url(event, request=request))
    return _render(
        page,
        request,
        "cancel.html",
        {"event": event, "when": recurrence.when_in_words(event)},
    )


# --- Moderators ----------------------------------------------------------------------------------


def held(request, page):
    """Held events are decided in the moderation queue in the Wagtail admin: this old
    address sends moderators there."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not moderation.is_moderator(request.user):
        raise Http404("Only moderators can see this page")
    return redirect(reverse("community_moderation_queue"))
