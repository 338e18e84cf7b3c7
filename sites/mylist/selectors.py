"""Reading a list: whose it is, what is on it, and what of it a viewer may see.

A list is a sequence of references ("activity:12", "event:3"), nothing more. What each
reference shows is looked up at reading time through the apps' own "what the public may
see" selectors, so an item removed, unpublished, hidden as stale or made private since
it was saved is simply left out. Everything reads the current borough's schema only.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import connection

from sites.community.events.links import event_url_or_none
from sites.community.events.selectors import listed_events
from sites.community.groups.links import group_url
from sites.community.services.groups import approved_groups
from sites.core.numbers import whole_number
from sites.directory.homes import shown_to
from sites.directory.selectors import for_listing, visible_activities, visible_places

from .facts import FACTS, Facts
from .models import SavedItem

SESSION_KEY = "my_list"
# Large type on one or two A4 pages holds about this many things.
MAX_ITEMS = 6
KINDS = tuple(SavedItem.Kind.values)


@dataclass(frozen=True)
class Entry:
    """One thing on a list, as the viewer may see it."""

    kind: str
    item: object
    url: str

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.item.pk}"

    @property
    def title(self) -> str:
        return getattr(self.item, "title", None) or self.item.name

    @property
    def facts(self) -> Facts:
        return FACTS[self.kind](self.item)

    @property
    def kind_name(self) -> str:
        return SavedItem.Kind(self.kind).label


def parse_ref(text: str) -> str | None:
    """'activity:12' as it was given, or None for anything else."""
    kind, _, number = (text or "").partition(":")
    number = whole_number(number)
    if kind in KINDS and number is not None and 0 < number < 2**31:
        return f"{kind}:{number}"
    return None


def _has_visit_list(request) -> bool:
    # Never opens (or creates) a session for a visitor who has none: their pages stay
    # shareable by the page cache (tenants/page_cache.py).
    return settings.SESSION_COOKIE_NAME in request.COOKIES and bool(
        request.session.get(SESSION_KEY)
    )


def refs_of(request) -> list[str]:
    """The references on the list of whoever is asking, oldest first."""
    user = request.user
    if user.is_authenticated:
        return [item.ref for item in SavedItem.objects.filter(member=user)]
    if not _has_visit_list(request):
        return []
    return [ref for ref in map(parse_ref, request.session[SESSION_KEY]) if ref]


def is_saved(request, ref: str) -> bool:
    return ref in refs_of(request)


def _urls_of_pages(pages, request):
    return {page.pk: page.get_url(request=request) for page in pages}


def entries(refs: list[str], viewer=None, request=None) -> list[Entry]:
    """The items ``refs`` name that ``viewer`` (None: anyone) may see, in list order."""
    wanted: dict[str, list[int]] = {kind: [] for kind in KINDS}
    for ref in refs:
        kind, _, number = ref.partition(":")
        wanted[kind].append(int(number))
    found: dict[str, Entry] = {}
    for page in for_listing(visible_activities().filter(pk__in=wanted["activity"])):
        found[f"activity:{page.pk}"] = Entry("activity", page, page.get_url(request=request))
    for page in shown_to(visible_places(), viewer).filter(pk__in=wanted["place"]):
        found[f"place:{page.pk}"] = Entry("place", page, page.get_url(request=request))
    for event in listed_events(viewer).filter(pk__in=wanted["event"]):
        url = event_url_or_none(event)
        if url:
            found[f"event:{event.pk}"] = Entry("event", event, url)
    for group in approved_groups().filter(pk__in=wanted["group"]).select_related("place"):
        found[f"group:{group.pk}"] = Entry("group", group, group_url(group, request=request))
    return [found[ref] for ref in refs if ref in found]


# --- Share links: only references, signed for this borough ----------------------------------


def _salt() -> str:
    # A link made in one borough means nothing in another (their ids are unrelated).
    return f"mylist.share.{connection.schema_name}"


def share_token(refs: list[str]) -> str:
    return signing.dumps(refs, salt=_salt(), compress=True)


def refs_from_token(token: str) -> list[str] | None:
    """The references in a share link, or None for a link that is not ours."""
    try:
        refs = signing.loads(token, salt=_salt())
    except signing.BadSignature:
        return None
    if not isinstance(refs, list):
        return None
    return [ref for ref in (parse_ref(str(r)) for r in refs[:MAX_ITEMS]) if ref]
