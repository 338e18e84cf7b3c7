"""A person's email or home address in a listing's words: an email address is refused
(the group's own contact box is where an email goes), a possible home address is
flagged to the writer and to the Editor who approves the change. Ordinary text (times,
"Unit 3", prices, a postcode district) passes."""

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from sites.core.personal_details import email_addresses, possible_home_addresses
from sites.core.roles import EDITORS
from sites.directory.models import ActivityPage, OrganisationPage
from sites.directory.models.pages import DESCRIPTION_FEATURES
from sites.directory.services.listing_text import address_flags, email_problems
from sites.directory.services.organisation_access import grant_organisation_access
from tests.conftest import inside
from tests.directory.conftest import make_user
from tests.directory.test_activity_form import errors_by_field
from tests.directory.test_organisation_access import logged_in, submit_change

# --- What is found, and what is not --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Email jane.smith@gmail.com to join", ["jane.smith@gmail.com"]),
        ('<p>Ask <a href="mailto:bob.k@outlook.com">Bob</a></p>', ["bob.k@outlook.com"]),
        ("<p>Write to sam&#64;example.org</p>", ["sam@example.org"]),
        ("text jane at gmail dot com", ["jane at gmail dot com"]),
        ("jane [at] hotmail [dot] co [dot] uk", ["jane [at] hotmail [dot] co [dot] uk"]),
    ],
)
def test_email_addresses_are_found_however_they_are_written(text, found):
    assert email_addresses(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Almost an address, 40 times over, with no ending: a pattern that could split
        # the same spaces many ways took minutes from about 14 (the page, or the import
        # task, waited on it); each part is now read one way only.
        ("a at b" + " dot b" * 40, []),
        ("a at b" + " dot b" * 40 + " dot com", ["a at b" + " dot b" * 40 + " dot com"]),
        ("b-" * 10_000 + " at x dot org", ["b-" * 10_000 + " at x dot org"]),
        (" " * 8_000 + "x", []),
    ],
)
def test_text_made_to_be_almost_an_address_is_read_at_once(text, found):
    assert email_addresses(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Meet at 10.30 at the hall",
        "We meet at the park, at 2pm",
        "Tickets at £3 @ the door",
        "Follow us @brixtongardeners",
        "See www.example.org/join for more",
    ],
)
def test_ordinary_words_have_no_email_address(text):
    assert email_addresses(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("We meet at 12 Acacia Road, SE15 4QT", ["12 Acacia Road", "SE15 4QT"]),
        ("Come to 7a St Mary's Road", ["7a St Mary's Road"]),
        ("Knock at 45 Elm St.", ["45 Elm St"]),
        ("Flat 3, above the shop", ["Flat 3"]),
        ("Our postcode is sw2 5sg", ["SW2 5SG"]),
        ("<p>At <b>22 Quiet Grove</b></p>", ["22 Quiet Grove"]),
    ],
)
def test_what_looks_like_a_home_address_is_found(text, found):
    assert possible_home_addresses(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Starts at 10.30 Monday to Friday",
        "Meet at 10.30 Church Road Library",  # a time, then a venue
        "Unit 3 Acre Lane Studios",
        "Room 2 Park View Centre",
        "Take bus 12 Peckham Road way",
        "£3 a session, 10 sessions in all",
        "10 people walk in the Park",
        "We are in SW9, near the station",
        "Open 9 to 5, every 2 weeks",
        "Since 1998 Brixton Road has had a garden",
    ],
)
def test_ordinary_words_are_not_taken_for_an_address(text):
    assert possible_home_addresses(text) == []


def test_the_listings_own_contact_address_may_be_repeated_in_its_words():
    values = {"description": "<p>Email hello@gardeners.org</p>", "email": "Hello@Gardeners.org"}
    assert email_problems(values) == {}
    activity = {"summary": "Ask hello@gardeners.org", "contact_email": ""}
    assert email_problems(activity, organisation_email="hello@gardeners.org") == {}
    assert "summary" in email_problems(activity, organisation_email="")


def test_the_message_says_where_the_groups_own_address_goes():
    [organisation] = email_problems({"summary": "jo@gmail.com", "email": ""}).values()
    [activity] = email_problems({"summary": "jo@gmail.com", "contact_email": ""}).values()
    [place] = email_problems({"opening_times": "Ask jo@gmail.com"}).values()
    assert "Please take out the email address jo@gmail.com" in organisation
    assert "“Email” box (under “Contact”)" in organisation
    assert "“Contact email” box" in activity
    assert "put the group's own email address on its organisation" in place


# --- In the admin ------------------------------------------------------------------------


@pytest.fixture
def manager(lambeth, lambeth_directory):
    with inside(lambeth):
        user = make_user("text-manager@gardeners.example.org")
        grant_organisation_access(lambeth_directory.organisation, user)
        return user


@pytest.fixture
def editor(lambeth):
    with inside(lambeth):
        return make_user("text-editor@lambeth.example.org", EDITORS)


def rich(html: str) -> str:
    """Rich text as the editor's browser sends it (Draftail's JSON)."""
    return ContentstateConverter(features=DESCRIPTION_FEATURES).from_database_format(html)


def revisions_of(borough, page) -> int:
    with inside(borough):
        return type(page).objects.get(pk=page.pk).revisions.count()


@pytest.mark.django_db
def test_a_persons_email_in_a_description_is_refused_and_nothing_is_saved(
    lambeth, lambeth_directory, manager
):
    organisation = lambeth_directory.organisation
    client = logged_in(lambeth, manager)
    before = revisions_of(lambeth, organisation)
    url, data = submit_change(
        client, organisation, description=rich("<p>Ring Jo or email jo.bloggs@gmail.com</p>")
    )
    data["action-submit"] = "Submit for moderation"
    response = client.post(url, data)
    assert response.status_code == 200
    [message] = errors_by_field(response)["description"]
    assert message.startswith("Please take out the email address jo.bloggs@gmail.com.")
    assert revisions_of(lambeth, organisation) == before


@pytest.mark.django_db
def test_the_groups_own_address_in_its_words_is_kept(lambeth, lambeth_directory, manager):
    organisation = lambeth_directory.organisation
    client = logged_in(lambeth, manager)
    url, data = submit_change(
        client,
        organisation,
        email="hello@gardeners.example.org",
        description=rich("<p>Email hello@gardeners.example.org</p>"),
    )
    data["action-submit"] = "Submit for moderation"
    assert client.post(url, data).status_code == 302
    with inside(lambeth):
        latest = OrganisationPage.objects.get(pk=organisation.pk).get_latest_revision()
        assert "hello@gardeners.example.org" in latest.as_object().description


@pytest.mark.django_db
def test_an_activity_may_repeat_its_organisations_address_but_not_a_persons(
    lambeth, lambeth_directory, editor
):
    activity = lambeth_directory.activity
    with inside(lambeth):
        organisation = lambeth_directory.organisation
        organisation.email = "hello@gardeners.example.org"
        organisation.save_revision().publish()
    client = logged_in(lambeth, editor)
    url, data = submit_change(client, activity, summary="Email hello@gardeners.example.org")
    assert client.post(url, data).status_code == 302
    url, data = submit_change(client, activity, concessions="Free for carers: ask mo@yahoo.co.uk")
    response = client.post(url, data)
    assert response.status_code == 200
    [message] = errors_by_field(response)["concessions"]
    assert "“Contact email” box" in message
    with inside(lambeth):
        assert (
            ActivityPage.objects.get(pk=activity.pk).get_latest_revision().as_object().concessions
            == ""
        )


def address_check(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("[data-home-address-check]")


@pytest.mark.django_db
def test_a_home_address_is_kept_but_flagged_to_the_writer_and_to_the_editor(
    lambeth, lambeth_directory, manager, editor
):
    organisation = lambeth_directory.organisation
    editor_client = logged_in(lambeth, editor)
    assert address_check(editor_client, organisation) is None

    client = logged_in(lambeth, manager)
    url, data = submit_change(
        client, organisation, description=rich("<p>We meet at 14 Acacia Road at 10.30.</p>")
    )
    data["action-submit"] = "Submit for moderation"
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "This may be a home address: “14 Acacia Road” in Description." in (
        response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    )

    check = address_check(editor_client, organisation)
    assert check is not None
    assert "“14 Acacia Road” in Description" in check.get_text(" ")


@pytest.mark.django_db
def test_a_places_own_street_is_flagged_only_when_it_is_hidden(lambeth, lambeth_directory):
    with inside(lambeth):
        venue = lambeth_directory.place  # 12 Acre Lane, shown
        venue.summary = "Find us at 12 Acre Lane, SW2 5SG."
        home = lambeth_directory.home_place  # 7 Quiet Road, hidden
        home.summary = "The green door at 7 Quiet Road."
        assert address_flags(venue) == []
        [flag] = address_flags(home)
    assert (flag.field, flag.found) == ("summary", "7 Quiet Road")
