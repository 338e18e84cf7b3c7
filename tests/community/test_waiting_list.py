"""'I'm going' to one date, with a limit and a waiting list per date: positions, promotion
with an email naming the date, dates that cannot be chosen, and no more places given out
than there are, even when people cancel or ask at the same moment."""

import datetime
import threading
import uuid
from functools import partial

import pytest
from django_tenants.utils import schema_context

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.utils import timezone

from sites.community.events.recurrence import local_datetime
from sites.community.factories import EventAttendanceFactory, MemberProfileFactory
from sites.community.models import Event, EventAttendance
from sites.community.services import events as event_service
from tenants.models import Borough
from tests.conftest import client_for, inside

from .conftest import PASSWORD, make_event, make_group, make_member, page_text, signed_in

GOING = EventAttendance.Status.GOING
WAITING = EventAttendance.Status.WAITING


def event_day(event) -> tuple[datetime.date, str]:
    """A one-off event's date, and how pages write it ("Tuesday 1 December")."""
    day = timezone.localdate(event.starts_at)
    return day, f"{day:%A} {day.day} {day:%B}"


def statuses(borough, event) -> dict[str, str]:
    with inside(borough):
        return dict(
            EventAttendance.objects.filter(event=event).values_list("member__email", "status")
        )


@pytest.mark.django_db
def test_the_third_person_waits_and_is_promoted_and_emailed_when_someone_cancels(lambeth):
    event = make_event(
        lambeth, title="Pottery taster", capacity=2, online_url="https://p.example.org"
    )
    alex, bea, cal, dee = (
        make_member(lambeth, display_name=name) for name in ["Alex", "Bea", "Cal", "Dee"]
    )
    path = f"/events/{event.slug}/"
    day, on = event_day(event)
    date = {"date": day.isoformat()}

    for member in (alex, bea):
        response = signed_in(lambeth, member).post(f"{path}going/", date, follow=True)
        assert f"You are going to Pottery taster on {on}." in page_text(response)
    cal_client = signed_in(lambeth, cal)
    before = page_text(cal_client.get(path))
    assert "2 people are going" in before
    assert "It is full" in before
    assert f"Join the waiting list for {on}" in before
    response = cal_client.post(f"{path}going/", date, follow=True)
    text = page_text(response)
    assert (
        f"Pottery taster is full on {on}, so you are on the waiting list for that date. "
        "You are number 1."
    ) in text
    assert f"You are on the waiting list for {on}: number 1." in text
    signed_in(lambeth, dee).post(f"{path}going/", date)
    assert f"You are on the waiting list for {on}: number 2." in page_text(
        signed_in(lambeth, dee).get(path)
    )
    # Saying it twice changes nothing.
    signed_in(lambeth, alex).post(f"{path}going/", date)
    assert statuses(lambeth, event) == {
        alex.email: GOING,
        bea.email: GOING,
        cal.email: WAITING,
        dee.email: WAITING,
    }
    assert "1 person is on the waiting list" not in page_text(client_for(lambeth).get(path))
    assert "2 people are on the waiting list" in page_text(client_for(lambeth).get(path))

    # Bea cannot go after all: Cal, first in the queue, gets her place and an email.
    mail.outbox = []
    response = signed_in(lambeth, bea).post(f"{path}not-going/", date, follow=True)
    assert f"You are no longer going to Pottery taster on {on}." in page_text(response)
    assert statuses(lambeth, event) == {alex.email: GOING, cal.email: GOING, dee.email: WAITING}
    assert [message.to for message in mail.outbox] == [[cal.email]]
    email = mail.outbox[0]
    assert email.subject == f"You have a place: Pottery taster on {on}"
    assert "Hello Cal" in email.body
    assert f"When: {on} {day.year}, 10am to 12 noon" in email.body
    assert f"http://lambeth.localhost:8000/events/{event.slug}/" in email.body
    assert f"You are going on {on}." in page_text(signed_in(lambeth, cal).get(path))
    assert "number 1." in page_text(signed_in(lambeth, dee).get(path))

    # Dee leaves the waiting list: nobody is promoted, nobody is emailed.
    mail.outbox = []
    signed_in(lambeth, dee).post(f"{path}not-going/", date)
    assert statuses(lambeth, event) == {alex.email: GOING, cal.email: GOING}
    assert mail.outbox == []


@pytest.mark.django_db
def test_cancellations_one_after_another_never_overfill(lambeth):
    """The service, twice in sequence, each time from fresh state."""
    for _round in range(2):
        event = make_event(lambeth, capacity=2, online_url="https://p.example.org")
        people = [make_member(lambeth) for _ in range(5)]
        day, _on = event_day(event)
        with inside(lambeth):
            answers = [event_service.rsvp(person, event, day) for person in people]
            assert [a.is_going for a in answers] == [True, True, False, False, False]
            assert [a.position for a in answers] == [None, None, 1, 2, 3]
            mail.outbox = []

            promoted = event_service.cancel_rsvp(people[0], event, day)
            assert [a.member for a in promoted] == [people[2]]
            promoted = event_service.cancel_rsvp(people[1], event, day)
            assert [a.member for a in promoted] == [people[3]]
            # Nothing is free now: promoting again gives out nothing.
            assert event_service.promote_waiting_list(event, day) == []
            assert event_service.promote_waiting_list(event) == []
            going = EventAttendance.objects.filter(event=event, status=GOING)
            assert sorted(a.member_id for a in going) == sorted([people[2].pk, people[3].pk])
            last = EventAttendance.objects.get(event=event, member=people[4])
            assert event_service.waiting_position(last) == 1
        assert sorted(m.to[0] for m in mail.outbox) == sorted([people[2].email, people[3].email])


@pytest.mark.django_db
def test_a_bigger_limit_gives_the_new_places_to_people_waiting(lambeth):
    organiser = make_member(lambeth, is_trusted=True)
    event = make_event(lambeth, capacity=1, posted_by=organiser, online_url="https://p.example.org")
    people = [make_member(lambeth) for _ in range(3)]
    day, _on = event_day(event)
    with inside(lambeth):
        for person in people:
            event_service.rsvp(person, event, day)
        mail.outbox = []
        details = event_service.EventDetails(
            title=event.title,
            description=event.description,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            online_url=event.online_url,
            capacity=2,
        )
        event_service.update_event(organiser, event, details)
        assert EventAttendance.objects.filter(event=event, status=GOING).count() == 2
    assert [m.to for m in mail.outbox] == [[people[1].email]]


@pytest.mark.django_db
def test_who_may_say_they_are_going(lambeth, lambeth_member):
    event = make_event(lambeth, title="Tea dance", online_url="https://t.example.org")
    path = f"/events/{event.slug}/"
    day, _on = event_day(event)
    date = {"date": day.isoformat()}
    # Not signed in: asked to sign in.
    response = client_for(lambeth).post(f"{path}going/", date)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")
    assert "Sign in to say you are going" in page_text(client_for(lambeth).get(path))
    # Paused members cannot.
    paused = make_member(lambeth, suspended_until=timezone.now() + datetime.timedelta(days=2))
    client = signed_in(lambeth, paused)
    assert "Your account is paused" in page_text(client.get(path))
    response = client.post(f"{path}going/", date, follow=True)
    assert "Your account is paused" in page_text(response)
    # Members who have not confirmed their email address cannot.
    unconfirmed = make_member(lambeth, email_confirmed_at=None)
    signed_in(lambeth, unconfirmed).post(f"{path}going/", date)
    with inside(lambeth):
        assert not EventAttendance.objects.filter(event=event).exists()
        with pytest.raises(event_service.AttendanceError):
            event_service.rsvp(paused, event, day)
    # Nobody can say they are going to a finished or cancelled event.
    finished = make_event(lambeth, days=-3, online_url="https://t.example.org")
    cancelled = make_event(lambeth, status="cancelled", online_url="https://t.example.org")
    client = signed_in(lambeth, lambeth_member)
    for other in (finished, cancelled):
        other_day, _on = event_day(other)
        client.post(f"/events/{other.slug}/going/", {"date": other_day.isoformat()})
    with inside(lambeth):
        assert not EventAttendance.objects.filter(member=lambeth_member).exists()
    # A members-only group's event is for its members, whichever way they ask.
    private = make_group(lambeth, visibility="members-only")
    members_only = make_event(lambeth, group=private, online_url="https://t.example.org")
    with inside(lambeth), pytest.raises(event_service.AttendanceError, match="members"):
        event_service.rsvp(lambeth_member, members_only, event_day(members_only)[0])
    # A confirmed member can; the count shows it.
    client.post(f"{path}going/", date)
    assert "1 person is going" in page_text(client_for(lambeth).get(path))


@pytest.mark.django_db
def test_a_member_who_deletes_their_account_frees_their_place(lambeth):
    event = make_event(lambeth, title="Film club", capacity=1, online_url="https://f.example.org")
    leaving, waiting = make_member(lambeth), make_member(lambeth, display_name="Wendy")
    day, on = event_day(event)
    with inside(lambeth):
        event_service.rsvp(leaving, event, day)
        event_service.rsvp(waiting, event, day)
    mail.outbox = []
    response = signed_in(lambeth, leaving).post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert statuses(lambeth, event) == {waiting.email: GOING}
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    assert "Hello Wendy" in mail.outbox[0].body
    assert mail.outbox[0].subject == f"You have a place: Film club on {on}"


# --- One date of a repeating event -----------------------------------------------------------


def dated_statuses(borough, event) -> set[tuple]:
    """(email, date, status) of everyone who answered for any date of ``event``."""
    with inside(borough):
        rows = EventAttendance.objects.filter(event=event)
        return set(rows.values_list("member__email", "occurs_on", "status"))


def words(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


@pytest.mark.django_db
def test_each_date_of_a_weekly_event_has_its_own_place_and_waiting_list(lambeth):
    event = make_event(
        lambeth,
        title="Coffee morning",
        days=1,
        repeat="weekly",
        capacity=1,
        online_url="https://c.example.org",
    )
    first = timezone.localdate() + datetime.timedelta(days=1)
    second = first + datetime.timedelta(days=7)
    ann, ben, cat, dan = (
        make_member(lambeth, display_name=name) for name in ["Ann", "Ben", "Cat", "Dan"]
    )
    path = f"/events/{event.slug}/"

    # The page offers the next four dates, each with its own button naming the date.
    html = signed_in(lambeth, ann).get(path).content.decode()
    for n in range(4):
        day = first + datetime.timedelta(weeks=n)
        assert f"I'm going on {words(day)}</button>" in html
        assert f'name="date" value="{day.isoformat()}"' in html
    assert words(first + datetime.timedelta(weeks=4)) not in html

    def go(member, day):
        return signed_in(lambeth, member).post(
            f"{path}going/", {"date": day.isoformat()}, follow=True
        )

    assert f"You are going to Coffee morning on {words(first)}." in page_text(go(ann, first))
    # The first date is full; the second is not: Ben still has a place on it.
    assert f"You are going to Coffee morning on {words(second)}." in page_text(go(ben, second))
    # Dan waits for the second date before Cat waits for the first.
    assert f"Join the waiting list for {words(second)}" in page_text(
        signed_in(lambeth, dan).get(path)
    )
    go(dan, second)
    text = page_text(go(cat, first))
    assert f"Coffee morning is full on {words(first)}" in text
    assert f"You are on the waiting list for {words(first)}: number 1." in text
    assert dated_statuses(lambeth, event) == {
        (ann.email, first, GOING),
        (ben.email, second, GOING),
        (cat.email, first, WAITING),
        (dan.email, second, WAITING),
    }
    # The listing counts each date by itself: full on both of these, free on the others.
    listing = page_text(client_for(lambeth).get("/events/"))
    assert listing.count("It is full: you can join the waiting list") == 2
    assert listing.count("1 place left") == 6

    # Ann cannot go on the first date after all: Cat, waiting for it, gets her place and
    # an email naming the date. Dan, waiting for the second date, is not moved.
    mail.outbox = []
    response = signed_in(lambeth, ann).post(
        f"{path}not-going/", {"date": first.isoformat()}, follow=True
    )
    assert f"You are no longer going to Coffee morning on {words(first)}." in page_text(response)
    assert dated_statuses(lambeth, event) == {
        (ben.email, second, GOING),
        (cat.email, first, GOING),
        (dan.email, second, WAITING),
    }
    assert [m.to for m in mail.outbox] == [[cat.email]]
    assert mail.outbox[0].subject == f"You have a place: Coffee morning on {words(first)}"
    assert f"“Coffee morning” on {words(first)}" in mail.outbox[0].body
    assert f"When: {words(first)} {first.year}, 10am to 12 noon" in mail.outbox[0].body
    cat_page = signed_in(lambeth, cat).get(path).content.decode()
    assert f"I can't go now on {words(first)}</button>" in cat_page
    assert f"I'm going on {words(second)}</button>" not in cat_page  # second date is full
    assert f"Join the waiting list for {words(second)}</button>" in cat_page

    # My page lists each date I chose.
    go(cat, first + datetime.timedelta(weeks=2))
    my_page = page_text(signed_in(lambeth, cat).get("/account/"))
    assert my_page.count("Coffee morning") == 2
    assert words(first) in my_page
    assert words(first + datetime.timedelta(weeks=2)) in my_page


# --- Dates that move when an organiser edits an event ------------------------------------------


def tuesday_event(borough, title: str):
    """A weekly event at 10am on Tuesdays, begun two or so weeks ago with a limit of 1, by a
    trusted organiser, with answers: Ann going on the next Tuesday after today (``soon``)
    and the one after (``later``), Ben waiting for ``soon``, Cat went on a Tuesday gone
    by (``past``). Returns (organiser, event, (ann, ben, cat), past, soon, later)."""
    today = timezone.localdate()
    first = today - datetime.timedelta(weeks=2)
    first += datetime.timedelta(days=(1 - first.weekday()) % 7)
    organiser = make_member(borough, is_trusted=True)
    event = make_event(
        borough,
        title=title,
        starts_at=local_datetime(first, datetime.time(10)),
        repeat="weekly",
        capacity=1,
        posted_by=organiser,
        online_url="https://c.example.org",
    )
    soon = first + datetime.timedelta(weeks=2)
    if soon <= today:
        soon += datetime.timedelta(weeks=1)
    week = datetime.timedelta(weeks=1)
    past, later = first + week, soon + week
    people = tuple(make_member(borough, display_name=name) for name in ["Ann", "Ben", "Cat"])
    ann, ben, cat = people
    with inside(borough):
        answer(ann, event, soon)
        answer(ann, event, later)
        answer(ben, event, soon, WAITING)
        answer(cat, event, past)  # a date gone by: history, left alone
    return organiser, event, people, past, soon, later


def edit(event, organiser, **changes):
    """``update_event`` with the event's details, less ``changes``; emails sent on commit."""
    fields = {
        "title": event.title,
        "description": event.description,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "repeat": event.repeat,
        "repeat_until": event.repeat_until,
        "online_url": event.online_url,
        "capacity": event.capacity,
    }
    fields.update(changes)
    return event_service.update_event(organiser, event, event_service.EventDetails(**fields))


def answer(member, event, day, status=GOING):
    return EventAttendanceFactory(event=event, member=member, occurs_on=day, status=status)


@pytest.mark.django_db
def test_moving_a_weekly_event_to_wednesdays_removes_tuesday_answers_and_tells_each_member_once(
    lambeth, django_capture_on_commit_callbacks
):
    organiser, event, (ann, ben, cat), past, soon, later = tuesday_event(lambeth, "Coffee morning")
    with inside(lambeth):
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True):
            event = edit(
                event,
                organiser,
                starts_at=event.starts_at + datetime.timedelta(days=1),
                ends_at=event.ends_at + datetime.timedelta(days=1),
            )
    assert dated_statuses(lambeth, event) == {(cat.email, past, GOING)}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ann.email, ben.email])
    to_ann = next(m for m in mail.outbox if m.to == [ann.email])
    assert to_ann.subject == "Dates changed: Coffee morning"
    assert "Hello Ann" in to_ann.body
    assert "It is now: Every Wednesday, 10am to 12 noon" in to_ann.body
    assert f"It no longer happens on {words(soon)} and {words(later)}." in to_ann.body
    assert "please choose a new date" in to_ann.body
    assert f"http://lambeth.localhost:8000/events/{event.slug}/" in to_ann.body
    to_ben = next(m for m in mail.outbox if m.to == [ben.email])
    assert f"It no longer happens on {words(soon)}." in to_ben.body
    assert words(later) not in to_ben.body
    # The page now offers Wednesdays, and Ann can choose one.
    wednesday = soon + datetime.timedelta(days=1)
    with inside(lambeth):
        assert event_service.rsvp(ann, event, wednesday).is_going


@pytest.mark.django_db
def test_an_earlier_last_date_removes_only_the_answers_after_it(
    lambeth, django_capture_on_commit_callbacks
):
    organiser = make_member(lambeth, is_trusted=True)
    event = make_event(
        lambeth,
        title="Walk",
        days=1,
        repeat="weekly",
        posted_by=organiser,
        online_url="https://w.example.org",
    )
    first = timezone.localdate() + datetime.timedelta(days=1)
    week = [first + datetime.timedelta(weeks=n) for n in range(4)]
    ann, ben = make_member(lambeth, display_name="Ann"), make_member(lambeth, display_name="Ben")
    with inside(lambeth):
        for day in week:
            answer(ann, event, day)
        answer(ben, event, week[1])
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True):
            edit(event, organiser, repeat_until=week[1])
    assert dated_statuses(lambeth, event) == {
        (ann.email, week[0], GOING),
        (ann.email, week[1], GOING),
        (ben.email, week[1], GOING),
    }
    assert [m.to for m in mail.outbox] == [[ann.email]]
    assert f"It no longer happens on {words(week[2])} and {words(week[3])}." in mail.outbox[0].body
    assert words(week[0]) not in mail.outbox[0].body.split("It no longer happens")[1]


@pytest.mark.django_db
def test_a_new_time_on_the_same_dates_keeps_answers_and_tells_the_people_going_or_waiting(
    lambeth, django_capture_on_commit_callbacks
):
    organiser, event, (ann, ben, _cat), _past, nxt, after = tuesday_event(lambeth, "Tea dance")
    with inside(lambeth):
        before = dated_statuses(lambeth, event)
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True):
            edit(
                event,
                organiser,
                starts_at=event.starts_at + datetime.timedelta(hours=4),
                ends_at=event.ends_at + datetime.timedelta(hours=4, minutes=30),
            )
    assert dated_statuses(lambeth, event) == before
    # Ann (going) and Ben (waiting) are told; Cat, whose date has gone by, is not.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ann.email, ben.email])
    email = next(m for m in mail.outbox if m.to == [ann.email])
    assert email.subject == "New time: Tea dance"
    going = (
        f"On {words(nxt)} it is now 2pm to 4:30pm (it was 10am to 12 noon). You are still going."
    )
    assert going in email.body
    assert f"On {words(after)} it is now 2pm to 4:30pm" in email.body
    waiting = next(m for m in mail.outbox if m.to == [ben.email])
    assert (
        f"On {words(nxt)} it is now 2pm to 4:30pm (it was 10am to 12 noon). "
        "You are still on the waiting list."
    ) in waiting.body
    assert words(after) not in waiting.body
    assert "no longer happens" not in email.body
    assert f"http://lambeth.localhost:8000/events/{event.slug}/" in email.body


@pytest.mark.django_db
def test_an_edit_that_keeps_the_dates_and_times_tells_nobody(
    lambeth, django_capture_on_commit_callbacks
):
    organiser = make_member(lambeth, is_trusted=True)
    event = make_event(
        lambeth, days=1, repeat="weekly", posted_by=organiser, online_url="https://x.example.org"
    )
    ann = make_member(lambeth)
    day = timezone.localdate() + datetime.timedelta(days=1)
    with inside(lambeth):
        answer(ann, event, day)
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True):
            edit(event, organiser, title="A better name")
    assert dated_statuses(lambeth, event) == {(ann.email, day, GOING)}
    assert mail.outbox == []


BAD_DATES = {
    "not a date it happens on": None,  # filled in below: the day after a date
    "garbage": "next tuesday",
    "no such day": "2026-02-30",
    "empty": "",
    "far ahead": "9999-12-31",
    "long ago": "0001-01-01",  # a day with no times to work out (before the year 1)
    "injection": "2026-12-01'; DROP TABLE community_eventattendance; --",
    "markup": '<script>alert(1)</script>"><img src=x onerror=alert(2)>',
}


@pytest.mark.django_db
def test_a_date_that_cannot_be_chosen_is_refused_with_a_message_and_nothing_saved(
    lambeth, lambeth_member
):
    # Began 6 days ago, every week: 6 days ago has passed; tomorrow is the next date.
    event = make_event(
        lambeth, title="Walk", days=-6, repeat="weekly", online_url="https://w.example.org"
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    past = timezone.localdate() - datetime.timedelta(days=6)
    client = signed_in(lambeth, lambeth_member)
    path = f"/events/{event.slug}/"
    cases = {**BAD_DATES, "not a date it happens on": (tomorrow + datetime.timedelta(1))}
    cases["past"] = past
    expected = {
        "not a date it happens on": "Walk does not happen on",
        "past": f"{words(past)} {past.year} has passed",
        "long ago": "has passed. Please choose a date still to come.",
    }
    for name, value in cases.items():
        text = value.isoformat() if isinstance(value, datetime.date) else value
        for action in ("going", "not-going"):
            response = client.post(f"{path}{action}/", {"date": text})
            assert response.status_code == 302, (name, action)
            page = client.get(response["Location"])
            assert page.status_code == 200
            shown = page_text(page)
            message = expected.get(name, "Please choose one of the dates shown")
            if action == "going":
                assert message in shown, (name, shown)
            else:
                assert "Please choose" in shown or "You had not said" in shown, name
            assert "<script>alert(1)" not in page.content.decode()
    # With no date at all, and with two dates, the same.
    response = client.post(f"{path}going/", {"date": [tomorrow.isoformat(), "x"]}, follow=True)
    assert response.status_code == 200
    with inside(lambeth):
        assert EventAttendance.objects.filter(event=event).count() <= 1
        EventAttendance.objects.filter(event=event).delete()
        for value in cases.values():
            if isinstance(value, datetime.date):
                with pytest.raises(event_service.AttendanceError):
                    event_service.rsvp(lambeth_member, event, value)
        assert not EventAttendance.objects.filter(event=event).exists()
        # The table is still there, and the real next date works.
        assert event_service.rsvp(lambeth_member, event, tomorrow).is_going

    # A cancelled event takes no date, even a real one.
    cancelled = make_event(
        lambeth, status="cancelled", days=3, online_url="https://w.example.org", title="Off"
    )
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(f"/events/{cancelled.slug}/going/", {"date": day.isoformat()})
    assert "This event is cancelled" in page_text(client.get(response["Location"]))
    with inside(lambeth):
        assert not EventAttendance.objects.filter(event=cancelled).exists()


def test_the_migration_gives_old_answers_their_events_next_date():
    """The data migration's own rule (it does not import the app's), checked against it."""
    import importlib

    from sites.community.events import recurrence
    from sites.community.models import Event

    migration = importlib.import_module("sites.community.migrations.0005_eventattendance_occurs_on")
    first = recurrence.local_datetime(datetime.date(2026, 3, 3), datetime.time(10))
    now = recurrence.local_datetime(datetime.date(2026, 4, 1), datetime.time(9))
    for repeat, expected in [
        ("never", datetime.date(2026, 3, 3)),  # finished: its own date
        ("weekly", datetime.date(2026, 4, 7)),  # over the clock change, still Tuesdays
        ("fortnightly", datetime.date(2026, 4, 14)),
        ("monthly", datetime.date(2026, 4, 7)),  # the first Tuesday
    ]:
        event = Event(starts_at=first, ends_at=first + datetime.timedelta(hours=2), repeat=repeat)
        assert migration.occurrence_date(event, now) == expected, repeat
        upcoming = recurrence.next_occurrence(event, now)
        assert (upcoming.date if upcoming else first.date()) == expected, repeat
    # A series that has ended gets its first date.
    ended = Event(
        starts_at=first,
        ends_at=first + datetime.timedelta(hours=2),
        repeat="weekly",
        repeat_until=datetime.date(2026, 3, 20),
    )
    assert migration.occurrence_date(ended, now) == datetime.date(2026, 3, 3)


# --- At the same moment (real transactions, real threads) ------------------------------------


def at_once(borough, *calls):
    """Run ``calls`` in their own threads (own database connections), all at once."""
    barrier = threading.Barrier(len(calls))
    errors, results = [], [None] * len(calls)

    def run(index, call):
        try:
            with schema_context(borough.schema_name):
                barrier.wait(timeout=10)
                results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.fixture
def committed_lambeth(committed_db):
    """Lambeth, with whatever a test makes there deleted afterwards (it is committed)."""
    borough = Borough.objects.get(slug="lambeth")
    made = {"events": [], "users": []}
    yield borough, made
    with inside(borough):
        Event.objects.filter(pk__in=made["events"]).delete()
        get_user_model().objects.filter(pk__in=made["users"]).delete()


def committed_setup(borough, made, going: int, waiting: int, capacity: int = 2):
    with inside(borough):
        tag = uuid.uuid4().hex[:8]
        event = make_event(
            borough, title=f"Busy {tag}", capacity=capacity, online_url="https://b.example.org"
        )
        made["events"].append(event.pk)
        people = []
        for n in range(going + waiting):
            user = MemberProfileFactory(
                user__username=f"race-{tag}-{n}@example.org",
                user__email=f"race-{tag}-{n}@example.org",
            ).user
            made["users"].append(user.pk)
            EventAttendanceFactory(event=event, member=user, status=GOING if n < going else WAITING)
            people.append(user)
    return event, people


def going_and_waiting(borough, event):
    with inside(borough):
        rows = EventAttendance.objects.filter(event=event)
        return (
            sorted(rows.filter(status=GOING).values_list("member_id", flat=True)),
            sorted(rows.filter(status=WAITING).values_list("member_id", flat=True)),
        )


def test_two_cancellations_at_the_same_moment_fill_both_places_and_no_more(committed_lambeth):
    borough, made = committed_lambeth
    for _round in range(2):
        event, people = committed_setup(borough, made, going=2, waiting=3)
        mail.outbox = []
        day, _on = event_day(event)
        at_once(
            borough,
            partial(event_service.cancel_rsvp, people[0], event, day, borough=borough),
            partial(event_service.cancel_rsvp, people[1], event, day, borough=borough),
        )
        going, waiting = going_and_waiting(borough, event)
        assert going == sorted([people[2].pk, people[3].pk])
        assert waiting == [people[4].pk]
        assert sorted(m.to[0] for m in mail.outbox) == sorted([people[2].email, people[3].email])


def test_a_cancellation_and_a_new_answer_at_the_same_moment_never_overfill(committed_lambeth):
    borough, made = committed_lambeth
    for _round in range(3):
        event, people = committed_setup(borough, made, going=2, waiting=1)
        with inside(borough):
            newcomer = MemberProfileFactory(
                user__username=f"new-{uuid.uuid4().hex[:8]}@example.org"
            ).user
            made["users"].append(newcomer.pk)
        day, _on = event_day(event)
        at_once(
            borough,
            partial(event_service.cancel_rsvp, people[0], event, day, borough=borough),
            partial(event_service.rsvp, newcomer, event, day),
            partial(event_service.promote_waiting_list, event, borough=borough),
        )
        going, waiting = going_and_waiting(borough, event)
        assert len(going) == 2
        assert people[1].pk in going
        # The person already waiting is never passed over by the newcomer.
        assert people[2].pk in going
        assert waiting == [newcomer.pk]


def test_two_people_asking_for_the_last_place_on_a_date_at_once_get_one_place(
    committed_lambeth,
):
    borough, made = committed_lambeth
    for _round in range(2):
        # One of two places taken on the next date; two newcomers ask at the same moment.
        event, people = committed_setup(borough, made, going=1, waiting=0)
        day, _on = event_day(event)
        with inside(borough):
            newcomers = [
                MemberProfileFactory(user__username=f"last-{uuid.uuid4().hex[:8]}@example.org").user
                for _ in range(2)
            ]
            made["users"].extend(user.pk for user in newcomers)
        answers = at_once(
            borough,
            partial(event_service.rsvp, newcomers[0], event, day),
            partial(event_service.rsvp, newcomers[1], event, day),
        )
        assert sorted(answer.is_going for answer in answers) == [False, True]
        going, waiting = going_and_waiting(borough, event)
        assert len(going) == 2 and len(waiting) == 1
