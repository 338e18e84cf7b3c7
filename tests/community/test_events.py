"""Events: recurrence, posting through the form (and who may), moderation of members'
events, editing and cancelling, the listing by day with the directory's filters, past
events, escaping of everything members type, emails to groups, borough isolation."""

import datetime

import pytest

from django.core import mail
from django.utils import timezone, translation

from sites.community.events import recurrence
from sites.community.events.recurrence import LONDON, occurrences
from sites.community.factories import EventAttendanceFactory
from sites.community.models import Event, EventAttendance, MemberProfile, ModerationAction
from sites.community.search_results import describe_event
from sites.community.services import events as event_service
from sites.core.roles import EDITORS
from sites.directory.models import Interest
from sites.directory.services.organisation_access import grant_organisation_access
from tests.conftest import client_for, inside
from tests.directory.conftest import build_directory

from .conftest import (
    human,
    make_event,
    make_group,
    make_member,
    make_staff,
    page_text,
    signed_in,
)

# --- Recurrence (no database) ----------------------------------------------------------------


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def unsaved(starts_at, hours=2, **fields) -> Event:
    return Event(
        title="Tea",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        **fields,
    )


def starts(found) -> list[datetime.datetime]:
    return [occurrence.starts_at for occurrence in found]


def test_a_one_off_event_happens_once():
    event = unsaved(london(2026, 3, 3, 10))
    assert starts(occurrences(event, london(2026, 1, 1), london(2027, 1, 1))) == [
        london(2026, 3, 3, 10)
    ]
    assert occurrences(event, london(2026, 3, 4), london(2026, 4, 1)) == []
    assert recurrence.rule(event) is None
    assert recurrence.last_end(event) == london(2026, 3, 3, 12)


def test_weekly_repeats_until_its_last_date_inclusive():
    event = unsaved(
        london(2026, 3, 3, 10), repeat="weekly", repeat_until=datetime.date(2026, 3, 24)
    )
    assert starts(occurrences(event, london(2026, 1, 1), london(2027, 1, 1))) == [
        london(2026, 3, 3, 10),
        london(2026, 3, 10, 10),
        london(2026, 3, 17, 10),
        london(2026, 3, 24, 10),
    ]
    assert recurrence.last_end(event) == london(2026, 3, 24, 12)
    assert recurrence.is_finished(event, now=london(2026, 3, 24, 12, 1))
    assert not recurrence.is_finished(event, now=london(2026, 3, 24, 11))


def test_fortnightly_is_every_other_week_on_the_same_weekday():
    event = unsaved(london(2026, 3, 5, 18, 30), repeat="fortnightly")
    found = occurrences(event, london(2026, 3, 1), london(2026, 5, 1))
    assert starts(found) == [
        london(2026, 3, 5, 18, 30),
        london(2026, 3, 19, 18, 30),
        london(2026, 4, 2, 18, 30),
        london(2026, 4, 16, 18, 30),
        london(2026, 4, 30, 18, 30),
    ]
    assert all(o.starts_at.weekday() == 3 for o in found)  # Thursday
    assert recurrence.last_end(event) is None  # carries on
    assert not recurrence.is_finished(event, now=london(2030, 1, 1))


def test_monthly_is_the_same_nth_weekday_of_each_month():
    # 10 March 2026 is the second Tuesday of March.
    event = unsaved(london(2026, 3, 10, 14), repeat="monthly")
    assert starts(occurrences(event, london(2026, 3, 1), london(2026, 7, 1))) == [
        london(2026, 3, 10, 14),
        london(2026, 4, 14, 14),  # second Tuesday of April
        london(2026, 5, 12, 14),
        london(2026, 6, 9, 14),
    ]
    assert recurrence.rrule_parts(event)["byday"] == "2TU"
    assert recurrence.when_in_words(event).startswith("Second Tuesday of the month, 2pm to 4pm")


def test_a_fifth_weekday_repeats_on_the_last_one():
    # 31 March 2026 is the fifth (last) Tuesday; April and May have four.
    event = unsaved(london(2026, 3, 31, 10), repeat="monthly")
    assert starts(occurrences(event, london(2026, 3, 1), london(2026, 6, 1))) == [
        london(2026, 3, 31, 10),
        london(2026, 4, 28, 10),
        london(2026, 5, 26, 10),
    ]
    assert recurrence.rrule_parts(event)["byday"] == "-1TU"


def test_occurrences_in_a_window_include_one_already_under_way():
    event = unsaved(london(2026, 3, 3, 10), repeat="weekly")
    found = occurrences(event, london(2026, 3, 10, 11), london(2026, 3, 24, 10))
    # 10 March (10am to 12 noon, under way at 11am) and 17 March; 24 March starts at the end.
    assert starts(found) == [london(2026, 3, 10, 10), london(2026, 3, 17, 10)]


@pytest.mark.parametrize(
    ("first", "after_change", "utc_hour_before", "utc_hour_after"),
    [
        # Clocks go forward on Sunday 29 March 2026: 10am GMT is 10:00 UTC, 10am BST 09:00.
        (london(2026, 3, 24, 10), london(2026, 3, 31, 10), 10, 9),
        # Clocks go back on Sunday 25 October 2026.
        (london(2026, 10, 20, 10), london(2026, 10, 27, 10), 9, 10),
    ],
)
def test_a_10am_event_stays_at_10am_when_the_clocks_change(
    first, after_change, utc_hour_before, utc_hour_after
):
    event = unsaved(first, repeat="weekly")
    found = occurrences(event, first, first + datetime.timedelta(days=8))
    assert [o.starts_at.astimezone(LONDON).hour for o in found] == [10, 10]
    assert found[1].starts_at == after_change
    assert [o.starts_at.astimezone(datetime.UTC).hour for o in found] == [
        utc_hour_before,
        utc_hour_after,
    ]
    assert all(o.ends_at - o.starts_at == datetime.timedelta(hours=2) for o in found)


def test_when_in_words():
    assert (
        recurrence.when_in_words(unsaved(london(2026, 3, 3, 10)))
        == "Tuesday 3 March 2026, 10am to 12 noon"
    )
    fortnightly = unsaved(
        london(2026, 3, 5, 18, 30),
        hours=1,
        repeat="fortnightly",
        repeat_until=datetime.date(2026, 6, 25),
    )
    assert recurrence.when_in_words(fortnightly) == (
        "Every other Thursday, 6:30pm to 7:30pm, from Thursday 5 March 2026 "
        "until Thursday 25 June 2026"
    )


def test_when_in_words_in_the_readers_language():
    """A Polish reader is told the weekday in Polish and the time on a 24-hour clock, as
    Polish writes it; "am" and "pm" are English only."""
    fortnightly = unsaved(london(2026, 3, 5, 18, 30), hours=1, repeat="fortnightly")
    with translation.override("pl"):
        words = recurrence.when_in_words(fortnightly)
        times = occurrences(fortnightly, london(2026, 3, 1), london(2026, 3, 6))[0]
        assert times.time_range_in_words == "18:30 do 19:30"
    assert "czwartek" in words and "18:30 do 19:30" in words
    assert "Thursday" not in words and "pm" not in words
    with translation.override("ar"):
        assert "الخميس" in recurrence.when_in_words(fortnightly)
    with translation.override("so"):  # Django has no clock of its own for Somali
        assert "18:30" in recurrence.when_in_words(fortnightly)


def test_a_one_off_event_in_arabic_separates_date_and_time_with_the_arabic_comma():
    with translation.override("ar"):
        words = recurrence.when_in_words(unsaved(london(2026, 3, 3, 10)))
    assert "،" in words and "," not in words


# --- Posting ---------------------------------------------------------------------------------


def form_data(**changes) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "title": "Seed swap and tea",
        "description": "Bring seeds, take seeds.\n\nTea and biscuits.",
        "date": day.isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "repeat": "never",
        "repeat_until": "",
        "place": "",
        "online_url": "https://meet.example.org/seeds",
        "cost": "free",
        "cost_details": "",
        "booking": "just-turn-up",
        "booking_url": "",
        "capacity": "",
        "accessibility_notes": "",
    }
    data.update(changes)
    return human({key: value for key, value in data.items() if value is not None})


def post_event(client, **changes):
    return client.post("/events/new/", form_data(**changes))


@pytest.fixture
def places(lambeth):
    return build_directory(lambeth)


@pytest.mark.django_db
def test_a_new_group_organiser_posts_an_event_a_moderator_approves_it_and_members_are_told(
    lambeth, lambeth_member, lambeth_other_member, lambeth_moderator, places
):
    quiet = make_member(lambeth, display_name="Quiet", notify_group_events=False)
    group = make_group(
        lambeth, organiser=lambeth_member, members=[lambeth_other_member, quiet], name="Seed savers"
    )
    client = signed_in(lambeth, lambeth_member)
    form = client.get("/events/new/")
    assert form.status_code == 200
    assert "Post an event" in page_text(form)

    with inside(lambeth):
        gardening = Interest.objects.get(slug="gardening-and-outdoors")
    response = post_event(
        client,
        host=f"group-{group.pk}",
        place=str(places.place.pk),
        online_url="",
        interests=[str(gardening.pk)],
        access=["quiet_space"],
        capacity="12",
    )
    assert response.status_code == 302
    with inside(lambeth):
        event = Event.objects.get(title="Seed swap and tea")
        assert event.status == Event.Status.HELD  # Alex is not trusted yet
        assert event.group == group
        assert event.posted_by == lambeth_member
        assert event.place == places.place
        assert event.capacity == 12
        assert event.quiet_space
        assert list(event.interests.all()) == [gardening]
        assert timezone.localtime(event.starts_at).hour == 10
    assert response["Location"] == f"/events/{event.slug}/"
    assert mail.outbox == []  # nobody is told about a held event

    # Held: the poster sees it waiting; others do not see it at all.
    assert "Waiting for a moderator" in page_text(client.get(f"/events/{event.slug}/"))
    assert client_for(lambeth).get(f"/events/{event.slug}/").status_code == 404
    other = signed_in(lambeth, lambeth_other_member)
    assert other.get(f"/events/{event.slug}/").status_code == 404
    assert "Seed swap and tea" not in page_text(client_for(lambeth).get("/events/"))

    # It waits in the moderation queue in the Wagtail admin (the old public page for held
    # events sends moderators there); a moderator approves it.
    moderator = signed_in(lambeth, lambeth_moderator)
    assert moderator.get("/events/held/")["Location"] == "/admin/community/moderation/"
    assert other.get("/events/held/").status_code == 404
    queue = page_text(moderator.get("/admin/community/moderation/"))
    assert "Event waiting for a moderator" in queue
    assert "Seed swap and tea" in queue
    item = page_text(moderator.get(f"/admin/community/moderation/events/{event.pk}/"))
    assert "Bring seeds, take seeds." in item
    assert "Brixton Community Hall" in item
    assert "Approve the event" in item
    response = moderator.post(
        "/admin/community/moderation/act/",
        {"action": "approve", "event": event.pk, "note": "Lovely."},
    )
    assert response.status_code == 302
    with inside(lambeth):
        event.refresh_from_db()
        assert event.status == Event.Status.PUBLISHED
        logged = ModerationAction.objects.get(member=lambeth_member)
        assert (logged.action, logged.moderator, logged.event) == (
            "approve",
            lambeth_moderator,
            event,
        )
        assert "Seed swap and tea" in logged.note
    assert "Nothing is waiting" in page_text(moderator.get("/admin/community/moderation/"))
    log = page_text(moderator.get("/admin/community/log/"))
    assert "Event: Seed swap and tea" in log

    # The poster hears it is approved; Bea (wants group emails) hears about the event;
    # Quiet (turned them off) does not.
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([lambeth_member.email, lambeth_other_member.email])
    told = next(m for m in mail.outbox if m.to == [lambeth_member.email])
    assert told.subject == "Your event “Seed swap and tea” is now on the website"
    assert "/emails/unsubscribe/" in told.body
    news = next(m for m in mail.outbox if m.to == [lambeth_other_member.email])
    assert news.subject == "New event in Seed savers: Seed swap and tea"
    assert f"http://lambeth.localhost:8000/events/{event.slug}/" in news.body
    assert "Brixton Community Hall" in news.body
    assert "/emails/unsubscribe/" in news.body
    assert news.extra_headers["List-Unsubscribe"].startswith("<http://lambeth.localhost")

    listing = page_text(client_for(lambeth).get("/events/"))
    assert "Seed swap and tea" in listing


@pytest.mark.django_db
def test_a_trusted_organisers_event_appears_at_once_and_the_group_is_emailed(
    lambeth, lambeth_other_member
):
    organiser = make_member(lambeth, display_name="Trusted", is_trusted=True)
    group = make_group(lambeth, organiser=organiser, members=[lambeth_other_member])
    response = post_event(signed_in(lambeth, organiser), host=f"group-{group.pk}")
    assert response.status_code == 302
    with inside(lambeth):
        assert Event.objects.get().status == Event.Status.PUBLISHED
    assert [m.to for m in mail.outbox] == [[lambeth_other_member.email]]


@pytest.mark.django_db
def test_organisation_managers_and_editors_post_without_waiting(lambeth, places):
    manager = make_member(lambeth, display_name="Manager")
    with inside(lambeth):
        grant_organisation_access(places.organisation, manager)
    response = post_event(
        signed_in(lambeth, manager),
        host=f"organisation-{places.organisation.pk}",
        title="Open day",
    )
    assert response.status_code == 302
    editor = make_staff(lambeth, "editor@lambeth.example.org", EDITORS)
    client = signed_in(lambeth, editor)
    assert "The Connect &amp; Do team" in client.get("/events/new/").content.decode()
    assert post_event(client, host="team", title="Borough fair").status_code == 302
    with inside(lambeth):
        open_day = Event.objects.get(title="Open day")
        assert open_day.status == Event.Status.PUBLISHED
        assert open_day.organisation_id == places.organisation.pk
        fair = Event.objects.get(title="Borough fair")
        assert fair.status == Event.Status.PUBLISHED
        assert fair.organisation is None and fair.group is None
    assert "Brixton Gardeners" in page_text(client_for(lambeth).get(f"/events/{open_day.slug}/"))


@pytest.mark.django_db
def test_members_who_run_nothing_cannot_post_events(lambeth, lambeth_member, places):
    client = signed_in(lambeth, lambeth_member)
    page = page_text(client.get("/events/new/"))
    assert "Events are posted by organisations, by the organisers of groups and by Editors" in page
    assert post_event(client, host="team").status_code == 200
    # Nor as someone else's group or organisation.
    group = make_group(lambeth, organiser=make_member(lambeth))
    assert post_event(client, host=f"group-{group.pk}").status_code == 200
    # Anonymous visitors are asked to sign in.
    response = client_for(lambeth).get("/events/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")
    with inside(lambeth):
        assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_paused_organiser_cannot_post(lambeth):
    paused = make_member(
        lambeth, suspended_until=timezone.now() + datetime.timedelta(days=3), is_trusted=True
    )
    group = make_group(lambeth, organiser=paused)
    client = signed_in(lambeth, paused)
    assert "Your account is paused" in page_text(client.get("/events/new/"))
    post_event(client, host=f"group-{group.pk}")
    with inside(lambeth):
        assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field_error"),
    [
        ({"end_time": "09:30"}, "The end time must be after the start time."),
        ({"repeat": "weekly", "repeat_until": "2020-01-01"}, "The last date must be after"),
        ({"date": "2020-01-01"}, "The date must be today or in the future."),
        ({"date": "9999-06-01"}, "Events can be up to two years ahead."),
        ({"repeat": "weekly", "repeat_until": "9999-12-31"}, "The last date can be up to two"),
        ({"date": "31/02/2027"}, "Enter a real date"),
        ({"start_time": "25:99"}, "Enter a time like 10am or 2:30pm."),
        ({"online_url": ""}, "Choose a place, or give the link people use to join online."),
        ({"online_url": "javascript:alert(1)"}, "Enter a web address"),
        ({"cost": "paid"}, "Say what it costs"),
        ({"booking": "book"}, "Give the web address where people book."),
        ({"capacity": "0"}, "Enter 1 or more"),
        ({"title": "   "}, "Enter the name of the event."),
        ({"place": "999999", "online_url": ""}, "Choose a place from the list."),
        ({"repeat": "daily"}, "Choose whether the event repeats."),
    ],
)
@pytest.mark.django_db
def test_bad_input_shows_clear_errors_and_creates_nothing(lambeth, changes, field_error):
    organiser = make_member(lambeth, is_trusted=True)
    group = make_group(lambeth, organiser=organiser)
    response = post_event(signed_in(lambeth, organiser), host=f"group-{group.pk}", **changes)
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text
    assert field_error in text
    assert "Error: Post an event" in text
    with inside(lambeth):
        assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_robot_filling_the_hidden_box_posts_nothing(lambeth):
    organiser = make_member(lambeth, is_trusted=True)
    group = make_group(lambeth, organiser=organiser)
    data = form_data(host=f"group-{group.pk}")
    data["website"] = "http://spam.example.com"
    response = signed_in(lambeth, organiser).post("/events/new/", data)
    assert response.status_code == 400
    with inside(lambeth):
        assert not Event.objects.exists()


INJECTION = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.django_db
def test_html_and_script_in_an_event_are_shown_as_plain_text(lambeth):
    organiser = make_member(lambeth, is_trusted=True)
    group = make_group(lambeth, organiser=organiser)
    response = post_event(
        signed_in(lambeth, organiser),
        host=f"group-{group.pk}",
        title=f"Quiz {INJECTION}",
        description=f"Fun {INJECTION}\nMore at https://example.org/quiz?a=1&b=<2>",
        cost="paid",
        cost_details=f"£2 {INJECTION}",
        accessibility_notes=INJECTION,
    )
    assert response.status_code == 302
    with inside(lambeth):
        event = Event.objects.get()
        assert event.title == f"Quiz {INJECTION}"  # stored as typed
    for path in [f"/events/{event.slug}/", "/events/"]:
        html = client_for(lambeth).get(path).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    page = client_for(lambeth).get(f"/events/{event.slug}/").content.decode()
    assert '<a href="https://example.org/quiz?a=1&amp;b=" rel="nofollow' in page


@pytest.mark.django_db
def test_posting_events_is_rate_limited(lambeth):
    organiser = make_member(lambeth, is_trusted=True)
    group = make_group(lambeth, organiser=organiser)
    client = signed_in(lambeth, organiser)
    most, _ = event_service.RATE_LIMITS["post-event"]
    for n in range(most):
        assert post_event(client, host=f"group-{group.pk}", title=f"Walk {n}").status_code == 302
    response = post_event(client, host=f"group-{group.pk}", title="One too many")
    assert response.status_code == 429
    assert "Please wait" in page_text(response)
    with inside(lambeth):
        assert Event.objects.count() == most
        assert not Event.objects.filter(title="One too many").exists()


# --- Editing and cancelling ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_poster_edits_their_event_and_others_cannot(lambeth, lambeth_other_member):
    organiser = make_member(lambeth, is_trusted=True)
    group = make_group(lambeth, organiser=organiser)
    event = make_event(
        lambeth,
        title="Picnic",
        group=group,
        posted_by=organiser,
        online_url="https://m.example.org",
    )
    client = signed_in(lambeth, organiser)
    form = client.get(f"/events/{event.slug}/edit/")
    assert form.status_code == 200
    assert 'value="Picnic"' in form.content.decode()
    day = timezone.localtime(event.starts_at).date().isoformat()
    response = client.post(
        f"/events/{event.slug}/edit/",
        form_data(title="Picnic in the park", date=day, start_time="11:00", end_time="13:00"),
    )
    assert response.status_code == 302
    with inside(lambeth):
        event.refresh_from_db()
        assert event.title == "Picnic in the park"
        assert timezone.localtime(event.starts_at).hour == 11
        assert event.status == Event.Status.PUBLISHED
    # Someone else gets "not found" for the edit and cancel pages, and changes nothing.
    other = signed_in(lambeth, lambeth_other_member)
    assert other.get(f"/events/{event.slug}/edit/").status_code == 404
    assert other.post(f"/events/{event.slug}/cancel/").status_code == 404
    with inside(lambeth):
        event.refresh_from_db()
        assert event.status == Event.Status.PUBLISHED


@pytest.mark.django_db
def test_an_untrusted_posters_edit_goes_back_to_a_moderator(lambeth, lambeth_member):
    group = make_group(lambeth, organiser=lambeth_member)
    event = make_event(
        lambeth, group=group, posted_by=lambeth_member, online_url="https://m.example.org"
    )
    day = timezone.localtime(event.starts_at).date().isoformat()
    response = signed_in(lambeth, lambeth_member).post(
        f"/events/{event.slug}/edit/", form_data(title="Now with spam", date=day)
    )
    assert response.status_code == 302
    with inside(lambeth):
        event.refresh_from_db()
        assert event.status == Event.Status.HELD
    assert client_for(lambeth).get(f"/events/{event.slug}/").status_code == 404


@pytest.mark.django_db
def test_a_cancelled_event_cannot_be_changed(lambeth):
    organiser = make_member(lambeth, is_trusted=True)
    event = make_event(
        lambeth, title="Choir", posted_by=organiser, status="cancelled", online_url="https://c.org"
    )
    client = signed_in(lambeth, organiser)
    assert "This event is cancelled, so it cannot be changed." in page_text(
        client.get(f"/events/{event.slug}/edit/")
    )
    day = timezone.localtime(event.starts_at).date().isoformat()
    response = client.post(f"/events/{event.slug}/edit/", form_data(title="Choir again", date=day))
    assert response.status_code == 200
    with inside(lambeth):
        event.refresh_from_db()
        assert (event.title, event.status) == ("Choir", Event.Status.CANCELLED)


@pytest.mark.django_db
def test_cancelling_an_event_tells_everyone_going_and_waiting(
    lambeth, lambeth_member, lambeth_other_member
):
    organiser = make_member(lambeth, is_trusted=True)
    group = make_group(lambeth, organiser=organiser)
    event = make_event(lambeth, title="Choir night", group=group, posted_by=organiser, capacity=1)
    with inside(lambeth):
        EventAttendanceFactory(event=event, member=lambeth_member)
        EventAttendanceFactory(event=event, member=lambeth_other_member, status="waiting")
    client = signed_in(lambeth, organiser)
    assert "You cannot undo this" in page_text(client.get(f"/events/{event.slug}/cancel/"))
    assert client.post(f"/events/{event.slug}/cancel/").status_code == 302
    with inside(lambeth):
        event.refresh_from_db()
        assert event.status == Event.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [lambeth_member.email, lambeth_other_member.email]
    )
    assert all(m.subject == "Cancelled: Choir night" for m in mail.outbox)
    assert "This event is cancelled" in page_text(client_for(lambeth).get(f"/events/{event.slug}/"))
    assert "Choir night" not in page_text(client_for(lambeth).get("/events/"))


# --- The listing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_listing_shows_each_time_by_day_for_eight_weeks(lambeth):
    make_event(
        lambeth, title="Weekly walk", days=1, repeat="weekly", online_url="https://w.example.org"
    )
    make_event(lambeth, title="Far away fair", days=70)
    response = client_for(lambeth).get("/events/")
    assert response.status_code == 200
    text = page_text(response)
    assert text.count("Weekly walk") == 8
    assert "Far away fair" not in text
    first = timezone.localdate() + datetime.timedelta(days=1)
    assert f"{first:%A} {first.day} {first:%B}" in text

    # The date picker (a plain GET parameter) moves the window.
    later = timezone.localdate() + datetime.timedelta(days=60)
    text = page_text(client_for(lambeth).get(f"/events/?from={later.isoformat()}"))
    assert "Far away fair" in text
    assert text.count("Weekly walk") == 8

    # A date that is not one, or in the past, is left out with a plain note.
    text = page_text(client_for(lambeth).get("/events/?from=yesterday-ish"))
    assert "We could not read the date “yesterday-ish”. Write it like" in text
    text = page_text(client_for(lambeth).get("/events/?from=2020-01-01"))
    assert "Events that have finished are not listed" in text
    response = client_for(lambeth).get("/events/?from=9999-12-25")
    assert response.status_code == 200
    assert "We list events up to two years ahead" in page_text(response)


@pytest.mark.django_db
def test_past_events_leave_the_listing_but_their_pages_remain(lambeth):
    past = make_event(
        lambeth, title="Last week's quiz", days=-7, online_url="https://q.example.org"
    )
    series = make_event(
        lambeth,
        title="Spring series",
        days=-30,
        repeat="weekly",
        repeat_until=timezone.localdate() - datetime.timedelta(days=2),
        online_url="https://s.example.org",
    )
    earlier_today = make_event(
        lambeth,
        title="Early bird",
        starts_at=timezone.localtime() - datetime.timedelta(hours=3),
        hours=1,
        online_url="https://e.example.org",
    )
    make_event(lambeth, title="Next week's quiz", days=7, online_url="https://q.example.org")
    listing = page_text(client_for(lambeth).get("/events/"))
    assert "Next week's quiz" in listing
    for gone in ["Last week's quiz", "Spring series", "Early bird"]:
        assert gone not in listing
    for event in [past, series, earlier_today]:
        response = client_for(lambeth).get(f"/events/{event.slug}/")
        assert response.status_code == 200
        text = page_text(response)
        assert "This event has finished" in text
        assert "I'm going" not in text


@pytest.mark.django_db
def test_the_directory_filters_narrow_the_listing(lambeth, places):
    with inside(lambeth):
        gardening = Interest.objects.get(slug="gardening-and-outdoors")
        singing = Interest.objects.get(slug="music-and-singing")
    # Next Tuesday and next Friday (never today, so no time has passed yet).
    today = timezone.localdate()
    tuesday = (1 - today.weekday()) % 7 or 7
    friday = (4 - today.weekday()) % 7 or 7
    make_event(
        lambeth,
        title="Tuesday planting",
        days=tuesday,
        hour=10,
        place=places.place,
        interests=[gardening],
    )
    make_event(
        lambeth,
        title="Friday evening sing",
        days=friday,
        hour=19,
        is_free=False,
        cost_details="£3",
        online_url="https://sing.example.org",
        interests=[singing],
    )
    make_event(
        lambeth,
        title="Quiet afternoon",
        days=friday,
        hour=14,
        place=places.home_place,
        quiet_space=True,
    )

    def titles(query: str) -> set[str]:
        text = page_text(client_for(lambeth).get(f"/events/?{query}"))
        return {
            t for t in ["Tuesday planting", "Friday evening sing", "Quiet afternoon"] if t in text
        }

    everything = {"Tuesday planting", "Friday evening sing", "Quiet afternoon"}
    assert titles("") == everything
    assert titles("interest=gardening-and-outdoors") == {"Tuesday planting"}
    assert titles("day=tuesday") == {"Tuesday planting"}
    assert titles("day=friday&time=evening") == {"Friday evening sing"}
    assert titles("time=afternoon") == {"Quiet afternoon"}
    assert titles("free=yes") == {"Tuesday planting", "Quiet afternoon"}
    assert titles("how=online") == {"Friday evening sing"}
    assert titles("how=in-person") == {"Tuesday planting", "Quiet afternoon"}
    # The hall has a hearing loop: the event counts as having one.
    assert titles("access=hearing-loop") == {"Tuesday planting"}
    assert titles("access=quiet-space") == {"Quiet afternoon"}
    assert titles("access=quiet-space&access=hearing-loop") == set()
    # Unknown values are left out with a note, not an error.
    response = client_for(lambeth).get("/events/?day=caturday&how=by-pigeon")
    assert response.status_code == 200
    assert "We did not recognise a choice" in page_text(response)
    # The filter boxes are the directory's, with the same names and words.
    html = client_for(lambeth).get("/events/").content.decode()
    assert 'name="interest"' in html and 'name="access"' in html
    assert "Morning (starts before 12 noon)" in html
    assert 'name="kind"' not in html


@pytest.mark.django_db
def test_a_hidden_street_address_is_never_shown(lambeth, places):
    event = make_event(lambeth, title="Knit and natter", place=places.home_place)
    for path in [f"/events/{event.slug}/", "/events/"]:
        text = page_text(client_for(lambeth).get(path))
        assert "SW9 area" in text
        assert "7 Quiet Road" not in text
        assert "SW9 8LF" not in text


@pytest.mark.django_db
def test_visitors_see_a_members_home_without_its_name_members_see_it(
    lambeth, places, lambeth_member
):
    """A home's name may hold its host's name ("Dev's home"): names are for signed-in
    members, so a visitor reads "A member's home" and the area, on the event and in the
    listing, with no link to the place."""
    event = make_event(lambeth, title="Knit and natter", place=places.home_place)
    for path in [f"/events/{event.slug}/", "/events/"]:
        visitor = client_for(lambeth).get(path)
        text = page_text(visitor)
        assert "A member's home" in text and "SW9 area" in text, path
        assert "Knitters" not in text, path
        assert places.home_place.slug not in visitor.content.decode(), path
        member = page_text(signed_in(lambeth, lambeth_member).get(path))
        assert "Knitters' front room" in member and "SW9 area" in member, path
        assert "A member's home" not in member, path
    # Nor does a search result name it (one description for every reader).
    with inside(lambeth):
        result = describe_event(Event.objects.get(pk=event.pk))
    assert result.where.startswith("A member's home") and "Knitters" not in result.where
    # A place whose street is shown keeps its name for everyone.
    hall = make_event(lambeth, title="Hall social", place=places.place)
    text = page_text(client_for(lambeth).get(f"/events/{hall.slug}/"))
    assert places.place.title in text and "A member's home" not in text


@pytest.mark.django_db
def test_members_only_group_events_are_for_its_members(
    lambeth, lambeth_member, lambeth_other_member
):
    group = make_group(lambeth, members=[lambeth_member], visibility="members-only")
    event = make_event(
        lambeth, title="Private circle", group=group, online_url="https://p.example.org"
    )
    member = signed_in(lambeth, lambeth_member)
    assert member.get(f"/events/{event.slug}/").status_code == 200
    assert "Private circle" in page_text(member.get("/events/"))
    for client in [client_for(lambeth), signed_in(lambeth, lambeth_other_member)]:
        assert client.get(f"/events/{event.slug}/").status_code == 404
        assert client.get(f"/events/{event.slug}/event.ics").status_code == 404
        assert "Private circle" not in page_text(client.get("/events/"))


@pytest.mark.django_db
def test_southwark_never_sees_lambeths_events(lambeth, southwark):
    event = make_event(lambeth, title="Lambeth lunch club", online_url="https://l.example.org")
    make_event(southwark, title="Southwark social", online_url="https://s.example.org")
    southwark_client = client_for(southwark)
    listing = page_text(southwark_client.get("/events/"))
    assert "Southwark social" in listing
    assert "Lambeth lunch club" not in listing
    assert southwark_client.get(f"/events/{event.slug}/").status_code == 404
    assert southwark_client.get(f"/events/{event.slug}/event.ics").status_code == 404
    assert b"Lambeth lunch club" not in southwark_client.get("/events/calendar.ics").content
    assert "Southwark social" not in page_text(client_for(lambeth).get("/events/"))


@pytest.mark.django_db
def test_my_page_links_to_my_events(lambeth, lambeth_member):
    event = make_event(lambeth, title="Book club", online_url="https://b.example.org")
    with inside(lambeth):
        EventAttendance.objects.create(
            event=event, member=lambeth_member, occurs_on=timezone.localdate(event.starts_at)
        )
        assert event.get_absolute_url() == f"/events/{event.slug}/"
        assert MemberProfile.objects.filter(user=lambeth_member).exists()
    page = signed_in(lambeth, lambeth_member).get("/account/").content.decode()
    assert f'href="/events/{event.slug}/"' in page


def day_words(day: datetime.date) -> str:
    """How My page and the group page write a date: "Tuesday 5 May"."""
    return f"{day:%A} {day.day} {day:%B}"


@pytest.mark.django_db
def test_a_repeating_event_stays_on_my_page_and_the_group_page_with_its_next_date(
    lambeth, lambeth_member
):
    group = make_group(lambeth, members=[lambeth_member], name="Walkers")
    online = {"group": group, "online_url": "https://w.example.org"}
    # Began 18 days ago, every week, without end: -18, -11, -4, then 3 days from now.
    weekly = make_event(lambeth, title="Weekly walk", days=-18, repeat="weekly", **online)
    finished = make_event(
        lambeth,
        title="Spring series",
        days=-30,
        repeat="weekly",
        repeat_until=timezone.localdate() - datetime.timedelta(days=2),
        **online,
    )
    held = make_event(
        lambeth, title="Held stroll", days=-18, repeat="weekly", status="held", **online
    )
    removed = make_event(
        lambeth, title="Removed ramble", days=-18, repeat="weekly", status="removed", **online
    )
    today = timezone.localdate()
    next_time = today + datetime.timedelta(days=3)
    first_time = today - datetime.timedelta(days=18)
    with inside(lambeth):
        for event in (weekly, held, removed):
            EventAttendance.objects.create(event=event, member=lambeth_member, occurs_on=next_time)
        # Dates that have passed are not listed: the walk's first, the series' last.
        EventAttendance.objects.create(event=weekly, member=lambeth_member, occurs_on=first_time)
        EventAttendance.objects.create(
            event=finished, member=lambeth_member, occurs_on=today - datetime.timedelta(days=2)
        )

    client = signed_in(lambeth, lambeth_member)
    for path in [f"/groups/{group.slug}/", "/account/"]:
        text = page_text(client.get(path))
        assert "Weekly walk" in text, path
        assert day_words(next_time) in text, path
        assert day_words(first_time) not in text, path
        for gone in ["Spring series", "Held stroll", "Removed ramble"]:
            assert gone not in text, (path, gone)

    from sites.community.accounts.selectors import my_upcoming_events

    with inside(lambeth):
        mine = my_upcoming_events(lambeth_member)
        assert [(m.event.title, m.occurrence.date) for m in mine] == [("Weekly walk", next_time)]


@pytest.mark.django_db
def test_my_page_lists_my_events_by_their_next_time(lambeth, lambeth_member):
    online = {"online_url": "https://o.example.org"}
    monthly_later = make_event(lambeth, title="Film club", days=20, **online)
    weekly_sooner = make_event(lambeth, title="Tea dance", days=-5, repeat="weekly", **online)
    cancelled = make_event(lambeth, title="Quiz night", days=4, status="cancelled", **online)
    today = timezone.localdate()
    with inside(lambeth):
        for event, days in ((monthly_later, 20), (weekly_sooner, 2)):
            EventAttendance.objects.create(
                event=event, member=lambeth_member, occurs_on=today + datetime.timedelta(days)
            )
        EventAttendance.objects.create(
            event=cancelled,
            member=lambeth_member,
            status="waiting",
            occurs_on=today + datetime.timedelta(days=4),
        )
    text = page_text(signed_in(lambeth, lambeth_member).get("/account/"))
    # Tea dance (in 2 days), then the cancelled quiz (marked), then the film club.
    assert text.index("Tea dance") < text.index("Quiz night") < text.index("Film club")
    assert "Quiz night" in text and "Cancelled" in text


def test_the_next_time_of_an_event_far_ahead_is_found():
    # Beyond the 400 days looked ahead from now, but posted: its first date is next.
    first = london(2026, 3, 3, 10)
    now = first - datetime.timedelta(days=500)
    for repeat in ["never", "weekly"]:
        event = unsaved(first, repeat=repeat)
        assert recurrence.next_occurrence(event, now).starts_at == first, repeat


@pytest.mark.django_db
def test_an_event_slug_never_takes_a_route_name(lambeth):
    with inside(lambeth):
        assert event_service.unique_slug("New") == "new-event"
        assert event_service.unique_slug("Held") == "held-event"
    make_event(lambeth, title="Coffee", slug="coffee")
    with inside(lambeth):
        assert event_service.unique_slug("Coffee") == "coffee-2"


@pytest.mark.django_db
def test_the_group_page_offers_its_calendar_and_posting_to_organisers(lambeth, lambeth_member):
    organiser = make_member(lambeth, is_trusted=True)
    group = make_group(lambeth, organiser=organiser, members=[lambeth_member], name="Walkers")
    page = page_text(signed_in(lambeth, organiser).get(f"/groups/{group.slug}/"))
    assert "Post an event for Walkers" in page
    assert "Add this group's events to your calendar" in page
    page = page_text(signed_in(lambeth, lambeth_member).get(f"/groups/{group.slug}/"))
    assert "Post an event for Walkers" not in page
    html = client_for(lambeth).get(f"/groups/{group.slug}/").content.decode()
    assert f'href="/groups/{group.slug}/events.ics"' in html


# --- Demo content ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_events_adds_upcoming_events_once(lambeth):
    import random

    from sites.demo.data.events import EVENT_IDEAS
    from sites.demo.events import seed_events

    build_directory(lambeth)
    organiser = make_member(lambeth, is_trusted=True)
    make_group(lambeth, organiser=organiser, name="Demo walkers")
    with inside(lambeth):
        first = seed_events(lambeth, random.Random("lambeth"))
        assert first.added == len(EVENT_IDEAS) + 1  # and one held for the moderators
        events = Event.objects.all()
        assert events.filter(status="held").count() == 1
        assert events.exclude(repeat="never").count() >= 3
        today = timezone.localdate()
        for event in events:
            assert today < timezone.localdate(event.starts_at) <= today + datetime.timedelta(56)
        full = [event for event in events if event.capacity]
        assert full
        for event in full:
            # Everyone answered for the event's next date, which is full with two waiting.
            next_date = recurrence.next_occurrence(event).date
            assert set(event.attendances.values_list("occurs_on", flat=True)) == {next_date}
            going = event.attendances.filter(status="going").count()
            assert going == event.capacity
            assert event.attendances.filter(status="waiting").count() == 2
        again = seed_events(lambeth, random.Random("lambeth"))
        assert again.added == 0
        assert Event.objects.count() == first.events
    listing = page_text(client_for(lambeth).get("/events/"))
    assert "Coffee and chat morning" in listing
    # The full events' next dates show as full in the listing.
    assert "It is full: you can join the waiting list" in listing
