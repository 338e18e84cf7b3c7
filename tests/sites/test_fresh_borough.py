"""A borough is complete the day it is launched: every standard page with real text for
that borough, links to them on every page, and nothing of another borough or a person."""

import re
from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page, Site

from search.services import delete_borough_indexes
from sites.core.models import BrandingSettings
from sites.directory.factories import (
    ActivityPageFactory,
    OrganisationJoinRequestFactory,
    OrganisationPageFactory,
)
from sites.directory.models import OrganisationIndexPage
from sites.standard.models import StandardPage
from sites.standard.starting import STANDARD_PAGES
from tenants.media import delete_media_location
from tenants.models import Borough
from tests.conftest import client_for, inside

pytestmark = pytest.mark.django_db

LONDON_BOROUGHS = [
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon",
    "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith", "Haringey", "Harrow",
    "Hillingdon", "Hounslow", "Islington", "Kensington", "Kingston", "Lambeth", "Lewisham",
    "Merton", "Newham", "Redbridge", "Richmond", "Southwark", "Sutton", "Tower Hamlets",
    "Waltham Forest", "Wandsworth", "Westminster",
]  # fmt: skip
OTHER_BOROUGHS = re.compile(r"\b(" + "|".join(LONDON_BOROUGHS) + r")\b")
ADMIN_EMAIL = "sam.patel@havering.example.org"
HOST = "havering.localhost"
FOOTER_LINKS = [
    "Worried about someone? Get help now",
    "Help using this website",
    "List your organisation",
    "Privacy notice",
    "Accessibility statement",
]
FORMS_WITH_PERSONAL_DATA = ["/account/sign-up/", "/list-your-organisation/"]


@pytest.fixture(autouse=True)
def _remove_what_rollback_cannot():
    yield
    delete_media_location("havering")
    delete_borough_indexes("havering")


def launch(*options: str) -> Borough:
    out = StringIO()
    call_command(
        "launch_borough",
        "havering",
        "--name=Havering",
        f"--domain={HOST}",
        f"--admin-email={ADMIN_EMAIL}",
        *options,
        stdout=out,
    )
    assert "Launched Havering" in out.getvalue()
    return Borough.objects.get(slug="havering")


def footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


def test_a_fresh_borough_has_every_page_and_names_no_other_borough_and_no_person(
    django_capture_on_commit_callbacks,
):
    borough = launch()  # no team email or phone: the command still works
    client = client_for(HOST)
    with inside(borough):
        home = Site.objects.get().root_page
        organisations = OrganisationIndexPage.objects.get()
        organisation = OrganisationPageFactory(parent=organisations, email="", phone="")
        activity = ActivityPageFactory(parent=organisation)
        join_request = OrganisationJoinRequestFactory()
        kinds = dict(StandardPage.objects.values_list("kind", "title"))
        pages = list(Page.objects.live().descendant_of(home, inclusive=True))
        page_urls = [page.get_url() for page in pages]
        admin = get_user_model().objects.get(email=ADMIN_EMAIL)
    assert kinds == {spec.kind: spec.title for spec in STANDARD_PAGES}

    public = page_urls + [
        *FORMS_WITH_PERSONAL_DATA,
        f"/report-a-problem/{activity.pk}/",
        "/account/sign-in/",
        "/search/?q=help",
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not OTHER_BOROUGHS.search(html), (url, OTHER_BOROUGHS.search(html))
        assert ADMIN_EMAIL not in html, url
        assert "mailto:" not in footer(html), "no team email yet: no contact at all"
        assert all(link in footer(html) for link in FOOTER_LINKS), url
        description = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert description and len(description.group(1)) > 20, url

    api = client.get("/api/openreferral/openapi.json").content.decode()
    assert "Havering" in api and ADMIN_EMAIL not in api

    # The starting text is written for this borough, with the crisis contacts.
    get_help = client.get("/get-help/").content.decode()
    for contact in ["999", "116 123", "SHOUT to 85258", "111", "option 2"]:
        assert contact in get_help
    assert "Havering Council" in get_help
    privacy = client.get("/privacy/").content.decode()
    for words in ["UK GDPR", "lawful basis", "How long we keep it", "Your rights", "ico.org.uk"]:
        assert words in privacy
    about = client.get("/about/").content.decode()
    assert "18 or older" in about and 'href="/account/sign-up/"' in about
    assert "for anyone" not in about, "joining is for adults only"
    statement = client.get("/accessibility/").content.decode()
    for words in ["WCAG", "2.2", "different format", "Enforcement procedure", HOST]:
        assert words in statement
    assert "The team's phone number and email address will be here soon" in statement

    client.force_login(admin)
    with inside(borough):
        site = Site.objects.get()
    admin_screens = [
        "/admin/",
        f"/admin/pages/{home.pk}/",
        *[f"/admin/pages/{page.pk}/edit/" for page in pages],
        f"/admin/settings/core/brandingsettings/{site.pk}/",
        "/admin/directory/join-requests/",
        f"/admin/directory/join-requests/{join_request.pk}/",
        "/admin/directory/reports/",
        "/admin/directory/stale-listings/",
        "/admin/directory/spreadsheets/",
        "/admin/community/moderation/",
        "/admin/community/groups/",
        "/admin/users/",
    ]
    for url in admin_screens:
        response = client.get(url)
        assert response.status_code == 200, url
        found = OTHER_BOROUGHS.search(response.content.decode())
        assert not found, (url, found)


def test_the_footer_shows_the_team_contacts_given_at_launch_and_never_a_persons():
    borough = launch("--team-email=connect@havering.example.org", "--team-phone=020 7946 0888")
    html = client_for(HOST).get("/").content.decode()
    assert 'href="mailto:connect@havering.example.org"' in footer(html)
    assert 'href="tel:02079460888"' in footer(html)
    assert ADMIN_EMAIL not in html
    # Replies to the borough's emails go to the team too.
    assert borough.contact_email == "connect@havering.example.org"
    with inside(borough):
        branding = BrandingSettings.for_site(Site.objects.get())
        assert (branding.contact_email, branding.contact_phone) == (
            "connect@havering.example.org",
            "020 7946 0888",
        )
    # The contact block in the standard pages shows the same, from Branding.
    assert "020 7946 0888" in client_for(HOST).get("/community-connecting/").content.decode()


def test_without_a_team_email_replies_go_to_the_admin_but_nothing_shows_it():
    borough = launch()
    assert borough.contact_email == ADMIN_EMAIL  # a private Reply-To, never on a page
    with inside(borough):
        assert BrandingSettings.for_site(Site.objects.get()).contact_email == ""


@pytest.mark.parametrize("url", ["/account/sign-up/", "/list-your-organisation/"])
def test_forms_asking_for_personal_details_link_the_privacy_notice(lambeth, url):
    html = client_for(lambeth).get(url).content.decode()
    form_part = html[html.index("<main") : html.index("</main>")]
    assert 'href="/privacy/"' in form_part
    assert 'href="/accessibility/"' in form_part


def test_list_your_organisation_is_linked_from_organisations_things_to_do_and_help(lambeth):
    client = client_for(lambeth)
    for url in ["/organisations/", "/things-to-do/", "/help/"]:
        html = client.get(url).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        assert 'href="/list-your-organisation/"' in main, url


def test_the_starting_about_and_help_pages_say_joining_is_for_adults():
    """Anyone may look, only adults may join (``SignUpForm.adult``): the starting text
    says so in plain words, and never that the website is "for anyone"."""
    from datetime import date

    from sites.standard.starting.about import about, help_using
    from sites.standard.starting.writing import Borough as Written

    written = Written(
        "Havering",
        HOST,
        date(2026, 1, 5),
        page_ids={"get_help": 7},
        urls={"sign_up": "/account/sign-up/"},
    )
    about_text = str(about(written))
    assert "for anyone" not in about_text
    assert "Anyone can look at this website" in about_text
    assert "you need to be 18 or older" in about_text
    assert '<a href="/account/sign-up/">join this website</a>' in about_text
    assert '<a linktype="page" id="7">Get help now</a>' in about_text
    assert "You need to be 18 or older to join." in str(help_using(written))
