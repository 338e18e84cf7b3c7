"""Helpers shared by the coaching tests: signed-in clients and the record's admin form."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from sites.connecting.models import ConnectingSettings
from tests.conftest import client_for, inside

PARTICIPANTS = "/admin/participants/"


def user_in(borough, group: str | None, name: str):
    with inside(borough):
        email = f"{name}@{borough.slug}.example.org"
        user = get_user_model().objects.create_user(username=email, email=email)
        if group:
            user.groups.add(Group.objects.get(name=group))
    return user


def signed_in(borough, user):
    with inside(borough):
        client = client_for(borough)
        client.force_login(user)
    return client


def register_swemwbs(borough, registered=True, **fields):
    from wagtail.models import Site

    with inside(borough):
        ConnectingSettings.objects.update_or_create(
            site=Site.objects.get(), defaults={"swemwbs_registered": registered, **fields}
        )


def record_form(participant, **overrides) -> dict:
    """The record's admin form as posted, with no meetings, contacts, goals... added."""
    data = {
        "coach": participant.coach_id,
        "status": participant.status,
        "started_on": participant.started_on.isoformat(),
        "ended_on": participant.ended_on.isoformat() if participant.ended_on else "",
        "notes": participant.notes,
        "language": "",
        "details": "",
        **{
            part: inline_formset([])
            for part in ("meetings", "contacts", "goals", "activities_tried", "outcomes")
        },
    }
    data.update(overrides)
    return nested_form_data(data)
