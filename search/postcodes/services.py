"""Reading postcodes people type, finding where they are, and loading the ONS directory."""

import contextlib
import contextvars
import csv
import gzip
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext

from .models import Postcode, PostcodeDistrict

# The outward code (area + district, "SW9", "SE15", "W1A", "EC1V") and the inward code
# ("8LF"). Deliberately a little more lenient than Royal Mail's rules.
OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
INWARD = r"[0-9][A-Z]{2}"
FULL_POSTCODE = re.compile(rf"^({OUTWARD})({INWARD})$")
DISTRICT_ONLY = re.compile(rf"^({OUTWARD})$")
BUNDLED_DISTRICTS = Path(__file__).resolve().parent / "data" / "demo_districts.csv"
# The ONS directory marks postcodes without a grid reference with this latitude.
ONS_NO_LOCATION_LATITUDE = 99.999999
MILES_PER_KM = 0.621371
EARTH_RADIUS_KM = 6371.0088
# The postcode areas with any part of Greater London in them (Royal Mail; TN for Biggin
# Hill). A postcode in any other area ("EH1 1YZ") is not a London postcode; these
# areas also reach outside London, so a postcode in one is never called "not London".
_INNER_LONDON_AREAS = ("E", "EC", "N", "NW", "SE", "SW", "W", "WC")
_OUTER_LONDON_AREAS = ("BR", "CR", "DA", "EN", "HA", "IG", "KT", "RM", "SM", "TN", "TW", "UB", "WD")
LONDON_AREAS = frozenset(_INNER_LONDON_AREAS + _OUTER_LONDON_AREAS)


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class PostcodeLocation:
    """Where a typed postcode is. ``approximate``: only its district's centre is known."""

    postcode: str  # as we understood it: "SW9 8LF" or "SW9"
    district: str
    point: Point
    approximate: bool = False
    note: str = ""


class PostcodeError(ValueError):
    """A postcode we cannot use; ``message`` is written for the person who typed it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _visible(text: str) -> str:
    """``text`` without invisible marks (a right-to-left mark or zero-width space pasted
    with it) and with wide letters and digits as plain ones ("ＮＷ１０" is "NW10")."""
    plain = unicodedata.normalize("NFKC", text or "")
    return "".join(c for c in plain if unicodedata.category(c) != "Cf")


def parse_postcode(text: str, example: str = "") -> tuple[str, str]:
    """'sw98lf' -> ('SW9 8LF', 'SW9'); 'sw9' -> ('SW9', 'SW9'). Raises PostcodeError,
    whose message gives ``example`` (a district of the borough's own, "SE11") as the
    search page's hint does, or plain words with no place."""
    text = _visible(text)
    compact = re.sub(r"\s+", "", text.upper())
    if match := FULL_POSTCODE.match(compact):
        return f"{match.group(1)} {match.group(2)}", match.group(1)
    if match := DISTRICT_ONLY.match(compact):
        return match.group(1), match.group(1)
    # Only letters, digits and spaces are ever repeated back to the reader.
    shown = " ".join(re.sub(r"[^A-Za-z0-9 ]", " ", text or "").split())[:10]
    if shown:
        wrong = gettext("“%(postcode)s” does not look like a UK postcode.") % {"postcode": shown}
    else:
        wrong = gettext("That does not look like a UK postcode.")
    if example:
        tip = gettext("Try a full postcode, or just the first part, such as %(district)s.") % {
            "district": example
        }
    else:
        tip = gettext("Try a full postcode, or just the first part, before the space.")
    raise PostcodeError(f"{wrong} {tip}")


# Inside ``remembering_district_centres()``: {district: centre} looked up so far.
_remembered: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "remembered_district_centres", default=None
)


@contextlib.contextmanager
def remembering_district_centres():
    """Look each district's centre up once inside this block (a rebuild asks for the
    same few districts thousands of times). Scoped to the block, so a reloaded postcode
    directory is never hidden behind an old answer."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def district_centre(district: str) -> Point | None:
    district = (district or "").upper()
    remembered = _remembered.get()
    if remembered is not None and district in remembered:
        return remembered[district]
    row = (
        PostcodeDistrict.objects.filter(district=district)
        .values_list("latitude", "longitude")
        .first()
    )
    centre = Point(*row) if row else None
    if remembered is not None:
        remembered[district] = centre
    return centre


def postcode_area(district: str) -> str:
    """'SW9' -> 'SW', 'E1' -> 'E': the letters before the first digit."""
    return re.match(r"[A-Z]*", district.upper()).group(0)


def locate_postcode(text: str, example: str = "") -> PostcodeLocation:
    """Where ``text`` (a full postcode or a district) is. Raises PostcodeError (with
    ``example``, see ``parse_postcode``)."""
    postcode, district = parse_postcode(text, example)
    if postcode_area(district) not in LONDON_AREAS:
        raise PostcodeError(
            gettext(
                "%(postcode)s is not a London postcode. Try a postcode in the borough, "
                "or leave the postcode empty."
            )
            % {"postcode": postcode}
        )
    if postcode != district:
        row = (
            Postcode.objects.filter(postcode=postcode).values_list("latitude", "longitude").first()
        )
        if row:
            return PostcodeLocation(postcode, district, Point(*row))
    centre = district_centre(district)
    if centre is None:
        raise PostcodeError(
            gettext(
                "We could not find the postcode %(postcode)s. Check it and try again, or try "
                "a nearby postcode."
            )
            % {"postcode": postcode}
        )
    if postcode == district:
        return PostcodeLocation(postcode, district, centre, approximate=True)
    return PostcodeLocation(
        postcode,
        district,
        centre,
        approximate=True,
        note=gettext(
            "We could not find %(postcode)s itself, so distances are from the middle of "
            "the %(district)s area."
        )
        % {"postcode": postcode, "district": district},
    )


def distance_miles(a: Point, b: Point) -> float:
    """Great-circle distance (haversine), in miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h)) * MILES_PER_KM


# --- Loading ---------------------------------------------------------------------------


@dataclass
class LoadResult:
    postcodes: int = 0
    districts: int = 0
    skipped: int = 0


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def read_ons_rows(lines: Iterable[str], include_terminated: bool = False) -> Iterator[tuple]:
    """Yield ('postcode'|'district', code, district, lat, long) from ONS-format CSV lines.

    Reads the columns ``pcds`` (postcode with one space), ``lat`` and ``long``; rows
    with ``doterm`` set (terminated postcodes) are skipped unless asked for, and so are
    rows without a location. Any other columns are ignored. A ``pcds`` that is only an
    outward code (such as ``SW9``) is read as a district centre.
    """
    reader = csv.DictReader(lines)
    missing = {"pcds", "lat", "long"} - set(reader.fieldnames or [])
    if missing:
        raise PostcodeError(
            "This is not an ONS Postcode Directory file: it has no "
            + ", ".join(sorted(missing))
            + " column."
        )
    for row in reader:
        if not include_terminated and (row.get("doterm") or "").strip():
            yield ("skip", "", "", 0.0, 0.0)
            continue
        try:
            latitude, longitude = float(row["lat"]), float(row["long"])
            postcode, district = parse_postcode(row["pcds"])
        except (TypeError, ValueError):
            yield ("skip", "", "", 0.0, 0.0)
            continue
        if abs(latitude - ONS_NO_LOCATION_LATITUDE) < 1e-6 or not (
            -90 <= latitude <= 90 and -180 <= longitude <= 180
        ):
            yield ("skip", "", "", 0.0, 0.0)
            continue
        kind = "district" if postcode == district else "postcode"
        yield (kind, postcode, district, latitude, longitude)


def load_postcodes(
    path: str | Path, include_terminated: bool = False, batch_size: int = 5000
) -> LoadResult:
    """Add or update every postcode in an ONS Postcode Directory CSV (or .csv.gz).

    Then every district that has postcodes gets its centre recomputed as their average.
    Idempotent: loading the same file twice changes nothing.
    """
    path = Path(path)
    result = LoadResult()
    postcodes: list[Postcode] = []
    districts: dict[str, PostcodeDistrict] = {}

    def flush():
        if postcodes:
            Postcode.objects.bulk_create(
                postcodes,
                update_conflicts=True,
                unique_fields=["postcode"],
                update_fields=["district", "latitude", "longitude"],
            )
            result.postcodes += len(postcodes)
            postcodes.clear()

    with _open_text(path) as lines, transaction.atomic():
        for kind, code, district, latitude, longitude in read_ons_rows(lines, include_terminated):
            if kind == "skip":
                result.skipped += 1
            elif kind == "district":
                districts[code] = PostcodeDistrict(
                    district=code, latitude=latitude, longitude=longitude, postcodes=0
                )
            else:
                postcodes.append(
                    Postcode(
                        postcode=code, district=district, latitude=latitude, longitude=longitude
                    )
                )
                if len(postcodes) >= batch_size:
                    flush()
        flush()
        if districts:
            PostcodeDistrict.objects.bulk_create(
                list(districts.values()),
                update_conflicts=True,
                unique_fields=["district"],
                update_fields=["latitude", "longitude", "postcodes"],
            )
        result.districts = len(districts) + refresh_district_centres()
    return result


def refresh_district_centres() -> int:
    """Set each district's centre to the average of its postcodes; returns how many."""
    centres = [
        PostcodeDistrict(
            district=row["district"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            postcodes=row["postcodes"],
        )
        for row in Postcode.objects.values("district").annotate(
            latitude=Avg("latitude"), longitude=Avg("longitude"), postcodes=Count("pk")
        )
    ]
    PostcodeDistrict.objects.bulk_create(
        centres,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["district"],
        update_fields=["latitude", "longitude", "postcodes"],
    )
    return len(centres)
