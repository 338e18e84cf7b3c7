"""Calendar feeds: the borough's (/events/calendar.ics) and each group's
(/groups/<slug>/events.ics).

A members-only group's feed is private: it works only with a signed key made for one
member, shown to them on the group's page (``group_feed_url``). The key names the
borough, the group and the member, and stops working when they leave the group. Without
a good key the feed is "not found", so it reveals nothing.
"""

from django.core import signing
from django.http import Http404, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext

from sites.community.groups.links import group_url
from sites.community.services import groups as group_service
from sites.community.services import moderation
from tenants.emails import current_borough

from . import ical, selectors
from .links import absolute_url

FEED_SALT = "connectdo.events.group-feed"
PUBLIC_FEED_SECONDS = 15 * 60


def _borough(request):
    return getattr(request, "borough", None) or getattr(request, "tenant", None)


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def borough_feed(request, page):
    """Every public event in the borough (not members-only groups' events)."""
    borough = _borough(request)
    body = ical.calendar(
        borough,
        selectors.borough_feed_events(),
        gettext("Events – Connect & Do %(borough)s") % {"borough": borough.name},
    )
    response = _calendar_response(body, "events.ics")
    patch_cache_control(response, public=True, max_age=PUBLIC_FEED_SECONDS)
    return response


# --- Group feeds ---------------------------------------------------------------------------------


def group_feed_token(borough, group, user) -> str:
    return signing.dumps({"b": borough.schema_name, "g": group.pk, "u": user.pk}, salt=FEED_SALT)


def _token_reader(borough, group, token: str):
    """The member a key was made for, if it is genuine and they may still see the group."""
    try:
        payload = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    if payload.get("b") != borough.schema_name or payload.get("g") != group.pk:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None:
        return None
    if group_service.is_member(user, group) or moderation.is_moderator(user):
        return user
    return None


def group_feed_path(group, user=None, borough=None) -> str | None:
    """The feed's address for ``user``: public groups' for anyone; members-only groups'
    only for their members (with their own key); None for anyone else."""
    try:
        path = group_url(group, "events-ics")
    except Http404:
        return None
    if not group.is_members_only:
        return path
    if not getattr(user, "is_authenticated", False):
        return None
    if not (group_service.is_member(user, group) or moderation.is_moderator(user)):
        return None

    borough = borough or current_borough()
    return f"{path}?key={group_feed_token(borough, group, user)}"


def group_feed_url(borough, group, user=None) -> str | None:
    path = group_feed_path(group, user, borough)
    return absolute_url(borough, path) if path else None


def group_feed(request, page, slug):
    """Served by GroupIndexPage's route ``<slug>/events.ics``."""
    group = selectors.feed_group(slug)
    if group is None:
        raise Http404("No such group")
    borough = _borough(request)
    key = request.GET.get("key", "")
    if group.is_members_only and _token_reader(borough, group, key) is None:
        raise Http404("No such calendar")
    body = ical.calendar(
        borough,
        selectors.group_feed_events(group),
        gettext("%(group)s – Connect & Do %(borough)s")
        % {"group": group.name, "borough": borough.name},
    )
    response = _calendar_response(body, f"{group.slug}.ics")
    if group.is_members_only:
        add_never_cache_headers(response)
        response["Cache-Control"] += ", private"
        response["X-Robots-Tag"] = "noindex"
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_FEED_SECONDS)
    return response
