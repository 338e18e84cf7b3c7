"""Someone's home: a place whose street address is hidden (``PlacePage.hide_street_address``,
"For groups that meet in someone's home"). This module is the one rule; nothing else
reads the field to decide who may see what.

A home's name may hold its host's ("Dev's home"), and members' names are for signed-in
members (a visitor reads "A member" on posts). So a visitor who is not signed in never
reads a home's name nor reaches its page: the page is not found (its address holds the
name too), listings, the sitemap and saved lists leave it out, events, activities and the
Open Referral API say "A member's home" and the area (the postcode district). Signed-in
members read it and open its page, as they read the event's place today. Search is the
same for everyone: a home is never a result, and no search document holds its name or
summary, only its area (``title_in_search``, ``summary_in_search`` on the place).
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

A_MEMBERS_HOME = gettext_lazy("A member's home")


def is_home(place) -> bool:
    """Whether ``place`` (a PlacePage or None) is someone's home."""
    return place is not None and bool(place.hide_street_address)


def homes(prefix: str = "") -> Q:
    """The condition for homes, in SQL (``prefix``: a relation to a place, "place__")."""
    return Q(**{f"{prefix}hide_street_address": True})


def sees_homes(viewer) -> bool:
    """Whether ``viewer`` (a user, AnonymousUser or None) may read homes' names and open
    their pages: signed-in members, as for members' names."""
    return bool(getattr(viewer, "is_authenticated", False))


def names_the_place(place, viewer) -> bool:
    """Whether ``viewer`` reads the place's own name (and may follow it to its page)."""
    return place is not None and (not is_home(place) or sees_homes(viewer))


def place_name(place, viewer) -> str:
    """The name of ``place`` as ``viewer`` may read it: "A member's home" for a home and
    a visitor (shown with the area, never the street)."""
    if place is None:
        return ""
    return place.title if names_the_place(place, viewer) else str(A_MEMBERS_HOME)


def shown_to(places: QuerySet, viewer) -> QuerySet:
    """``places`` (of PlacePage) less the homes ``viewer`` may not see."""
    return places if sees_homes(viewer) else places.exclude(homes())
