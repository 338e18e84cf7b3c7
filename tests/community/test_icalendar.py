"""Calendar files and feeds, parsed back with the icalendar library."""

import datetime

import icalendar
import pytest

from django.utils import timezone

from sites.community.events.feeds import group_feed_token
from sites.community.events.recurrence import LONDON
from sites.community.services import groups as group_service
from tests.conftest import client_for, inside
from tests.directory.conftest import build_directory

from .conftest import days_ahead, make_event, make_group, make_member, signed_in

pytestmark = pytest.mark.django_db


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(item["summary"]): item for item in calendar.walk("VEVENT")}


def test_an_event_download_has_its_details_in_london_time_with_a_masked_address(lambeth):
    places = build_directory(lambeth)
    # A Tuesday a little way ahead, repeating every other week for about ten weeks.
    first = days_ahead(14, hour=10)
    until = timezone.localdate(first) + datetime.timedelta(days=70)
    event = make_event(
        lambeth,
        title="Knit and natter",
        starts_at=first,
        repeat="fortnightly",
        repeat_until=until,
        place=places.home_place,
    )
    response = client_for(lambeth).get(f"/events/{event.slug}/event.ics")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    item = vevents(parse(response))["Knit and natter"]

    start = item.decoded("dtstart")
    assert start.tzinfo.key == "Europe/London"
    assert (start.hour, start.minute) == (10, 0)
    assert start == first
    assert item["dtstart"].params["TZID"] == "Europe/London"
    assert item.decoded("dtend") == first + datetime.timedelta(hours=2)

    rule = item["rrule"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["INTERVAL"] == [2]
    assert rule["BYDAY"] == [["MO", "TU", "WE", "TH", "FR", "SA", "SU"][first.weekday()]]
    assert rule["UNTIL"][0].astimezone(LONDON).date() == until

    # The place hides its street address: only the district, everywhere.
    assert str(item["location"]) == "SW9 area"
    assert b"Quiet Road" not in response.content
    assert b"SW9 8LF" not in response.content

    assert str(item["url"]) == f"http://lambeth.localhost:8000/events/{event.slug}/"
    assert str(item["uid"]) == f"event-{event.pk}@lambeth.localhost"
    assert str(item["status"]) == "CONFIRMED"
    # The same UID every time, and a VTIMEZONE for Europe/London.
    again = vevents(parse(client_for(lambeth).get(f"/events/{event.slug}/event.ics")))
    assert str(again["Knit and natter"]["uid"]) == str(item["uid"])
    calendar = parse(client_for(lambeth).get(f"/events/{event.slug}/event.ics"))
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_a_monthly_event_repeats_on_the_nth_weekday_and_a_public_place_shows_its_address(
    lambeth,
):
    places = build_directory(lambeth)
    first = days_ahead(3, hour=18)
    event = make_event(
        lambeth, title="Games night", starts_at=first, repeat="monthly", place=places.place
    )
    item = vevents(parse(client_for(lambeth).get(f"/events/{event.slug}/event.ics")))["Games night"]
    nth = (first.day - 1) // 7 + 1
    nth = nth if nth <= 4 else -1
    day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][first.weekday()]
    assert item["rrule"]["FREQ"] == ["MONTHLY"]
    assert item["rrule"]["BYDAY"] == [f"{nth}{day}"]
    assert "UNTIL" not in item["rrule"]
    assert str(item["location"]) == "12 Acre Lane, London, SW2 5SG"


def test_a_one_off_online_event_has_no_rule(lambeth):
    event = make_event(lambeth, title="Zoom quiz", online_url="https://quiz.example.org/")
    item = vevents(parse(client_for(lambeth).get(f"/events/{event.slug}/event.ics")))["Zoom quiz"]
    assert "rrule" not in item
    assert str(item["location"]) == "Online"
    assert "https://quiz.example.org/" in str(item["description"])


def test_what_members_type_cannot_break_out_of_its_property(lambeth):
    title = 'Tea <script>alert("x")</script>\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Fake; x, y'
    event = make_event(
        lambeth,
        title=title,
        description="Line one\nATTENDEE:mailto:evil@example.org\n<b>bold</b>",
        is_free=False,
        cost_details="£3; or £1, with a card",
        online_url="https://o.example.org",
    )
    response = client_for(lambeth).get(f"/events/{event.slug}/event.ics")
    calendar = parse(response)
    items = list(calendar.walk("VEVENT"))
    assert len(items) == 1
    item = items[0]
    assert str(item["summary"]) == title.replace("\r\n", "\n")
    assert "attendee" not in item
    assert "ATTENDEE:mailto:evil@example.org" in str(item["description"])
    assert "Cost: £3; or £1, with a card" in str(item["description"])
    for line in response.content.decode().splitlines():
        assert not line.startswith("ATTENDEE")
    lines = response.content.decode().split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1  # the typed "BEGIN:VEVENT" stays inside SUMMARY


def test_the_borough_feed_has_public_events_only(lambeth, lambeth_member):
    make_event(lambeth, title="Open quiz", online_url="https://o.example.org")
    make_event(
        lambeth, title="Cancelled quiz", status="cancelled", online_url="https://o.example.org"
    )
    make_event(lambeth, title="Held quiz", status="held", online_url="https://o.example.org")
    make_event(lambeth, title="Removed quiz", status="removed", online_url="https://o.example.org")
    make_event(lambeth, title="Long ago quiz", days=-90, online_url="https://o.example.org")
    private = make_group(lambeth, members=[lambeth_member], visibility="members-only")
    make_event(lambeth, title="Private quiz", group=private, online_url="https://o.example.org")
    public = make_group(lambeth, name="Quizzers")
    make_event(lambeth, title="Group quiz", group=public, online_url="https://o.example.org")

    for client in [client_for(lambeth), signed_in(lambeth, lambeth_member)]:
        response = client.get("/events/calendar.ics")
        calendar = parse(response)
        found = vevents(calendar)
        assert set(found) == {"Open quiz", "Cancelled quiz", "Group quiz"}
        assert str(found["Cancelled quiz"]["status"]) == "CANCELLED"
        assert str(calendar["x-wr-calname"]) == "Events – Connect & Do Lambeth"
        assert "public" in response["Cache-Control"]


def test_a_public_groups_feed_needs_no_key(lambeth):
    group = make_group(lambeth, name="Ramblers")
    make_event(lambeth, title="Ramble", group=group, online_url="https://r.example.org")
    make_event(lambeth, title="Not the group's", online_url="https://r.example.org")
    calendar = parse(client_for(lambeth).get(f"/groups/{group.slug}/events.ics"))
    assert set(vevents(calendar)) == {"Ramble"}
    assert client_for(lambeth).get("/groups/no-such-group/events.ics").status_code == 404


def test_a_members_only_groups_feed_needs_the_members_private_key(
    lambeth, southwark, lambeth_member, lambeth_other_member
):
    group = make_group(lambeth, members=[lambeth_member], visibility="members-only", name="Circle")
    other_group = make_group(
        lambeth, members=[lambeth_member], visibility="members-only", name="Other circle"
    )
    make_event(lambeth, title="Circle meets", group=group, online_url="https://c.example.org")
    feed = f"/groups/{group.slug}/events.ics"
    anonymous = client_for(lambeth)
    assert anonymous.get(feed).status_code == 404
    assert anonymous.get(f"{feed}?key=rubbish").status_code == 404

    # The member's page shows their own private link; it works without signing in
    # (calendar apps do not sign in).
    page = signed_in(lambeth, lambeth_member).get(f"/groups/{group.slug}/").content.decode()
    assert "This link is private to you" in page
    start = page.index(f"{feed}?key=")
    link = page[start : page.index('"', start)].replace("&amp;", "&")
    response = anonymous.get(link)
    assert set(vevents(parse(response))) == {"Circle meets"}
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    # Not shown to non-members, and no key for another group or borough works.
    page = signed_in(lambeth, lambeth_other_member).get(f"/groups/{group.slug}/").content.decode()
    assert "events.ics" not in page
    with inside(lambeth):
        wrong_group = group_feed_token(lambeth, other_group, lambeth_member)
        non_member = group_feed_token(lambeth, group, lambeth_other_member)
        other_borough = group_feed_token(southwark, group, lambeth_member)
    for key in [wrong_group, non_member, other_borough]:
        assert anonymous.get(f"{feed}?key={key}").status_code == 404

    # After leaving the group, the member's link stops working.
    with inside(lambeth):
        group_service.leave_group(lambeth_member, group)
    assert anonymous.get(link).status_code == 404


def test_a_held_event_has_no_calendar_file(lambeth):
    organiser = make_member(lambeth)
    event = make_event(
        lambeth,
        title="Waiting",
        status="held",
        posted_by=organiser,
        online_url="https://w.example.org",
    )
    assert client_for(lambeth).get(f"/events/{event.slug}/event.ics").status_code == 404
    assert signed_in(lambeth, organiser).get(f"/events/{event.slug}/event.ics").status_code == 404
