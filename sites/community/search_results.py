"""How community content appears in the borough's search box (see search/registry.py).

Found at start-up by the search app. What each person may find is decided here, per
search, by the same selectors the community pages use, so search never shows more
than the pages would:

- **groups**: approved groups, members-only ones included. Their name, description,
  interests and meeting details are public on purpose, so people can find them and ask
  to join; nothing of their discussions or events is in a group's entry.
- **events**: published events the viewer may see (``events.selectors.audience``: a
  members-only group's events only for its members), until their last time finishes.
  Held, cancelled and removed events are never indexed.
- **discussions** (threads, found by their title) and **discussion posts** (found by
  their words): only what ``readable_threads(viewer)`` lets the viewer open, so a
  members-only group's discussions are for its members only, and nothing started by
  a member the viewer blocked, or who blocked the viewer. Only visible posts are
  indexed, and a blocked member's posts are never shown to the blocker (nor the
  blocker's to them).

Nothing about a member is indexed: no names, emails or profiles, and no author field.

The index holds only what is searchable by someone: a closed or declined group's events,
discussions and posts leave it, as do a hidden discussion's posts, and an interest
renamed (or a place retitled) re-indexes the events and groups that name it. Each
such change queues a sync of the objects that depend on it (``resync_on_change`` at
the end).
Results link to the public pages (``links.py`` of each part).
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from search.document import EngineValues
from search.indexing import follow_changes, resync_on_change
from search.registry import (
    EngineScope,
    ResultDetails,
    ResultType,
    place_locations,
    place_points,
    register_engine_scope,
    register_result_type,
)
from sites.directory.homes import place_name
from sites.directory.models import Interest, PlacePage
from sites.directory.models.mixins import ACCESSIBILITY_FIELDS
from sites.directory.models.schedule import date_in_words, time_in_words

from .discussions.links import post_url, thread_url
from .discussions.selectors import hidden_author_ids, readable_threads
from .events import recurrence
from .events.links import event_url_or_none
from .events.selectors import audience
from .groups.links import group_url
from .models import CommunityGroup, Event, GroupMembership, Post, Thread
from .models.discussions import ModeratedStatus
from .services.events import where_in_words
from .services.groups import approved_groups
from .services.moderation import is_moderator

# A repeating event whose last date is this close may have had its last time already
# (a monthly one repeats at most five weeks apart): those are checked one by one.
LAST_TIMES_CHECKED_WITHIN = 62  # days


def _link(make, *args) -> str:
    try:
        return make(*args) or ""
    except (Http404, NoReverseMatch):  # the borough has no such section page
        return ""


# --- What each viewer may find -------------------------------------------------------------


def unfinished(events, now=None):
    """``events`` whose last time has not finished (``recurrence.is_finished``)."""
    now = now or timezone.now()
    today = timezone.localtime(now, recurrence.LONDON).date()
    one_off = Q(repeat=Event.Repeat.NEVER)
    candidates = events.filter(
        Q(ends_at__gt=now)
        | (~one_off & Q(repeat_until__isnull=True))
        | (~one_off & Q(repeat_until__gte=today - datetime.timedelta(days=1)))
    )
    near_the_end = candidates.exclude(one_off).filter(
        repeat_until__lt=today + datetime.timedelta(days=LAST_TIMES_CHECKED_WITHIN)
    )
    finished = [event.pk for event in near_the_end if recurrence.is_finished(event, now)]
    return candidates.exclude(pk__in=finished)


def searchable_events(viewer):
    """Published events ``viewer`` may see that have not finished."""
    return unfinished(Event.objects.filter(audience(viewer), status=Event.Status.PUBLISHED))


def searchable_threads(viewer):
    """Visible discussions ``viewer`` may open."""
    return readable_threads(viewer).filter(status=ModeratedStatus.VISIBLE)


def searchable_posts(viewer):
    """Visible posts, in discussions ``viewer`` may open, by nobody blocked either way."""
    posts = Post.objects.filter(
        status=ModeratedStatus.VISIBLE, thread__in=searchable_threads(viewer).values("pk")
    )
    hidden = hidden_author_ids(viewer)
    if hidden:
        posts = posts.exclude(author_id__in=hidden)
    return posts


# --- The same, for the engine (search/document.py) ---------------------------------------------


def viewer_scope(viewer) -> EngineScope:
    """Moderators see every audience (``audience``, ``readable_group_ids``); members
    their groups' too; nobody sees discussions and posts of members blocked either way."""
    hidden = tuple(sorted(hidden_author_ids(viewer)))
    if is_moderator(viewer):
        return EngineScope(audiences=None, hidden_authors=hidden)
    audiences = ["public"]
    if getattr(viewer, "is_authenticated", False):
        groups = GroupMembership.objects.filter(member=viewer).values_list("group_id", flat=True)
        audiences += [f"group-{pk}" for pk in groups]
    return EngineScope(audiences=tuple(audiences), hidden_authors=hidden)


register_engine_scope(viewer_scope)


def _group_open(group) -> bool:
    return group is None or group.status == CommunityGroup.Status.APPROVED


def _audience(group) -> list[str]:
    """ "public", or only the members of a members-only group."""
    if group is None or not group.is_members_only:
        return ["public"]
    return [f"group-{group.pk}"]


def event_values(event: Event) -> EngineValues:
    exact, area = place_points([event.place])
    ways = [way for way, present in (("in_person", event.place_id), ("online", event.online_url))]
    return EngineValues(
        shown=event.status == Event.Status.PUBLISHED and _group_open(event.group),
        audience=_audience(event.group),
        ends_at=recurrence.last_end(event),
        title=event.title.lower(),
        interests=[interest.slug for interest in event.interests.all()],
        cost="free" if event.is_free else "paid",
        ways=[way for way in ways if way],
        access=[
            name
            for name in ACCESSIBILITY_FIELDS
            if getattr(event, name) or (event.place is not None and getattr(event.place, name))
        ],
        exact_points=exact,
        area_points=area,
    )


def group_values(group: CommunityGroup) -> EngineValues:
    exact, area = place_points([group.place])
    return EngineValues(
        shown=group.status == CommunityGroup.Status.APPROVED,
        title=group.name.lower(),
        interests=[interest.slug for interest in group.interests.all()],
        exact_points=exact,
        area_points=area,
    )


def thread_values(thread: Thread) -> EngineValues:
    return EngineValues(
        shown=thread.status == ModeratedStatus.VISIBLE and _group_open(thread.group),
        audience=_audience(thread.group),
        authors=[thread.author_id] if thread.author_id else [],
        title=thread.title.lower(),
    )


def post_values(post: Post) -> EngineValues:
    thread = thread_values(post.thread)
    thread.shown = thread.shown and post.status == ModeratedStatus.VISIBLE
    thread.authors = sorted({*thread.authors, *([post.author_id] if post.author_id else [])})
    return thread


# --- How each is shown ---------------------------------------------------------------------


def describe_group(group: CommunityGroup) -> ResultDetails:
    facts = (_("Members-only discussions"),) if group.is_members_only else ()
    return ResultDetails(when=group.meets_when, where=group.meets_where, facts=facts)


def describe_event(event: Event) -> ResultDetails:
    upcoming = recurrence.next_occurrence(event)
    when = ""
    if upcoming is not None:
        moment = upcoming.starts_at
        when = _("Next on %(day)s, %(time)s") % {
            "day": date_in_words(moment.date()),
            "time": time_in_words(moment.time()),
        }
    facts = (_("Free") if event.is_free else _("Costs money"),)
    # A result reads the same for everyone who may see it, visitors too: never a home's name.
    where = where_in_words(event, place_name(event.place, AnonymousUser()))
    return ResultDetails(when=when, where=where, facts=facts)


def _discussion_place(thread: Thread) -> str:
    if thread.group_id:
        return _("In the group %(name)s") % {"name": thread.group.name}
    if thread.topic_id:
        return f"In {thread.topic.name}"
    return ""


def describe_thread(thread: Thread) -> ResultDetails:
    active = timezone.localdate(thread.last_activity_at)
    return ResultDetails(
        when=_("Last active %(day)s") % {"day": date_in_words(active)},
        where=_discussion_place(thread),
    )


def describe_post(post: Post) -> ResultDetails:
    return ResultDetails(
        when=f"Posted {date_in_words(timezone.localdate(post.created_at))}",
        where=_discussion_place(post.thread),
    )


def _interest(value, chosen):
    return Q(interests__slug=value)


# The same conditions as events.selectors.filter_events (the events listing's filters).
EVENT_WAYS = {"in_person": Q(place__isnull=False), "online": ~Q(online_url="")}


register_result_type(
    ResultType(
        key="event",
        model=Event,
        label=gettext_lazy("Event"),
        plural=gettext_lazy("Events"),
        visible=searchable_events,
        describe=describe_event,
        prepare=lambda queryset: queryset.select_related("place", "group"),
        snippet_field="description",
        url=lambda event, request: event_url_or_none(event),
        facet_filters={
            "interest": _interest,
            "cost": lambda value, chosen: Q(is_free=(value == "free")),
            "way": lambda value, chosen: EVENT_WAYS.get(value, Q(pk__in=[])),
            "access": lambda value, chosen: Q(**{value: True}) | Q(**{f"place__{value}": True}),
        },
        locate=place_locations("place"),
        order=40,
        engine_values=event_values,
    )
)
register_result_type(
    ResultType(
        key="group",
        model=CommunityGroup,
        label=gettext_lazy("Group"),
        plural=gettext_lazy("Groups"),
        visible=lambda viewer: approved_groups(),  # advertised to everyone (see above)
        describe=describe_group,
        snippet_field="description",
        title_field="name",
        url=lambda group, request: _link(group_url, group, "group", request),
        facet_filters={"interest": _interest},
        locate=place_locations("place"),
        order=50,
        engine_values=group_values,
    )
)
register_result_type(
    ResultType(
        key="discussion",
        model=Thread,
        label=gettext_lazy("Discussion"),
        plural=gettext_lazy("Discussions"),
        visible=searchable_threads,
        describe=describe_thread,
        prepare=lambda queryset: queryset.select_related("topic", "group"),
        snippet_field="",  # a discussion's words are its posts, found as posts
        url=lambda thread, request: _link(thread_url, thread, request),
        order=60,
        engine_values=thread_values,
    )
)
register_result_type(
    ResultType(
        key="post",
        model=Post,
        label=gettext_lazy("Discussion post"),
        plural=gettext_lazy("Discussion posts"),
        visible=searchable_posts,
        describe=describe_post,
        prepare=lambda queryset: queryset.select_related("thread__topic", "thread__group"),
        snippet_field="body",
        title_field="thread__title",
        url=lambda post, request: _link(post_url, post, request),
        autocomplete=False,  # suggestions are titles; a post has none of its own
        order=70,
        engine_values=post_values,
    )
)

for model in (CommunityGroup, Event, Thread, Post):
    follow_changes(model)


# --- What else their index entries follow ---------------------------------------------------


def group_contents(group: CommunityGroup):
    """A group's events and discussions are indexed only while it is approved."""
    return [
        (Event, Event.objects.filter(group=group)),
        (Thread, Thread.objects.filter(group=group)),
        (Post, Post.objects.filter(thread__group=group)),
    ]


def thread_posts(thread: Thread):
    """A discussion's posts are indexed only while it is visible."""
    return [(Post, Post.objects.filter(thread=thread))]


def using_interest(interest: Interest):
    """Events and groups hold their interests' names in their entries."""
    return [
        (Event, Event.objects.filter(interests=interest)),
        (CommunityGroup, CommunityGroup.objects.filter(interests=interest)),
    ]


def places_in_use(place: PlacePage):
    """Events and groups hold their place's point (a hidden address: its district's)."""
    return [
        (Event, Event.objects.filter(place=place)),
        (CommunityGroup, CommunityGroup.objects.filter(place=place)),
    ]


def events_at(place: PlacePage):
    """Events hold their place's title and accessibility features (a group's place is
    not in its entry)."""
    return [(Event, Event.objects.filter(place=place))]


resync_on_change(CommunityGroup, ["status", "visibility"], group_contents)
resync_on_change(Thread, ["status"], thread_posts)
resync_on_change(Interest, ["name", "slug"], using_interest)
resync_on_change(PlacePage, ["title", *ACCESSIBILITY_FIELDS], events_at)
resync_on_change(
    PlacePage, ["latitude", "longitude", "postcode", "hide_street_address"], places_in_use
)
