"""The event form's place box: the places listed on this website, and what to do when
one is not listed, for whoever is posting."""

from django import forms
from django.utils.translation import gettext_lazy

from .permissions import TEAM

PLACE_HINT = gettext_lazy(
    "Choose a place listed on this website, or “No place” if the event is online only."
)
# What someone can do when their place is not listed: Editors add it in the admin;
# organisation managers too (the dashboard's "How to add a place"), and it is offered here
# once an Editor has approved it; group organisers cannot add places, the team can.
NEW_PLACE = {
    "editor": gettext_lazy("If your place is not listed, add it in the admin first."),
    "manager": gettext_lazy(
        "If your place is not listed, add it in the admin (“How to add a place” on your "
        "dashboard). You can choose it here once an Editor has approved it."
    ),
    "organiser": gettext_lazy(
        "If your place is not listed, ask the team to add it. Their contact details are at "
        "the bottom of this page."
    ),
}


def place_hint(poster: str) -> str:
    """What the place box says to ``poster`` (a key of ``NEW_PLACE``)."""
    return f"{PLACE_HINT} {NEW_PLACE[poster]}"


def poster_of(hosts, event=None) -> str:
    """Who is posting or changing an event, as ``NEW_PLACE`` knows them: from whom they may
    post as (``hosts_for``); without any, from whom the changed ``event`` is by."""
    if any(host.key == TEAM for host in hosts):
        return "editor"
    if any(host.organisation is not None for host in hosts):
        return "manager"
    if hosts or event is None:
        return "organiser"
    return "organiser" if event.group_id else "manager"


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.public_address})"
