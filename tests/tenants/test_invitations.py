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


@pytest.mark.django_db
def test_a_borough_admin_invites_staff_who_choose_their_own_password(lambeth):
    from django.contrib.auth.models import Group

    from sites.core.roles import BOROUGH_ADMINS, EDITORS
    from tests.community.conftest import make_staff, signed_in

    admin = make_staff(lambeth, "boss@lambeth.example.org", BOROUGH_ADMINS)
    client = signed_in(lambeth, admin)
    form = client.get("/admin/users/new/").content.decode()
    assert 'name="password1"' not in form, "nobody types a password for someone else"
    with inside(lambeth):
        editors = Group.objects.get(name=EDITORS).pk
    response = client.post(
        "/admin/users/new/",
        {
            "username": "new-editor@lambeth.example.org",
            "email": "new-editor@lambeth.example.org",
            "first_name": "Nia",
            "last_name": "Editor",
            "groups": [editors],
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["new-editor@lambeth.example.org"]
    assert "Editors" in email.body and "southwark" not in email.body.lower()
    link = _link(email.body).split(":8000", 1)[1]
    with inside(lambeth):
        assert not get_user_model().objects.get(username=email.to[0]).has_usable_password()
    invited = client_for(lambeth)
    form = invited.get(link, follow=True)
    done = invited.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-chosen-password-77", "new_password2": "a-chosen-password-77"},
    )
    assert done.status_code == 302
    with inside(lambeth):
        assert (
            get_user_model()
            .objects.get(username=email.to[0])
            .check_password("a-chosen-password-77")
        )


@pytest.mark.django_db
def test_a_borough_admin_sends_only_so_many_invitations_a_day(lambeth, monkeypatch):
    from sites.core import ratelimit
    from sites.core.roles import BOROUGH_ADMINS
    from tests.community.conftest import make_staff, signed_in

    monkeypatch.setitem(ratelimit.RATE_LIMITS, "staff-invitation", (1, 24 * 60 * 60))
    admin = make_staff(lambeth, "busy-boss@lambeth.example.org", BOROUGH_ADMINS)
    client = signed_in(lambeth, admin)

    def add(name):
        return client.post(
            "/admin/users/new/",
            {
                "username": f"{name}@lambeth.example.org",
                "email": f"{name}@lambeth.example.org",
                "first_name": name.title(),
                "last_name": "Staff",
            },
            follow=True,
        )

    add("first")
    refused = add("second").content.decode()
    assert [email.to for email in mail.outbox] == [["first@lambeth.example.org"]]
    assert "We did not email second@lambeth.example.org" in refused
    with inside(lambeth):
        second = get_user_model().objects.get(username="second@lambeth.example.org")
        assert not second.has_usable_password(), "made, without a password anyone knows"


@pytest.mark.django_db
def test_a_staff_accounts_old_address_is_told_when_someone_changes_it(lambeth):
    """Else a Borough admin could move a Team lead's account to an address of theirs, ask
    for a new password there and read coaching records, with nobody the wiser."""
    from django.contrib.auth.models import Group

    from sites.core.roles import BOROUGH_ADMINS, CONNECTING_TEAM_LEADS
    from tests.community.conftest import make_staff, signed_in

    admin = make_staff(lambeth, "boss@lambeth.example.org", BOROUGH_ADMINS)
    lead = make_staff(lambeth, "lead@lambeth.example.org", CONNECTING_TEAM_LEADS)
    with inside(lambeth):
        leads = Group.objects.get(name=CONNECTING_TEAM_LEADS).pk
    client = signed_in(lambeth, admin)

    def edit(email):
        return client.post(
            f"/admin/users/edit/{lead.pk}/",
            {
                "username": "lead@lambeth.example.org",
                "email": email,
                "first_name": "Lee",
                "last_name": "Lead",
                "is_active": "on",
                "groups": [leads],
            },
        )

    assert edit("lead@lambeth.example.org").status_code == 302
    assert mail.outbox == [], "nothing changed, nothing to tell"
    assert edit("boss-too@elsewhere.example.org").status_code == 302
    assert [email.to for email in mail.outbox] == [["lead@lambeth.example.org"]]
    told = mail.outbox[0]
    assert "changed the email address" in told.body and "boss@lambeth.example.org" in told.body
    assert "elsewhere" not in told.body, "the old address is not told the new one"


@pytest.mark.django_db
def test_an_invitation_is_written_in_the_new_persons_language_not_the_admins(lambeth):
    from wagtail.users.models import UserProfile

    from sites.core.roles import BOROUGH_ADMINS
    from tests.community.conftest import make_staff, signed_in

    admin = make_staff(lambeth, "szef@lambeth.example.org", BOROUGH_ADMINS)
    with inside(lambeth):
        profile = UserProfile.get_for_user(admin)
        profile.preferred_language = "pl"
        profile.save()
    client = signed_in(lambeth, admin)
    assert 'lang="pl"' in client.get("/admin/users/").content.decode(), "her admin is Polish"
    response = client.post(
        "/admin/users/new/",
        {
            "username": "new-coach@lambeth.example.org",
            "email": "new-coach@lambeth.example.org",
            "first_name": "Cy",
            "last_name": "Coach",
        },
    )
    assert response.status_code == 302
    assert "has added you to the team" in mail.outbox[0].body, "his has no language yet"


@pytest.mark.django_db
def test_the_first_admins_invitation_is_in_the_boroughs_language_not_the_consoles(lambeth):
    from django.utils import translation

    from tenants.emails import send_admin_invitation

    lambeth.default_language = "pl"  # what launch gives the site as its main language
    with translation.override("en-gb"):  # the console of the staff member launching
        assert send_admin_invitation(lambeth, INVITED, "http://lambeth.localhost:8000/x/")
    [invitation] = mail.outbox
    assert invitation.subject == "Twoja strona Connect & Do Lambeth jest gotowa"
    assert "Lambeth is ready" not in invitation.body
    assert invitation.message()["Content-Language"] == "pl"
