"""Postcodes: reading what people type, the bundled districts, loading the ONS file."""

import gzip

import pytest

from django.core.management import CommandError, call_command

from search.postcodes.models import Postcode, PostcodeDistrict
from search.postcodes.services import (
    Point,
    PostcodeError,
    distance_miles,
    locate_postcode,
    parse_postcode,
)

ONS_HEADER = "pcd,pcd2,pcds,dointr,doterm,oscty,lat,long,imd"


@pytest.mark.parametrize(
    "typed, parsed",
    [
        ("sw9 8lf", ("SW9 8LF", "SW9")),
        ("SW98LF", ("SW9 8LF", "SW9")),
        (" se15  5jr ", ("SE15 5JR", "SE15")),
        ("w1a 1aa", ("W1A 1AA", "W1A")),
        ("sw9", ("SW9", "SW9")),
    ],
)
def test_parse_postcode(typed, parsed):
    assert parse_postcode(typed) == parsed


@pytest.mark.parametrize("typed", ["", "hello", "12345", "SW9 8L", "SW9 8LFF", "<b>"])
def test_malformed_postcodes(typed):
    with pytest.raises(PostcodeError, match="does not look like a UK postcode"):
        parse_postcode(typed)


@pytest.mark.django_db
def test_the_demo_districts_are_bundled():
    districts = set(PostcodeDistrict.objects.values_list("district", flat=True))
    assert {"SW2", "SW9", "SE5", "SE15", "W5", "BR1", "HA9", "TW3"} <= districts
    location = locate_postcode("sw9")
    assert location.approximate and location.district == "SW9"
    with pytest.raises(PostcodeError, match="could not find the postcode SW99 9ZZ"):
        locate_postcode("SW99 9ZZ")


@pytest.mark.parametrize(
    "pasted",
    ["\u200fNW10", "NW10\u200e", "\u200bNW\u200b10", "\ufeffnw10", "\u2067NW10\u2069", "ＮＷ１０"],
)
def test_invisible_marks_pasted_with_a_postcode_are_not_read(pasted):
    # A right-to-left mark, a zero-width space, a byte order mark, an isolate, wide letters.
    assert parse_postcode(pasted) == ("NW10", "NW10")


@pytest.mark.django_db
def test_a_postcode_outside_london_says_so():
    for typed, shown in [("EH1 1YZ", "EH1 1YZ"), ("m1", "M1"), ("\u200fCF10 1AA", "CF10 1AA")]:
        with pytest.raises(PostcodeError) as raised:
            locate_postcode(typed)
        assert raised.value.message == (
            f"{shown} is not a London postcode. Try a postcode in the borough, "
            "or leave the postcode empty."
        )
    # An area that reaches into London is never called "not London".
    with pytest.raises(PostcodeError, match="could not find the postcode DA99"):
        locate_postcode("DA99")


def test_distance():
    brixton, camberwell = Point(51.4613, -0.1156), Point(51.4740, -0.0910)
    assert 1.1 < distance_miles(brixton, camberwell) < 1.4


@pytest.mark.django_db
def test_load_the_ons_postcode_directory(tmp_path, capsys):
    rows = [
        ONS_HEADER,
        "SW2 5SG,SW2  5SG,SW2 5SG,199001,,E99999999,51.461200,-0.118300,1",
        "SW2 1JQ,SW2  1JQ,SW2 1JQ,199001,,E99999999,51.462000,-0.113000,1",
        "SW9 9ZZ,SW9  9ZZ,SW9 9ZZ,199001,200512,E99999999,51.470000,-0.110000,1",  # terminated
        "ZZ1 1ZZ,ZZ1  1ZZ,ZZ1 1ZZ,199001,,E99999999,99.999999,0.000000,1",  # no location
    ]
    path = tmp_path / "ONSPD.csv.gz"
    path.write_bytes(gzip.compress(("\n".join(rows) + "\n").encode()))
    call_command("load_postcodes", str(path))
    assert "Loaded 2 postcodes" in capsys.readouterr().out
    call_command("load_postcodes", str(path))  # idempotent
    assert Postcode.objects.filter(district="SW2").count() == 2
    assert not Postcode.objects.filter(postcode__in=["SW9 9ZZ", "ZZ1 1ZZ"]).exists()
    sw2 = PostcodeDistrict.objects.get(district="SW2")
    assert sw2.postcodes == 2 and sw2.latitude == pytest.approx(51.4616)  # the real average
    exact = locate_postcode("sw25sg")
    assert not exact.approximate and exact.point == Point(51.4612, -0.1183)


@pytest.mark.django_db
def test_a_file_that_is_not_the_ons_directory(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("postcode,latitude\nSW9 8LF,51.47\n")
    with pytest.raises(CommandError, match="not an ONS Postcode Directory file"):
        call_command("load_postcodes", str(path))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("load_postcodes", str(tmp_path / "missing.csv"))
