"""No mailbox can be flooded through the doors that send email: at most a few such emails
per recipient per hour, whatever the door and whatever address they are asked from. Over
the cap the page answers exactly as if the email had gone, nothing is sent, and a log
line (without the address) says so."""

import logging

import pytest

from django.contrib.auth import get_user_model
from django.core import mail

from sites.core import doors, ratelimit
from sites.core.antispam import human_check_data
from sites.core.roles import EDITORS
from tests.community.conftest import human, make_member, make_staff
from tests.community.test_accounts import sign_up_data
from tests.conftest import client_for, inside
from tests.directory.conftest import lambeth_directory  # noqa: F401
from tests.directory.test_join_requests import JOIN_URL, form_data, make_user
from tests.mylist.test_my_list import save

from .test_doors import limits_with_redis_gone  # noqa: F401

CAP = 2


@pytest.fixture(autouse=True)
def small_cap(monkeypatch):
    monkeypatch.setitem(ratelimit.RATE_LIMITS, "email-recipient", (CAP, 3600))


def from_address(borough, address):
    client = client_for(borough)
    client.defaults["REMOTE_ADDR"] = address
    return client


def addresses(count):
    return [f"203.0.113.{n}" for n in range(1, count + 1)]


def assert_capped_quietly(caplog, answers, recipient):
    """Every answer the same (as if sent); only CAP emails went; the log says why."""
    assert len({(status, body) for status, body in answers}) == 1, "an answer differed"
    assert [message.to for message in mail.outbox] == [[recipient]] * CAP
    capped = [record for record in caplog.records if record.name == doors.__name__]
    assert capped, "no log line says the email was held back"
    for record in caplog.records:
        assert recipient.lower() not in record.getMessage().lower()


def answer(response):
    return response.status_code, response.get("Location", "")


def test_the_members_password_reset_is_capped_per_recipient(lambeth, caplog):
    member = make_member(lambeth)
    data = {"email": member.email, **human_check_data()}
    with caplog.at_level(logging.INFO):
        answers = [
            answer(from_address(lambeth, ip).post("/account/password/forgotten/", data))
            for ip in addresses(CAP + 2)
        ]
    assert answers[0] == (302, "/account/password/forgotten/sent/")
    assert_capped_quietly(caplog, answers, member.email)


def test_the_staff_password_reset_is_capped_per_recipient(lambeth, caplog):
    editor = make_staff(lambeth, "editor-cap@lambeth.example.org", EDITORS)
    with caplog.at_level(logging.INFO):
        answers = [
            answer(
                from_address(lambeth, ip).post("/admin/password_reset/", {"email": editor.email})
            )
            for ip in addresses(CAP + 2)
        ]
    assert answers[0][0] == 302
    assert_capped_quietly(caplog, answers, editor.email)


def test_sign_ups_with_an_address_that_has_an_account_are_capped(lambeth, caplog):
    member = make_member(lambeth)
    with caplog.at_level(logging.INFO):
        answers = [
            answer(
                from_address(lambeth, ip).post(
                    "/account/sign-up/", sign_up_data(email=member.email, display_name=f"N{n}")
                )
            )
            for n, ip in enumerate(addresses(CAP + 2))
        ]
    assert answers[0] == (302, "/account/sign-up/sent/")
    assert_capped_quietly(caplog, answers, member.email)


def test_list_your_organisation_is_capped_per_recipient(lambeth, caplog):
    with inside(lambeth):
        make_user("priya@walkers.example.org")
    with caplog.at_level(logging.INFO):
        answers = [
            answer(
                from_address(lambeth, ip).post(
                    JOIN_URL, human(form_data(organisation_name=f"Walkers {n}"))
                )
            )
            for n, ip in enumerate(addresses(CAP + 2))
        ]
    assert answers[0][0] == 302
    assert_capped_quietly(caplog, answers, "priya@walkers.example.org")


def test_email_me_this_list_is_capped_per_recipient(lambeth, lambeth_directory, caplog):  # noqa: F811
    bodies = []
    with caplog.at_level(logging.INFO):
        for ip in addresses(CAP + 2):
            client = from_address(lambeth, ip)
            save(client, lambeth, f"activity:{lambeth_directory.activity.pk}")
            response = client.post("/my-list/email/", human({"email": "Friend@Example.net"}))
            bodies.append((response.status_code, "on its way" in response.content.decode()))
    assert bodies == [(200, True)] * (CAP + 2)
    assert [message.to for message in mail.outbox] == [["Friend@Example.net"]] * CAP
    for record in caplog.records:
        assert "friend@example.net" not in record.getMessage().lower()


def test_the_cap_is_shared_by_every_door_and_each_borough_counts_its_own(lambeth, southwark):
    member = make_member(lambeth)
    reset = {"email": member.email, **human_check_data()}
    from_address(lambeth, "203.0.113.1").post("/account/password/forgotten/", reset)
    from_address(lambeth, "203.0.113.2").post(
        "/account/sign-up/", sign_up_data(email=member.email, display_name="Other")
    )
    from_address(lambeth, "203.0.113.3").post("/account/password/forgotten/", reset)
    assert len(mail.outbox) == CAP
    # The same address in another borough is another borough's count.
    with inside(southwark):
        get_user_model().objects.create_user(member.email, member.email, "pw-123456789")
    from_address(southwark, "203.0.113.4").post("/account/password/forgotten/", reset)
    assert len(mail.outbox) == CAP + 1


def test_the_recipient_is_counted_by_a_keyed_hash_of_the_address():
    assert doors.recipient_key(" Sam@Example.org ") == doors.recipient_key("sam@example.org")
    assert "sam" not in doors.recipient_key("sam@example.org")


def test_the_cap_holds_while_redis_is_out(lambeth, limits_with_redis_gone):  # noqa: F811
    member = make_member(lambeth)
    reset = {"email": member.email, **human_check_data()}
    for ip in addresses(CAP + 2):
        from_address(lambeth, ip).post("/account/password/forgotten/", reset)
    assert len(mail.outbox) == CAP


def test_strangers_filling_the_cap_cannot_stop_the_owners_own_browser_getting_a_reset(
    lambeth, caplog
):
    """The cap stops a mailbox being flooded; it must not let a stranger keep a person
    from resetting their password. The browser the owner signed in with before (its
    known-browser cookie) is counted apart; a browser without it still waits."""
    from django.conf import settings

    from tests.community.conftest import PASSWORD

    member = make_member(lambeth)
    owner = from_address(lambeth, "198.51.100.7")
    signing_in = {"username": member.email, "password": PASSWORD}
    assert owner.post("/account/sign-in/", signing_in).status_code == 302
    del owner.cookies[settings.SESSION_COOKIE_NAME]  # signed out; the cookie stays
    data = {"email": member.email, **human_check_data()}
    for ip in addresses(CAP + 2):  # strangers use the address's cap up
        from_address(lambeth, ip).post("/account/password/forgotten/", data)
    assert len(mail.outbox) == CAP
    another = from_address(lambeth, "192.0.2.99")
    assert answer(another.post("/account/password/forgotten/", data))[0] == 302
    assert len(mail.outbox) == CAP  # a browser the account never used still waits
    response = owner.post("/account/password/forgotten/", data)
    assert answer(response) == (302, "/account/password/forgotten/sent/")
    assert len(mail.outbox) == CAP + 1
    assert mail.outbox[-1].to == [member.email]
