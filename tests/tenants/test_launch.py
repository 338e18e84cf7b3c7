"""Launching a borough: the happy path, bad input, and a failure at every step."""

import os
import re

import pytest
from django_tenants.utils import schema_context, schema_exists

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import caches

from wagtail.models import GroupPagePermission, Locale, Page, Site

from search.services import borough_index_names, delete_borough_indexes, uses_search_engine
from sites.core.models import BrandingSettings
from sites.core.roles import BOROUGH_GROUPS
from sites.home.models import HomePage
from tenants.media import delete_media_location
from tenants.models import Borough, Domain
from tenants.services import LaunchError, LaunchRequest, launch_borough
from tenants.services import launch as launch_module
from tests.conftest import client_for, inside


def croydon(**overrides) -> LaunchRequest:
    values = {
        "slug": "croydon",
        "name": "Croydon",
        "domain": "croydon.localhost",
        "admin_email": "lead@croydon.example.org",
        "team_email": "connect@croydon.example.org",
    }
    values.update(overrides)
    return LaunchRequest(**values)


def media_folder(schema_name: str) -> str:
    return os.path.join(settings.MEDIA_ROOT, schema_name)


def assert_nothing_created(slug="croydon", host="croydon.localhost"):
    assert not Borough.objects.filter(slug=slug).exists()
    assert not Domain.objects.filter(domain=host).exists()
    assert not schema_exists(slug.replace("-", "_"))
    assert not os.path.exists(media_folder(slug.replace("-", "_")))
    assert borough_index_names(slug.replace("-", "_")) == []


@pytest.fixture(autouse=True)
def _remove_what_rollback_cannot():
    """Database work rolls back after each test; media folders and indexes do not."""
    yield
    for schema_name in ("croydon", "kingston_upon_thames"):
        delete_media_location(schema_name)
        delete_borough_indexes(schema_name)


@pytest.mark.django_db
def test_a_launch_starts_with_nothing_an_earlier_borough_of_that_name_left_in_the_cache():
    """A borough launched and undone (or a test's, rolled back) can leave keys in Redis,
    such as Wagtail's site root paths naming a Site that is gone: the next launch under
    that name starts without them."""
    with schema_context("croydon"):  # what an earlier Croydon left behind
        for alias in settings.CACHES:
            caches[alias].set("left-behind", "an earlier Croydon's", timeout=None)

    borough = launch_borough(croydon()).borough

    with inside(borough):
        assert [caches[alias].get("left-behind") for alias in settings.CACHES] == [
            None for _ in settings.CACHES
        ]


@pytest.mark.django_db
def test_launch_creates_a_live_borough_with_everything_it_needs():
    result = launch_borough(croydon(extra_languages=("pl",)))

    borough = result.borough
    assert borough.status == Borough.Status.LIVE
    assert borough.launched_at is not None
    assert borough.schema_name == "croydon"
    assert borough.primary_host == "croydon.localhost"
    assert schema_exists("croydon")
    assert os.path.isdir(media_folder("croydon"))

    with inside(borough):
        site = Site.objects.get()
        assert (site.hostname, site.port, site.is_default_site) == (
            "croydon.localhost",
            settings.PLATFORM_PORT,
            True,
        )
        home = site.root_page.specific
        assert isinstance(home, HomePage)
        assert home.title == "Connect & Do Croydon"
        assert {p.slug for p in home.get_children()} >= {"about", "accessibility", "privacy"}
        assert set(Locale.objects.values_list("language_code", flat=True)) == {"en-gb", "pl"}
        assert set(Group.objects.values_list("name", flat=True)) == set(BOROUGH_GROUPS)
        editors = Group.objects.get(name="Editors")
        assert set(
            GroupPagePermission.objects.filter(group=editors, page=home).values_list(
                "permission__codename", flat=True
            )
        ) >= {"add_page", "change_page", "publish_page"}
        # Organisation managers get their own pages later; on the whole site they may only
        # add places (which an Editor approves), never publish.
        assert list(
            GroupPagePermission.objects.filter(group__name="Organisation managers").values_list(
                "page__slug", "permission__codename"
            )
        ) == [("places", "add_page")]
        admin = get_user_model().objects.get(email="lead@croydon.example.org")
        assert not admin.has_usable_password()
        assert list(admin.groups.values_list("name", flat=True)) == ["Borough admins"]
        assert BrandingSettings.for_site(site).site_name == "Connect & Do Croydon"
        # The template's Wagtail welcome page is not carried into the borough.
        assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail").exists()

    if uses_search_engine():
        assert borough_index_names("croydon")

    # One invitation, from and about this borough, with a link on its own host.
    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["lead@croydon.example.org"]
    assert invitation.reply_to == ["connect@croydon.example.org"]
    assert "Croydon" in invitation.subject
    links = re.findall(r"https?://[^\s]+", invitation.body)
    assert links and all(link.startswith("http://croydon.localhost") for link in links)
    assert result.invitation_url in invitation.body

    # The invitation link really lets the admin choose a password.
    path = result.invitation_url.split("croydon.localhost:8000", 1)[1]
    client = client_for("croydon.localhost")
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert "<h1>Choose your password</h1>" in response.content.decode(), "not 'reset'"
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_url,
        {"new_password1": "a-long-new-password-42", "new_password2": "a-long-new-password-42"},
        follow=True,
    )
    assert "<h1>Your password is saved</h1>" in response.content.decode()
    with inside(borough):
        assert get_user_model().objects.get(email="lead@croydon.example.org").has_usable_password()
    used = client_for("croydon.localhost").get(path, follow=True).content.decode()
    assert "This link does not work any more" in used


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"slug": ""}, "slug", "Enter a short name"),
        ({"slug": "Croydon!"}, "slug", "lower-case letters"),
        ({"slug": "9lives"}, "slug", "start with a letter"),
        ({"slug": "double--hyphen"}, "slug", "single hyphens"),
        ({"slug": "public"}, "slug", "reserved"),
        ({"slug": "x" * 41}, "slug", "at most 40"),
        ({"slug": "lambeth"}, "slug", "already exists"),
        ({"name": "  "}, "name", "Enter the borough's name"),
        ({"name": "Croydon\nBcc: someone@example.org"}, "name", "line break"),
        ({"name": "Croy\u200bdon"}, "name", "hidden character"),
        ({"domain": "lambeth.localhost"}, "domain", "already used"),
        ({"domain": "http://croydon.localhost/"}, "domain", "only the host name"),
        ({"domain": "croydon.localhost:8000"}, "domain", "only the host name"),
        ({"domain": "croydon"}, "domain", "not a valid host name"),
        ({"domain": "-bad-.localhost"}, "domain", "not a valid host name"),
        ({"domain": "localhost"}, "domain", "platform's own address"),
        ({"admin_email": "not-an-email"}, "admin_email", "not a valid email"),
        ({"team_email": "team@"}, "team_email", "not a valid email"),
        ({"team_phone": "call me"}, "team_phone", "not a phone number"),
        ({"theme": "neon"}, "theme", "no theme called"),
        ({"default_language": "xx"}, "languages", "not a language"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_creates_nothing(overrides, field, message):
    boroughs_before = Borough.objects.count()
    with pytest.raises(LaunchError) as raised:
        launch_borough(croydon(**overrides))
    assert field in raised.value.field_errors
    assert message in " ".join(raised.value.field_errors[field])
    assert raised.value.step is None
    assert Borough.objects.count() == boroughs_before
    assert_nothing_created()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("failing_step", [step.name for step in launch_module.LAUNCH_STEPS])
def test_a_failure_at_any_step_undoes_everything_and_names_the_step(monkeypatch, failing_step):
    def fail_after(step):
        def run(state):
            step.run(state)  # the step's real work happens, then the failure
            raise RuntimeError("injected failure")

        return launch_module.LaunchStep(step.name, run, step.undo)

    monkeypatch.setattr(
        launch_module,
        "LAUNCH_STEPS",
        [fail_after(s) if s.name == failing_step else s for s in launch_module.LAUNCH_STEPS],
    )
    with pytest.raises(LaunchError) as raised:
        launch_borough(croydon())

    assert raised.value.step == failing_step
    assert failing_step in raised.value.message
    assert "Nothing was created" in raised.value.message
    assert_nothing_created()
    assert mail.outbox == []
    # With the fault gone, the same borough can be launched: nothing was left in the way.
    monkeypatch.undo()
    assert launch_borough(croydon()).borough.status == Borough.Status.LIVE


@pytest.mark.django_db
def test_a_launched_borough_is_served_at_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        launch_borough(
            croydon(
                slug="kingston-upon-thames",
                name="Kingston upon Thames",
                domain="kingston.localhost",
            )
        )
    response = client_for("kingston.localhost").get("/")
    assert response.status_code == 200
    assert "Connect &amp; Do Kingston" in response.content.decode()
    assert Borough.objects.get(slug="kingston-upon-thames").schema_name == "kingston_upon_thames"
