"""'I'm going' with a limit and a waiting list: positions, promotion with an email, and no
more places given out than there are, even when people cancel at the same moment."""

import datetime
import threading
import uuid

import pytest
from django_tenants.utils import schema_context

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.utils import timezone

from sites.community.factories import EventAttendanceFactory, MemberProfileFactory
from sites.community.models import Event, EventAttendance
from sites.community.services import events as event_service
from tenants.models import Borough
from tests.conftest import client_for, inside

from .conftest import PASSWORD, make_event, make_group, make_member, page_text, signed_in

GOING = EventAttendance.Status.GOING
WAITING = EventAttendance.Status.WAITING


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

    for member in (alex, bea):
        response = signed_in(lambeth, member).post(f"{path}going/", follow=True)
        assert "You are going to Pottery taster" in page_text(response)
    cal_client = signed_in(lambeth, cal)
    before = page_text(cal_client.get(path))
    assert "2 people are going" in before
    assert "it is full" in before
    assert "Join the waiting list" in before
    response = cal_client.post(f"{path}going/", follow=True)
    text = page_text(response)
    assert "Pottery taster is full, so you are on the waiting list. You are number 1." in text
    assert "You are on the waiting list: number 1." in text
    signed_in(lambeth, dee).post(f"{path}going/")
    assert "You are on the waiting list: number 2." in page_text(signed_in(lambeth, dee).get(path))
    # Saying it twice changes nothing.
    signed_in(lambeth, alex).post(f"{path}going/")
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
    response = signed_in(lambeth, bea).post(f"{path}not-going/", follow=True)
    assert "You are no longer going to Pottery taster" in page_text(response)
    assert statuses(lambeth, event) == {alex.email: GOING, cal.email: GOING, dee.email: WAITING}
    assert [message.to for message in mail.outbox] == [[cal.email]]
    email = mail.outbox[0]
    assert email.subject == "You have a place: Pottery taster"
    assert "Hello Cal" in email.body
    assert f"http://lambeth.localhost:8000/events/{event.slug}/" in email.body
    assert "You are going." in page_text(signed_in(lambeth, cal).get(path))
    assert "number 1." in page_text(signed_in(lambeth, dee).get(path))

    # Dee leaves the waiting list: nobody is promoted, nobody is emailed.
    mail.outbox = []
    signed_in(lambeth, dee).post(f"{path}not-going/")
    assert statuses(lambeth, event) == {alex.email: GOING, cal.email: GOING}
    assert mail.outbox == []


@pytest.mark.django_db
def test_cancellations_one_after_another_never_overfill(lambeth):
    """The service, twice in sequence, each time from fresh state."""
    for _round in range(2):
        event = make_event(lambeth, capacity=2, online_url="https://p.example.org")
        people = [make_member(lambeth) for _ in range(5)]
        with inside(lambeth):
            answers = [event_service.rsvp(person, event) for person in people]
            assert [a.is_going for a in answers] == [True, True, False, False, False]
            assert [a.position for a in answers] == [None, None, 1, 2, 3]
            mail.outbox = []

            promoted = event_service.cancel_rsvp(people[0], event)
            assert [a.member for a in promoted] == [people[2]]
            promoted = event_service.cancel_rsvp(people[1], event)
            assert [a.member for a in promoted] == [people[3]]
            # Nothing is free now: promoting again gives out nothing.
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
    with inside(lambeth):
        for person in people:
            event_service.rsvp(person, event)
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
    # Not signed in: asked to sign in.
    response = client_for(lambeth).post(f"{path}going/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")
    assert "Sign in to say you are going" in page_text(client_for(lambeth).get(path))
    # Paused members cannot.
    paused = make_member(lambeth, suspended_until=timezone.now() + datetime.timedelta(days=2))
    client = signed_in(lambeth, paused)
    assert "Your account is paused" in page_text(client.get(path))
    response = client.post(f"{path}going/", follow=True)
    assert "Your account is paused" in page_text(response)
    # Members who have not confirmed their email address cannot.
    unconfirmed = make_member(lambeth, email_confirmed_at=None)
    signed_in(lambeth, unconfirmed).post(f"{path}going/")
    with inside(lambeth):
        assert not EventAttendance.objects.filter(event=event).exists()
        with pytest.raises(event_service.AttendanceError):
            event_service.rsvp(paused, event)
    # Nobody can say they are going to a finished or cancelled event.
    finished = make_event(lambeth, days=-3, online_url="https://t.example.org")
    cancelled = make_event(lambeth, status="cancelled", online_url="https://t.example.org")
    client = signed_in(lambeth, lambeth_member)
    for other in (finished, cancelled):
        client.post(f"/events/{other.slug}/going/")
    with inside(lambeth):
        assert not EventAttendance.objects.filter(member=lambeth_member).exists()
    # A members-only group's event is for its members, whichever way they ask.
    private = make_group(lambeth, visibility="members-only")
    members_only = make_event(lambeth, group=private, online_url="https://t.example.org")
    with inside(lambeth), pytest.raises(event_service.AttendanceError, match="members"):
        event_service.rsvp(lambeth_member, members_only)
    # A confirmed member can; the count shows it.
    client.post(f"{path}going/")
    assert "1 person is going" in page_text(client_for(lambeth).get(path))


@pytest.mark.django_db
def test_a_member_who_deletes_their_account_frees_their_place(lambeth):
    event = make_event(lambeth, title="Film club", capacity=1, online_url="https://f.example.org")
    leaving, waiting = make_member(lambeth), make_member(lambeth, display_name="Wendy")
    with inside(lambeth):
        event_service.rsvp(leaving, event)
        event_service.rsvp(waiting, event)
    mail.outbox = []
    response = signed_in(lambeth, leaving).post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert statuses(lambeth, event) == {waiting.email: GOING}
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    assert "Hello Wendy" in mail.outbox[0].body


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
        at_once(
            borough,
            lambda e=event, p=people: event_service.cancel_rsvp(p[0], e, borough=borough),
            lambda e=event, p=people: event_service.cancel_rsvp(p[1], e, borough=borough),
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
        at_once(
            borough,
            lambda e=event, p=people: event_service.cancel_rsvp(p[0], e, borough=borough),
            lambda e=event, n=newcomer: event_service.rsvp(n, e),
            lambda e=event: event_service.promote_waiting_list(e, borough=borough),
        )
        going, waiting = going_and_waiting(borough, event)
        assert len(going) == 2
        assert people[1].pk in going
        # The person already waiting is never passed over by the newcomer.
        assert people[2].pk in going
        assert waiting == [newcomer.pk]
