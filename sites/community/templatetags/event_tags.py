"""Template helpers for events: links into the events section, and a group's calendar."""

from django import template
from django.http import Http404

from sites.community.events import links
from sites.community.events.feeds import group_feed_path
from sites.community.services import events as event_service

register = template.Library()


@register.simple_tag(takes_context=True)
def event_url(context, event, name="event"):
    return links.event_url(event, name, request=context.get("request"))


@register.simple_tag(takes_context=True)
def events_url(context, name="events", *args):
    return links.events_url(name, *args, request=context.get("request"))


@register.simple_tag(takes_context=True)
def group_calendar(context, group) -> dict:
    """For a group's page: its feed link for this reader (members-only groups: a private
    link for members, nothing for anyone else), and "Post an event" for its organisers."""
    request = context.get("request")
    user = getattr(request, "user", None)
    borough = getattr(request, "borough", None)
    if group.status != group.Status.APPROVED:
        return {}
    try:
        feed = group_feed_path(group, user, borough)
    except Http404:
        feed = None
    can_post = any(host.group == group for host in event_service.hosts_for(user)) and (
        event_service.can_post_events(user)
    )
    post_url = ""
    if can_post:
        try:
            post_url = links.events_url("new-event", request=request) + f"?host=group-{group.pk}"
        except Http404:
            can_post = False
    return {
        "feed_url": feed,
        "private": group.is_members_only,
        "can_post": can_post,
        "post_url": post_url,
    }
