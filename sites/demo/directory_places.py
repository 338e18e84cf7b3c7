"""The places of a demo directory plan, and the made-up words they are written with
(addresses, postcodes, phone numbers that are never a real line)."""

import datetime
import random
from decimal import Decimal
from html import escape

from django.utils.text import slugify

from sites.demo.data.directory import (
    ACCESSIBILITY_NOTES,
    NAME_WORDS,
    VENUES,
    Neighbourhood,
)
from sites.demo.directory_records import INWARD_LETTERS, PlannedPlace
from sites.directory.models.mixins import ACCESSIBILITY_FEATURES

# --- Places --------------------------------------------------------------------------


class PlaceBook:
    """The places planned so far, looked up by slug, title, kind and neighbourhood."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.planned: list[PlannedPlace] = []
        self._by_slug: dict[str, PlannedPlace] = {}
        self._by_title: dict[str, PlannedPlace] = {}

    def get(self, slug: str | None) -> PlannedPlace | None:
        return self._by_slug.get(slug) if slug else None

    def named(self, title: str, venue: str, hood: Neighbourhood) -> str:
        """The place with this title (an organisation's own building), made if new."""
        if title in self._by_title:
            return self._by_title[title].slug
        return self._add(title, venue, hood)

    def venue(self, venue: str, hood: Neighbourhood) -> str:
        """A place of this kind in the neighbourhood: often one already planned."""
        nearby = [p for p in self.planned if p.venue == venue and p.neighbourhood == hood.name]
        if nearby and (len(nearby) >= 3 or self.rng.random() < 0.65):
            return self.rng.choice(nearby).slug
        kind = VENUES[venue]
        for _attempt in range(12):
            title = fill_in(self.rng.choice(kind.names), self.rng, hood=hood)
            if title not in self._by_title and slugify(title)[:80] not in self._by_slug:
                return self._add(title, venue, hood)
        if nearby:
            return self.rng.choice(nearby).slug
        anywhere = [p for p in self.planned if p.venue == venue]
        if anywhere:
            return self.rng.choice(anywhere).slug
        return self.venue("community-centre", hood)

    def home(self, hood: Neighbourhood) -> str:
        """Someone's home, where a small group meets: its street address is never shown."""
        for _attempt in range(30):
            title = fill_in(VENUES["home"].names[0], self.rng, hood=hood)
            if title not in self._by_title:
                return self._add(title, "home", hood)
        return self._add(f"A member's home, {hood.name} {len(self.planned)}", "home", hood)

    def _add(self, title: str, venue: str, hood: Neighbourhood) -> str:
        rng = self.rng
        kind = VENUES[venue]
        latitude, longitude = hood.centre
        # "Acre Lane Community Hall" is on Acre Lane.
        named = [street for street in hood.streets if street_name(street) in title]
        street = named[0] if named else rng.choice(hood.streets)
        fields = {
            "summary": rng.choice(kind.summaries),
            "address_line_1": f"{rng.randint(1, 240)} {street}",
            "address_line_2": hood.name if hood.town != hood.name and rng.random() < 0.5 else "",
            "town": hood.town,
            "postcode": postcode_in(rng, rng.choice(hood.districts)),
            "latitude": Decimal(f"{latitude + rng.uniform(-0.006, 0.006):.6f}"),
            "longitude": Decimal(f"{longitude + rng.uniform(-0.009, 0.009):.6f}"),
            "hide_street_address": kind.hidden,
            "opening_times": rng.choice(kind.opening_times),
            "last_checked_on": self.today - datetime.timedelta(days=rng.randint(3, 150)),
        }
        for name, _ in ACCESSIBILITY_FEATURES:
            fields[name] = rng.random() < kind.access.get(name, 0)
        note = rng.choice(ACCESSIBILITY_NOTES)
        fields["accessibility_notes"] = note if rng.random() < 0.25 else ""
        slug = slugify(title)[:80]
        place = PlannedPlace(title, slug, venue, hood.name, fields)
        self.planned.append(place)
        self._by_slug[slug] = place
        self._by_title[title] = place
        return slug


# --- Words ---------------------------------------------------------------------------


def fill_in(template: str, rng: random.Random, *, hood: Neighbourhood, borough: str = "") -> str:
    words = {key: rng.choice(values) for key, values in NAME_WORDS.items()}
    return template.format(
        hood=hood.name, borough=borough, street=street_name(rng.choice(hood.streets)), **words
    )


def street_name(street: str) -> str:
    """'Acre Lane' for names like 'Acre Lane Growers'; 'High Street' stays as it is."""
    return street.removeprefix("The ")


def postcode_in(rng: random.Random, district: str) -> str:
    return f"{district} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def made_up_phone(rng: random.Random) -> str:
    # Ofcom keeps 020 7946 0000 to 0999 for drama: never a real line.
    return f"020 7946 0{rng.randint(0, 999):03d}"


def paragraphs(sentences: list[str]) -> str:
    return "".join(f"<p>{escape(sentence, quote=False)}</p>" for sentence in sentences)
