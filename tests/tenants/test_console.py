"""The platform console: staff only, and the launch form validates before it acts."""

import pytest

from django.contrib.auth import get_user_model

from search.services import delete_borough_indexes
from tenants.media import delete_media_location
from tenants.models import Borough
from tests.conftest import client_for


@pytest.fixture
def staff_client(db):
    get_user_model().objects.create_user(
        "ops@platform.example", "ops@platform.example", "a-strong-password-1", is_staff=True
    )
    client = client_for("localhost")
    response = client.post(
        "/console/sign-in/",
        {"username": "ops@platform.example", "password": "a-strong-password-1"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/console/", "without ?next=, the console (not a 404)"
    yield client
    delete_media_location("merton")
    delete_borough_indexes("merton")


@pytest.mark.django_db
def test_the_console_is_for_platform_staff_only():
    get_user_model().objects.create_user("resident@example.org", password="a-password-123")
    client = client_for("localhost")
    assert client.get("/console/").status_code == 302
    client.login(username="resident@example.org", password="a-password-123")
    assert client.get("/console/launch/").status_code == 302


@pytest.mark.django_db
def test_borough_accounts_cannot_sign_in_to_the_console(lambeth):
    # The admin exists in Lambeth's schema only; the console reads the public schema.
    response = client_for("localhost").post(
        "/console/sign-in/", {"username": "admin@lambeth.example.org", "password": "anything"}
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def launch_form(**overrides):
    data = {
        "name": "Merton",
        "slug": "merton",
        "domain": "merton.localhost",
        "admin_email": "lead@merton.example.org",
        "team_email": "",
        "theme": "default",
        "default_language": "en-gb",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_staff_launch_a_borough_from_the_console(staff_client):
    response = staff_client.post("/console/launch/", launch_form())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Connect &amp; Do Merton is live" in page
    assert 'name="team_email"' in page and 'name="team_phone"' in page
    assert "We emailed lead@merton.example.org" in page
    merton = Borough.objects.get(slug="merton")
    assert merton.status == Borough.Status.LIVE
    assert merton.contact_email == "lead@merton.example.org"
    assert "Merton" in staff_client.get("/console/").content.decode()


@pytest.mark.django_db
def test_bad_console_input_is_shown_next_to_its_field_and_creates_nothing(staff_client):
    response = staff_client.post(
        "/console/launch/", launch_form(slug="Merton Borough", domain="lambeth.localhost")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "can only use lower-case letters" in page
    assert 'href="#id_slug"' in page
    assert not Borough.objects.filter(name="Merton").exists()

    response = staff_client.post("/console/launch/", launch_form(domain="lambeth.localhost"))
    assert response.status_code == 400
    assert "already used by another borough" in response.content.decode()
    assert not Borough.objects.filter(slug="merton").exists()


@pytest.mark.django_db
def test_the_team_contacts_typed_in_the_console_are_on_the_new_borough(staff_client):
    staff_client.post(
        "/console/launch/",
        launch_form(team_email="connect@merton.example.org", team_phone="020 7946 0777"),
    )
    footer = client_for("merton.localhost").get("/").content.decode().split("<footer")[1]
    assert "connect@merton.example.org" in footer and "020 7946 0777" in footer
    assert "lead@merton.example.org" not in footer

    response = staff_client.post(
        "/console/launch/", launch_form(slug="merton-2", domain="m2.localhost", team_phone="x")
    )
    assert response.status_code == 400
    assert "is not a phone number" in response.content.decode()


@pytest.fixture
def address_taken_meanwhile(monkeypatch, lambeth):
    """Another launch takes merton.localhost after this one's checks, before its insert:
    the database's unique constraint is what stops this one."""
    from tenants.models import Domain
    from tenants.services import launch

    checked = launch.validate_launch_request

    def then_taken(request):
        answer = checked(request)
        Domain.objects.create(domain="merton.localhost", tenant=lambeth, is_primary=False)
        return answer

    monkeypatch.setattr(launch, "validate_launch_request", then_taken)


TAKEN = "The web address merton.localhost is already used by another borough."


@pytest.mark.django_db
def test_a_web_address_taken_during_the_launch_is_said_plainly_in_the_console(
    staff_client, address_taken_meanwhile
):
    response = staff_client.post("/console/launch/", launch_form())
    assert response.status_code == 400
    page = response.content.decode()
    assert TAKEN in page
    assert "duplicate key" not in page and "constraint" not in page
    assert not Borough.objects.filter(slug="merton").exists()


@pytest.mark.django_db
def test_a_web_address_taken_during_the_launch_is_said_plainly_by_the_command(
    address_taken_meanwhile,
):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError) as refused:
        call_command(
            "launch_borough",
            "merton",
            name="Merton",
            domain="merton.localhost",
            admin_email="lead@merton.example.org",
        )
    assert str(refused.value) == f"The borough was not launched: {TAKEN}"
    assert not Borough.objects.filter(slug="merton").exists()
