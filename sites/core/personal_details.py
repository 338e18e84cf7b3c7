"""Finding a person's contact details in text others will read: an email address, what
looks like a home address (a house number and a street, or a full postcode), or a phone
number.

Pure text checks, no rules: the directory decides what to refuse and what to flag
(sites/directory/services/listing_text.py); private messages hold what has any of them
for a moderator (``shares_contact_details``; sites/community/messaging/services.py).
They look for what people really write and let ordinary text through: times ("10.30
Church Road" is not an address), "Unit 3", "Room 2", prices, years, a postcode district
("SW9") alone.
"""

import html
import re

# name@domain.tld, and the same in a mailto: link.
EMAIL = re.compile(
    r"(?<![\w.+'-])[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])",
    re.UNICODE,
)
# "jane at gmail dot com", "jane [at] gmail [dot] co [dot] uk": written so as not to be an
# address, still a person's address. "dot" must be followed by a domain ending. Each part
# is matched one way only (atomic groups, possessive runs), so text made to look almost
# like one ("a at b dot b dot b …" with no ending) is read in linear time, not hours.
_SPELT_AT = r"(?>\s*[\[(]?\s*\bat\b\s*[\])]?\s*)"
_SPELT_DOT = r"(?>\s*[\[(]?\s*\bdot\b\s*[\])]?\s*)"
SPELT_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]++{_SPELT_AT}[A-Za-z0-9-]++(?:{_SPELT_DOT}[A-Za-z0-9-]++)*"
    rf"{_SPELT_DOT}(?:com|org|net|uk|co|info|me|io)\b",
    re.IGNORECASE,
)

# A phone number: a UK one starting 0 ("07700 900111", "020 7946 0000", "(020) 7946-0000")
# or an international one starting + ("+44 7700 900111"), 10 to 15 digits with spaces,
# dashes or brackets between. Not after a digit, a time's colon, a decimal point, a
# price's sign or a date's slash: "10:30", "2026", "£12.50", "12/03/2026" are not numbers
# to call.
PHONE = re.compile(r"(?<![\w.:,£$/+])(?:\+|\(?0)[\d ()-]{8,20}\d(?![\w.:/])")
PHONE_DIGITS = range(10, 16)

# Words that end a street's name. Capitalised name words come first ("12 Acacia Road").
STREET_WORDS = (
    "road|rd|street|st|avenue|ave|lane|ln|close|crescent|drive|dr|gardens|gdns|grove|"
    "place|pl|terrace|way|court|ct|square|sq|hill|rise|mews|walk|row|park|green|parade|"
    "estate|vale|view|wharf|yard|approach|gate|end|passage|path"
)
# A house number (not part of a time, a price or a decimal), then one to three name words
# that start with a capital, then a street word.
HOUSE_AND_STREET = re.compile(
    r"(?<![\w.:,£$/-])(?P<number>\d{1,3}[A-Za-z]?)(?:\s*[-–]\s*\d{1,3}[A-Za-z]?)?\s+"
    r"(?:[A-Z][\w'’-]*\s+){1,3}(?i:" + STREET_WORDS + r")\b\.?"
)
# "Flat 3", "Apartment 12b": only homes have these.
FLAT = re.compile(r"\b(?:flat|apartment|apt)\.?\s*\d{1,4}[a-z]?\b", re.IGNORECASE)
# A full UK postcode ("SE15 4QT"): with the district only ("SE15"), nothing is found.
FULL_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
# A number after one of these words is not a house number: "Unit 3 Acre Lane Studios".
NOT_A_HOUSE = {
    "unit",
    "units",
    "room",
    "rooms",
    "suite",
    "floor",
    "studio",
    "block",
    "bus",
    "buses",
    "route",
    "platform",
    "gate",
    "stand",
    "table",
    "level",
    "pitch",
    "court",
    "no",
    "number",
    "zone",
    "exit",
    "junction",
    "bay",
    "hall",
    "ward",
}
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s*$")

_TAG = re.compile(r"<[^>]+>")
_MAILTO = re.compile(r"""href=["']mailto:([^"'?]+)""", re.IGNORECASE)


def plain_text(value: str) -> str:
    """What a reader sees of ``value`` (text or rich text), with the addresses of any
    mailto: links written out after it."""
    value = value or ""
    if "<" not in value:
        return value
    links = " ".join(_MAILTO.findall(value))
    text = html.unescape(_TAG.sub(" ", value))
    return f"{text} {links}" if links else text


def email_addresses(text: str) -> list[str]:
    """Every email address in ``text``, as written, once each, in order."""
    text = plain_text(text)
    found = [match.group(0) for match in EMAIL.finditer(text)]
    found += [" ".join(match.group(0).split()) for match in SPELT_EMAIL.finditer(text)]
    return list(dict.fromkeys(found))


def phone_numbers(text: str) -> list[str]:
    """Every phone number in ``text``, as written, once each, in order."""
    found = []
    for match in PHONE.finditer(plain_text(text)):
        written = match.group(0).strip()
        if sum(ch.isdigit() for ch in written) in PHONE_DIGITS:
            found.append(written)
    return list(dict.fromkeys(found))


def shares_contact_details(text: str) -> bool:
    """Does ``text`` look like it gives a phone number, an email address or a home
    address (a street address, a flat or a full postcode)?"""
    return bool(phone_numbers(text) or email_addresses(text) or possible_home_addresses(text))


def _is_house_number(text: str, start: int) -> bool:
    before = _WORD_BEFORE.search(text[:start])
    return not (before and before.group(1).lower() in NOT_A_HOUSE)


def possible_home_addresses(text: str) -> list[str]:
    """What in ``text`` looks like a street address or a full postcode, once each."""
    text = " ".join(plain_text(text).split())
    found = [
        match.group(0).rstrip(".")
        for match in HOUSE_AND_STREET.finditer(text)
        if _is_house_number(text, match.start())
    ]
    found += [match.group(0) for match in FLAT.finditer(text)]
    found += [match.group(0).upper() for match in FULL_POSTCODE.finditer(text)]
    return list(dict.fromkeys(found))
