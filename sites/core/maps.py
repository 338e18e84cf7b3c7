"""What a listing's map shows: the same items as its list, placed by where they happen.

The map is drawn in the browser (Leaflet, static/core/map.js) from the JSON this module
builds, from the very items the list beside it shows. A place whose street address is
hidden (someone's home) is never a point: only the centre of its postcode district, drawn
as a wide circle, and its exact coordinates are never written into the page.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from search.postcodes.services import district_centre

# About the size of a London postcode district: a circle this wide says "somewhere here".
DISTRICT_RADIUS_METRES = 1200


@dataclass
class MapSpot:
    """One point or district circle on the map, and the listed items found there."""

    latitude: float
    longitude: float
    label: str  # the place's public name or area: the marker's text alternative
    area: bool  # True: only the postcode district is known or may be shown
    items: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "lat": round(self.latitude, 6),
            "lon": round(self.longitude, 6),
            "label": self.label,
            "area": self.area,
            "radius": DISTRICT_RADIUS_METRES if self.area else 0,
            "items": self.items,
        }


def place_spot(place) -> MapSpot | None:
    """Where ``place`` may be shown: its own point when it is a public venue with
    coordinates; otherwise its district's centre (an area); None when neither is known."""
    if place is None:
        return None
    coordinates = place.public_coordinates
    if coordinates:
        return MapSpot(*coordinates, label=place.title, area=False)
    district = place.district
    centre = district_centre(district) if district else None
    if centre is None:
        return None
    label = _("%(district)s area") % {"district": district}
    return MapSpot(centre.latitude, centre.longitude, label=label, area=True)


def listed_entry(item, request=None) -> tuple:
    """(title, url, place) of a listed page or event. An activity or event is shown at
    its place only when it happens in person there and the place is published."""
    if hasattr(item, "public_coordinates"):  # a place itself
        return item.title, item.get_url(request=request), item
    url = item.get_url(request=request) if hasattr(item, "get_url") else item.get_absolute_url()
    place = getattr(item, "place", None)
    if place is not None and (not place.live or not getattr(item, "in_person", True)):
        place = None
    return item.title, url, place


def map_spots(entries) -> list[dict]:
    """The map's JSON for ``entries``: (title, url, place) of each listed item, in list
    order. Items at the same place share one marker; items without a place are left off
    the map (they are still in the list)."""
    spots: dict[tuple, MapSpot] = {}
    for title, url, place in entries:
        spot = place_spot(place)
        if spot is None:
            continue
        key = (spot.latitude, spot.longitude, spot.area)
        spots.setdefault(key, spot).items.append({"title": title, "url": url})
    return [spot.as_json() for spot in spots.values()]


def map_settings() -> dict:
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "attribution_url": settings.MAP_TILE_ATTRIBUTION_URL,
    }
