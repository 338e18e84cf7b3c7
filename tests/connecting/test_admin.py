"""Referrals in the Wagtail admin: only the Community Connecting team sees them."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from sites.connecting.factories import ReferralFactory
from sites.connecting.models import Referral
from sites.core.roles import (
    BOROUGH_ADMINS,
    COACHES,
    CONNECTING_TEAM_LEADS,
    EDITORS,
    MODERATORS,
    ORGANISATION_MANAGERS,
)
from tests.conftest import client_for, inside

pytestmark = pytest.mark.django_db

QUEUE = "/admin/referrals/"


def signed_in(borough, group: str):
    with inside(borough):
        email = f"{group.split()[0].lower()}@{borough.slug}.example.org"
        user = get_user_model().objects.create_user(username=email, email=email)
        user.groups.add(Group.objects.get(name=group))
        client = client_for(borough)
        client.force_login(user)
    return client


@pytest.fixture
def referral(lambeth):
    with inside(lambeth):
        return ReferralFactory(first_name="Zebedee", professional=True)


def edit_url(referral) -> str:
    return f"{QUEUE}edit/{referral.pk}/"


@pytest.mark.parametrize("group", [CONNECTING_TEAM_LEADS, COACHES])
def test_the_team_sees_the_queue_and_the_referral(lambeth, referral, group):
    client = signed_in(lambeth, group)
    assert "Referrals" in client.get("/admin/").content.decode(), "in the admin menu"
    queue = client.get(QUEUE)
    assert queue.status_code == 200 and "Zebedee" in queue.content.decode()
    assert "Zebedee" not in client.get(f"{QUEUE}?status=closed").content.decode()
    edit = client.get(edit_url(referral))
    assert edit.status_code == 200
    assert "Lives alone since a bereavement" in edit.content.decode()
    # Referrals come from the public forms only, and are closed, not deleted.
    assert client.get(f"{QUEUE}new/").status_code == 404
    assert client.get(f"{QUEUE}delete/{referral.pk}/").status_code == 404


@pytest.mark.parametrize("group", [EDITORS, MODERATORS, ORGANISATION_MANAGERS, BOROUGH_ADMINS])
def test_nobody_else_in_the_borough_sees_referrals(lambeth, referral, group):
    client = signed_in(lambeth, group)
    assert "Referrals" not in client.get("/admin/").content.decode()
    for url in (QUEUE, edit_url(referral), f"{QUEUE}?status=new"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Zebedee" not in response.content.decode()
    client.post(edit_url(referral), {"status": "closed", "close_reason": "declined"})
    with inside(lambeth):
        assert Referral.objects.get().status == Referral.Status.NEW


def test_another_boroughs_team_cannot_open_it(lambeth, southwark, referral):
    client = signed_in(southwark, CONNECTING_TEAM_LEADS)
    assert client.get(QUEUE).status_code == 200
    assert "Zebedee" not in client.get(QUEUE).content.decode()
    assert client.get(edit_url(referral)).status_code in (302, 404)


def test_status_changes_and_closing_needs_a_reason(lambeth, referral):
    client = signed_in(lambeth, COACHES)
    assert client.post(edit_url(referral), {"status": "contacted"}).status_code == 302
    with inside(lambeth):
        referral.refresh_from_db()
    assert referral.status == Referral.Status.CONTACTED and referral.contacted_at is not None
    contacted_at = referral.contacted_at

    refused = client.post(edit_url(referral), {"status": "closed", "close_reason": ""})
    assert refused.status_code == 200
    assert "Choose why the referral is closed." in refused.content.decode()
    with inside(lambeth):
        referral.refresh_from_db()
    assert referral.status == Referral.Status.CONTACTED, "nothing saved"

    mixed = client.post(edit_url(referral), {"status": "contacted", "close_reason": "other"})
    assert "Only a closed referral has a reason" in mixed.content.decode()
    # Only opening a record puts a referral in coaching (test_participant_access.py).
    by_hand = client.post(edit_url(referral), {"status": "in-coaching"})
    assert "once a record is opened from it" in by_hand.content.decode()

    done = {"status": "closed", "close_reason": "moved-away"}
    assert client.post(edit_url(referral), done).status_code == 302
    with inside(lambeth):
        referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    assert referral.close_reason == Referral.CloseReason.MOVED_AWAY
    assert referral.closed_at is not None and referral.contacted_at == contacted_at
    assert referral.first_name == "Zebedee", "what was sent is kept as it was"


def test_referrals_are_never_in_search_or_the_api(lambeth, referral):
    client = client_for(lambeth)
    for url in (
        # Searched for words only the referral holds; the page repeats the query itself.
        "/search/?q=bereavement",
        "/search.json?q=bereavement",
        "/search/autocomplete.json?q=bereave",
        "/api/openreferral/services",
        "/api/openreferral/organizations",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Zebedee" not in response.content.decode(), url
        assert "Kennington Health Centre" not in response.content.decode(), url


def test_older_boroughs_get_the_groups_with_refresh_defaults(lambeth):
    from django.core.management import call_command

    with inside(lambeth):
        Group.objects.filter(name__in=[CONNECTING_TEAM_LEADS, COACHES]).delete()
    call_command("refresh_borough_defaults", borough="lambeth")
    with inside(lambeth):
        lead = Group.objects.get(name=CONNECTING_TEAM_LEADS)
        assert lead.permissions.filter(codename="change_referral").exists()
        assert Group.objects.get(name=COACHES).permissions.filter(codename="view_referral").exists()
        admins = Group.objects.get(name=BOROUGH_ADMINS)
        assert not admins.permissions.filter(content_type__model="referral").exists()
