"""A person's email or home address in what a listing says to the public.

Listings are written by organisation managers and Editors, and read by people who may
be vulnerable. Two rules, for organisations, activities and places:

- **An email address is refused** in the words (title, summary, description, cost,
  notes, "In simple words"...): a person's address must never be published. The one
  place for an email is the listing's contact email box, which asks for the group's
  own address; that same address may be repeated in the words (it is public already).
- **A possible home address is flagged**, not refused: a house number and a street, a
  flat number or a full postcode. Public venues have addresses too ("St Mark's Hall,
  12 Church Road"), so the writer is warned when they save and the Editor sees the
  same warning at the top of the page while approving it (panels.py). A place's own
  street address, when it is shown, is not flagged.

Reads the fields by name, so it needs none of the models (which use it).
"""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sites.core.personal_details import email_addresses, possible_home_addresses

from ..homes import is_home

# The public words of a listing, in the order of the editor's form, with the name of
# each box as the editor sees it.
WORDS_FIELDS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "description": _("Description"),
    "cost_details": _("Cost details"),
    "concessions": _("Concessions"),
    "opening_times": _("Opening times"),
    "accessibility_notes": _("Accessibility notes"),
    "picture_alt_text": _("Picture description"),
    "easy_read": _("In simple words"),
}
# A place's address: no email in it either (it is never flagged as a home address: it
# is the place's address, and its own box says whether the street is shown).
ADDRESS_FIELDS = {
    "address_line_1": _("Address line 1"),
    "address_line_2": _("Address line 2"),
    "town": _("Town"),
}
# The listing's own contact email box, where an email address belongs.
CONTACT_EMAIL_FIELDS = ("email", "contact_email")


def words_of(value) -> str:
    """The text of a box: a string, rich text, or "In simple words" points."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    points = []
    for point in value:  # a StreamValue of Easy Read points
        point_value = getattr(point, "value", None) or {}
        points += [str(point_value.get("text") or ""), str(point_value.get("alt_text") or "")]
    return "\n".join(points)


def _own_addresses(values: dict, organisation_email: str = "") -> set[str]:
    found = {str(values.get(name) or "") for name in CONTACT_EMAIL_FIELDS}
    found.add(organisation_email or "")
    return {address.strip().lower() for address in found if address.strip()}


def email_message(values: dict, address: str, where: str = "") -> str:
    """Why ``address`` is refused, and where the group's own address goes instead (the
    contact box of the listing's form, unless ``where`` says otherwise)."""
    if "contact_email" in values:
        where = where or gettext("the “Contact email” box (under “How to take part”)")
    elif "email" in values:
        where = where or gettext("the “Email” box (under “Contact”)")
    else:
        return gettext(
            "Please take out the email address %(address)s. We never show a person's email "
            "address. A place has no email address: put the group's own email address on "
            "its organisation."
        ) % {"address": address}
    return gettext(
        "Please take out the email address %(address)s. We never show a person's email "
        "address. Put the group's own email address (never a person's) in %(where)s."
    ) % {"address": address, "where": where}


def email_problems(values: dict, organisation_email: str = "", where: str = "") -> dict[str, str]:
    """For each box whose words hold an email address (other than the listing's own
    contact address, or its organisation's), the message to show beside it.

    ``values`` maps field names to what was typed (a form's cleaned data); only the
    listing's own fields are read, so the same code serves each kind of listing."""
    own = _own_addresses(values, organisation_email)
    problems = {}
    for name in [*WORDS_FIELDS, *ADDRESS_FIELDS]:
        if name not in values:
            continue
        found = [a for a in email_addresses(words_of(values[name])) if a.lower() not in own]
        if found:
            problems[name] = email_message(values, found[0], where)
    return problems


@dataclass(frozen=True)
class AddressFlag:
    """Something in a box that may be a home address."""

    field: str
    label: str
    found: str


def _shown_street(page) -> set[str]:
    """A place's own street address and postcode, when its page shows them."""
    if not hasattr(page, "hide_street_address") or is_home(page):
        return set()
    lines = (getattr(page, "address_line_1", ""), getattr(page, "postcode", ""))
    return {" ".join(line.split()).lower() for line in lines if line}


def address_flags(page) -> list[AddressFlag]:
    """What in the listing's words may be a home address, for the writer and the Editor
    who approves it to check. A place's shown street address is not counted."""
    own = _shown_street(page)
    flags = []
    for name, label in WORDS_FIELDS.items():
        if not hasattr(page, name):
            continue
        for found in possible_home_addresses(words_of(getattr(page, name))):
            if not any(found.lower() in line or line in found.lower() for line in own):
                flags.append(AddressFlag(name, str(label), found))
    return flags


def address_flags_message(flags: list[AddressFlag]) -> str:
    """One warning, in plain words, naming what was found and where."""
    found = "; ".join(
        gettext("“%(found)s” in %(label)s") % {"found": flag.found, "label": flag.label}
        for flag in flags
    )
    return gettext(
        "This may be a home address: %(found)s. Never give the address of someone's home. "
        "If a group meets in a home, say only the area, and add the place with "
        "“Hide street address” ticked."
    ) % {"found": found}
