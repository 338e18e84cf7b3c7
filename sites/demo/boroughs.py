"""The six demo boroughs and the content each starts with. Used by `seed_demo`.

Addresses and phone numbers are fictional (example.org, Ofcom's drama range 020 7946 0xxx).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DemoNotAllowed(ImproperlyConfigured):
    """Demo content asked for where it must never be (production settings)."""


def refuse_unless_demo_allowed() -> None:
    """Demo boroughs come with accounts whose password is published: development and
    tests only (``DEMO_CONTENT_ALLOWED``; production settings set it False)."""
    if not settings.DEMO_CONTENT_ALLOWED:
        raise DemoNotAllowed(
            "Demo content is not allowed with these settings (DEMO_CONTENT_ALLOWED is off, "
            "as in production): its accounts have a published password. Create real "
            "boroughs with launch_borough."
        )


@dataclass(frozen=True)
class DemoBorough:
    slug: str
    name: str
    theme: str
    primary_colour: str
    phone: str
    office: str
    neighbourhoods: tuple[str, ...]
    # Besides English: languages with a translated interface, as each borough's residents
    # might ask for them (demo choices, not census figures).
    languages: tuple[str, ...] = ()


DEMO_BOROUGHS = [
    DemoBorough(
        "lambeth",
        "Lambeth",
        "default",
        "#1d4f91",
        "020 7946 0101",
        "Community Connecting team\nBrixton Library, Brixton Oval, SW2 1JQ",
        ("Brixton", "Clapham", "Stockwell", "Streatham", "Vauxhall", "Norwood"),
        ("pl", "ar", "es"),
    ),
    DemoBorough(
        "southwark",
        "Southwark",
        "riverside",
        "#00575f",
        "020 7946 0202",
        "Community Connecting team\nPeckham Library, 122 Peckham Hill Street, SE15 5JR",
        ("Peckham", "Bermondsey", "Camberwell", "Dulwich", "Walworth", "Rotherhithe"),
        ("es", "so", "bn"),
    ),
    DemoBorough(
        "ealing",
        "Ealing",
        "default",
        "#5a2a82",
        "020 7946 0303",
        "Community Connecting team\nEaling Town Hall, New Broadway, W5 2BY",
        ("Acton", "Ealing Broadway", "Hanwell", "Southall", "Greenford", "Northolt"),
        ("pl", "ar", "so"),
    ),
    DemoBorough(
        "bromley",
        "Bromley",
        "riverside",
        "#005a30",
        "020 7946 0404",
        "Community Connecting team\nBromley Central Library, High Street, BR1 1EX",
        ("Beckenham", "Orpington", "Penge", "Chislehurst", "West Wickham", "Hayes"),
        ("pl",),
    ),
    DemoBorough(
        "brent",
        "Brent",
        "default",
        "#8f1e3c",
        "020 7946 0505",
        "Community Connecting team\nBrent Civic Centre, 32 Engineers Way, HA9 0FJ",
        ("Wembley", "Harlesden", "Kilburn", "Willesden", "Kingsbury", "Neasden"),
        ("so", "ar", "bn"),
    ),
    DemoBorough(
        "hounslow",
        "Hounslow",
        "riverside",
        "#003a70",
        "020 7946 0606",
        "Community Connecting team\nHounslow House, 7 Bath Road, TW3 3EB",
        ("Chiswick", "Brentford", "Isleworth", "Feltham", "Heston", "Cranford"),
        ("pl", "bn", "es"),
    ),
]
