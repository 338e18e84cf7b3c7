"""Whether a postcode district given on Get support may be outside the borough.

Nothing records a borough's postcode districts, and districts cross borough lines (SW8,
NW6), so a district is never refused. It is only flagged, for the team to check, when it
is none of the districts of the borough's own public places and its centre is more than
``OUTSIDE_MILES`` from every one of them, or when it is not a London postcode at all
(EH1, M1: the postcode data holds London's districts only). Where we cannot tell (no
places yet, a London district the postcode data does not know), nothing is said.
"""

from search.postcodes.services import (
    LONDON_AREAS,
    Point,
    distance_miles,
    district_centre,
    postcode_area,
)
from sites.directory.selectors import visible_places

OUTSIDE_MILES = 5


def _district(postcode: str) -> str:
    return (postcode or "").split(" ")[0].upper()


def may_be_outside(district: str) -> bool:
    """True when ``district`` ("SE11") looks far from everything the borough lists."""
    district = _district(district)
    if postcode_area(district) not in LONDON_AREAS:
        return True
    places = list(visible_places().values_list("postcode", "latitude", "longitude"))
    if district in {_district(postcode) for postcode, _, _ in places}:
        return False
    centre = district_centre(district)
    if centre is None:
        return False
    points = [
        Point(float(latitude), float(longitude))
        if latitude is not None and longitude is not None
        else district_centre(_district(postcode))
        for postcode, latitude, longitude in places
    ]
    points = [point for point in points if point is not None]
    return bool(points) and min(distance_miles(centre, point) for point in points) > OUTSIDE_MILES
