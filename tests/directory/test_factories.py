"""The factories make listings an Editor could have saved: every field passes its checks."""

import pytest

from sites.directory.factories import PlacePageFactory
from sites.directory.models import PlacePage


@pytest.mark.django_db
def test_place_coordinates_always_pass_the_fields_own_checks():
    # Random coordinates once came out as floats with too many digits for the field,
    # now and then: try enough of them that a one-in-a-hundred problem shows.
    latitude = PlacePage._meta.get_field("latitude")
    longitude = PlacePage._meta.get_field("longitude")
    for _ in range(500):
        place = PlacePageFactory.build()
        assert latitude.clean(place.latitude, place) == place.latitude
        assert longitude.clean(place.longitude, place) == place.longitude
