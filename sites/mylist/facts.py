"""What a list says of each thing on it, in plain words: when, where, cost, access and
contact. One source for the list, its print view and its email. Where never gives a home
address: places with a hidden street address only ever give their postcode district."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sites.community.events.permissions import host_of
from sites.community.events.recurrence import when_in_words
from sites.directory.homes import is_home
from sites.directory.templatetags.directory_tags import (
    access_mode_in_words,
    when_lines,
    where_in_brief,
)


@dataclass(frozen=True)
class Facts:
    when: str
    where: str
    cost: str
    access: str
    contact: str

    def rows(self) -> list[tuple[str, str]]:
        """(label, words) of the facts that say something, in reading order."""
        rows = [
            (_("When"), self.when),
            (_("Where"), self.where),
            (_("Cost"), self.cost),
            (_("Access"), self.access),
            (_("Contact"), self.contact),
        ]
        return [(label, words) for label, words in rows if words]


def _features(item) -> str:
    return ", ".join(str(label) for _name, label in item.shown_accessibility_features())


def _joined(*parts) -> str:
    """Sentences, each ending in a full stop."""
    parts = [str(part) for part in parts if part]
    return " ".join(part if part.endswith(".") else f"{part}." for part in parts)


def _phone_and_email(phone: str, email: str) -> str:
    parts = []
    if phone:
        parts.append(_("Phone %(phone)s") % {"phone": phone})
    if email:
        parts.append(_("Email %(email)s") % {"email": email})
    return ", ".join(parts)


def _place_where(place, online: bool) -> str:
    where = place.public_address if place is not None and place.live else ""
    if place is not None and place.live and not is_home(place):
        where = f"{place.title}, {where}"
    if online:
        where = _("%(where)s, or online") % {"where": where} if where else _("Online")
    return where or _("Ask the organisers where it happens")


def activity_facts(activity) -> Facts:
    organisation = activity.organisation
    contact = _phone_and_email(activity.contact_phone, activity.contact_email)
    if not contact and organisation is not None:
        contact = _phone_and_email(organisation.phone, organisation.email)
        if organisation.title:
            contact = f"{organisation.title}: {contact}" if contact else organisation.title
    return Facts(
        when="; ".join(map(str, when_lines(activity))) or _("Ask the organisers when it happens"),
        where=where_in_brief(activity),
        cost=activity.cost_in_words,
        access=_joined(access_mode_in_words(activity), _features(activity)),
        contact=contact,
    )


def place_facts(place) -> Facts:
    return Facts(
        when=place.opening_times,
        where=place.public_address,
        cost="",
        access=_features(place),
        contact="",
    )


def event_facts(event) -> Facts:
    host = host_of(event)
    contact = host.label
    if host.organisation is not None:
        details = _phone_and_email(host.organisation.phone, host.organisation.email)
        contact = f"{host.label}: {details}" if details else host.label
    booking = (
        _("Just turn up. You do not need to book.")
        if event.just_turn_up
        else _("Book first: %(url)s") % {"url": event.booking_url}
    )
    return Facts(
        when=when_in_words(event),
        where=_place_where(event.place, bool(event.online_url)),
        cost=_("Free") if event.is_free else event.cost_details,
        access=_joined(booking, _features(event)),
        contact=contact,
    )


def group_facts(group) -> Facts:
    return Facts(
        when=group.meets_when,
        where=group.meets_where,
        cost="",
        access="",
        contact=_("Through the group's page"),
    )


FACTS = {
    "activity": activity_facts,
    "place": place_facts,
    "event": event_facts,
    "group": group_facts,
}
