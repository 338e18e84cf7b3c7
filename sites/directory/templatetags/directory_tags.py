"""Template helpers for the public directory pages: plain words, and only what may be shown."""

from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from sites.core.templatetags.languages import own_words

from .. import homes, selectors
from ..models import ActivityPage, OrganisationIndexPage, PlaceIndexPage
from ..models.pages import area_in_words
from ..models.schedule import date_in_words, next_occurrences

register = template.Library()


@register.simple_tag(takes_context=True)
def cost_words(context, activity):
    """What it costs: the organisers' own words marked with their language (WCAG 3.1.2)
    when they are shown to a reader of another, "Free" and the like in the reader's."""
    if activity.is_free or not activity.cost_details:
        return activity.cost_in_words
    return own_words(context, activity.cost_details, activity)


ACCESS_MODE_WORDS = {
    ActivityPage.AccessMode.DROP_IN: _("Just turn up. You do not need to book."),
    ActivityPage.AccessMode.BOOK: _("Book a place before you go."),
    ActivityPage.AccessMode.REFERRAL: (
        _(
            "By referral. Someone like a doctor, social worker or support worker asks for "
            "a place for you."
        )
    ),
}


def _now():
    return timezone.localtime().replace(tzinfo=None)


def _still_happens(schedule, today) -> bool:
    if schedule.ends_on and schedule.ends_on < today:
        return False
    return not (schedule.frequency == schedule.Frequency.ONCE and schedule.starts_on < today)


@register.simple_tag
def when_lines(activity: ActivityPage) -> list[str]:
    """One line per time it happens: 'Every Tuesday, 10am to 12 noon — next on Tuesday 13
    January'. Times that have ended are left out."""
    now = _now()
    closures = list(activity.closures.all())
    lines = []
    for schedule in activity.schedules.all():
        if not _still_happens(schedule, now.date()):
            continue
        upcoming = next_occurrences([schedule], closures, now, count=1)
        line = schedule.in_words
        if upcoming and schedule.frequency != schedule.Frequency.ONCE:
            line += gettext(" — next on %(date)s") % {"date": date_in_words(upcoming[0][0].date())}
        lines.append(line)
    return lines


@register.simple_tag
def next_dates(activity: ActivityPage, count: int = 3) -> list[str]:
    """The next few dates, across every time, with closures left out."""
    return [
        gettext("%(date)s, %(time)s")
        % {"date": date_in_words(moment.date()), "time": schedule.time_range_in_words}
        for moment, schedule in activity.next_occurrences(after=_now(), count=count)
    ]


@register.simple_tag
def coming_closures(activity: ActivityPage) -> list[str]:
    today = _now().date()
    lines = []
    for closure in activity.closures.all():
        ends = closure.ends_on or closure.starts_on
        if ends < today:
            continue
        if closure.ends_on and closure.ends_on != closure.starts_on:
            when = gettext("From %(start)s to %(end)s") % {
                "start": date_in_words(closure.starts_on),
                "end": date_in_words(closure.ends_on),
            }
        else:
            when = gettext("On %(date)s") % {"date": date_in_words(closure.starts_on)}
        lines.append(f"{when}{f' ({closure.reason})' if closure.reason else ''}")
    return lines


@register.simple_tag
def accessibility_of(activity: ActivityPage) -> list[tuple[str, str]]:
    return selectors.accessibility_features_of(activity)


@register.simple_tag
def who_it_suits(activity: ActivityPage) -> list[str]:
    lines = []
    if activity.age_min is not None and activity.age_max is not None:
        lines.append(
            gettext("Ages %(min)s to %(max)s") % {"min": activity.age_min, "max": activity.age_max}
        )
    elif activity.age_min is not None:
        lines.append(gettext("Ages %(min)s and over") % {"min": activity.age_min})
    elif activity.age_max is not None:
        lines.append(gettext("Ages up to %(max)s") % {"max": activity.age_max})
    if activity.gender:
        lines.append(activity.get_gender_display())
    if activity.learning_disability_friendly:
        lines.append(gettext("Good for people with learning disabilities"))
    if activity.mental_health_friendly:
        lines.append(gettext("Good for people with mental health conditions"))
    if activity.carers_welcome:
        lines.append(gettext("Carers are welcome too"))
    if activity.beginners_welcome:
        lines.append(gettext("Beginners are welcome"))
    return lines


@register.simple_tag
def ways_to_take_part(activity: ActivityPage) -> list[str]:
    ways = [
        (gettext("In person"), activity.in_person),
        (gettext("Online"), activity.online),
        (gettext("By phone"), activity.by_phone),
    ]
    return [label for label, offered in ways if offered]


@register.simple_tag
def where_in_brief(activity: ActivityPage) -> str:
    """'Brixton Community Hall, SW2 area', 'SW9 area' (a home: no name, no street),
    'Online', or 'SW9 area, or online', for lists. Never the street address."""
    parts = []
    place = activity.place
    if activity.in_person and place is not None and place.live:
        area = area_in_words(place)
        if homes.is_home(place) or not is_visible(place):
            parts.append(area)
        else:
            parts.append(f"{place.title}, {area}")
    if activity.online:
        parts.append(gettext("Online"))
    if activity.by_phone:
        parts.append(gettext("By phone"))
    if not parts:
        return gettext("Ask the organisers where it happens")
    return gettext(", or ").join([parts[0], *(part.lower() for part in parts[1:])])


@register.filter
def access_mode_in_words(activity: ActivityPage) -> str:
    return ACCESS_MODE_WORDS.get(activity.access_mode, activity.get_access_mode_display())


@register.filter
def is_home(place) -> bool:
    """Whether the place is someone's home, its street address hidden (homes.py)."""
    return homes.is_home(place)


@register.filter
def place_name_for(place, viewer) -> str:
    """A place's name as ``viewer`` may read it: "A member's home" for a visitor (homes.py)."""
    return homes.place_name(place, viewer)


@register.filter
def names_place_for(place, viewer) -> bool:
    """Whether ``viewer`` reads the place's own name, and so may follow it to its page."""
    return homes.names_the_place(place, viewer)


@register.filter
def is_visible(page: Page | None) -> bool:
    """Whether to link to a listing: live, and not hidden for being out of date."""
    return bool(page and page.live and not getattr(page, "hidden_as_stale", False))


@register.filter
def phone_link(number: str) -> str:
    return "tel:" + "".join(ch for ch in number or "" if ch in "0123456789+")


@register.simple_tag(takes_context=True)
def listed_children(context, page: Page):
    """An index page's live, current listings, A to Z (homes for members only: homes.py)."""
    if isinstance(page, OrganisationIndexPage):
        return selectors.a_to_z(selectors.listed_below(selectors.visible_organisations(), page))
    if isinstance(page, PlaceIndexPage):
        places = homes.shown_to(selectors.visible_places(), _viewer(context))
        return selectors.a_to_z(selectors.listed_below(places, page))
    return Page.objects.none()


def _viewer(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag
def activities_of(organisation):
    return selectors.organisation_activities(organisation)


@register.simple_tag
def activities_at(place):
    return selectors.place_activities(place)


@register.simple_tag(takes_context=True)
def places_of(context, organisation):
    places = homes.shown_to(selectors.organisation_places(organisation), _viewer(context))
    return selectors.a_to_z(places)


@register.simple_tag(takes_context=True)
def things_to_do_url(context, **params) -> str:
    """The 'Things to do' listing, optionally already filtered (interest=slug)."""
    request = context.get("request")
    page = selectors.things_to_do_page()
    if page is None:
        return ""
    url = page.get_url(request=request) or ""
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{url}?{query}" if query and url else url


@register.simple_tag(takes_context=True)
def postcode_hint(context) -> str:
    """What a postcode box says, with one of the borough's own districts as its example
    (never another borough's); without places, plain words with no place."""
    district = selectors.remembered_postcode_district(context.get("request"))
    if not district:
        return gettext("A full postcode, or just the first part, before the space.")
    return gettext("A full postcode, or just the first part, such as %(district)s.") % {
        "district": district
    }
