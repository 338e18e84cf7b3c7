"""Invitations (a set-password link for an account made without a password: the first
Borough admin, an organisation's manager) can always be asked for again."""

import datetime
import re

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from sites.core.setup import create_borough_admin
from tenants.emails import invitation_url
from tests.conftest import client_for, inside

INVITED = "new-admin@lambeth.example.org"


def _link(body: str) -> str:
    return re.search(r"http://\S+/admin/password_reset/confirm/\S+", body).group(0)


@pytest.mark.django_db
def test_an_invitation_left_too_long_can_be_asked_for_again(lambeth):
    launched = timezone.now()
    with time_machine.travel(launched, tick=False), inside(lambeth):
        invited = create_borough_admin(INVITED)
        old_link = invitation_url(lambeth, invited)
    path = old_link.split(":8000", 1)[1]
    client = client_for(lambeth)
    with time_machine.travel(launched + datetime.timedelta(days=4), tick=False):
        expired = client.get(path, follow=True)
        assert 'name="new_password1"' not in expired.content.decode()
        # "Forgotten password?" in the admin: the invited account gets a fresh link.
        assert client.post("/admin/password_reset/", {"email": INVITED}).status_code == 302
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [INVITED]
        fresh = _link(mail.outbox[0].body).split(":8000", 1)[1]
        form = client.get(fresh, follow=True)
        assert 'name="new_password1"' in form.content.decode()
        done = client.post(
            form.redirect_chain[-1][0] if form.redirect_chain else fresh,
            {"new_password1": "a-chosen-password-77", "new_password2": "a-chosen-password-77"},
        )
        assert done.status_code == 302
    with inside(lambeth):
        assert get_user_model().objects.get(email=INVITED).check_password("a-chosen-password-77")


@pytest.mark.django_db
def test_an_account_whose_password_was_taken_away_after_use_gets_no_link(lambeth):
    with inside(lambeth):
        invited = create_borough_admin(INVITED)
        invited.last_login = timezone.now()
        invited.save(update_fields=["last_login"])
    assert client_for(lambeth).post("/admin/password_reset/", {"email": INVITED}).status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_invitation_says_how_long_it_works_and_where_to_ask_again(lambeth):
    from tenants.emails import send_admin_invitation

    assert send_admin_invitation(lambeth, INVITED, "http://lambeth.localhost:8000/x/")
    body = mail.outbox[0].body
    assert "for 3 days" in body
    assert "http://lambeth.localhost:8000/admin/password_reset/" in body

