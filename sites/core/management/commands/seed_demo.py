"""Creates the six demo boroughs with their content. Running it again changes nothing."""

import random

from django_tenants.utils import schema_context

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Site

from search.indexing import changes_not_followed
from search.services import rebuild_borough_index
from sites.community.demo_data import DEMO_MEMBER_NAME
from sites.community.factories import UserFactory
from sites.community.seeding import (
    demo_password,
    editor_email,
    member_email,
    moderator_email,
    seed_community,
)
from sites.connecting.demo import seed_connecting
from sites.core.demo import (
    DEMO_BOROUGHS,
    DemoNotAllowed,
    refuse_unless_demo_allowed,
)
from sites.core.models import BrandingSettings
from sites.core.setup import ensure_default_interests, ensure_starting_pages
from sites.directory.demo import DIRECTORY_SIZES
from sites.directory.models import OrganisationPage
from sites.directory.seeding import seed_directory
from sites.directory.services.organisation_access import grant_organisation_access
from tenants.models import Borough
from tenants.services import LaunchRequest, launch_borough

DEMO_STAFF_EMAIL = "staff@connectdo.localhost"


class Command(BaseCommand):
    help = "Create the six demo boroughs (Lambeth, Southwark, Ealing, Bromley, Brent, Hounslow)."

    def add_arguments(self, parser):
        parser.add_argument("--host-suffix", default="localhost")
        parser.add_argument(
            "--directory-size",
            choices=list(DIRECTORY_SIZES),
            default="full",
            help="How many organisations and activities each borough gets: full (100 and "
            "200) or small (8 and 16, for tests).",
        )

    def handle(self, *args, **options):
        try:
            refuse_unless_demo_allowed()
        except DemoNotAllowed as refused:
            raise CommandError(str(refused)) from refused
        self._ensure_platform_staff()
        for demo in DEMO_BOROUGHS:
            borough = Borough.objects.filter(slug=demo.slug).first()
            if borough is None:
                result = launch_borough(
                    LaunchRequest(
                        slug=demo.slug,
                        name=demo.name,
                        domain=f"{demo.slug}.{options['host_suffix']}",
                        admin_email=f"admin@{demo.slug}.example.org",
                        team_email=f"connect@{demo.slug}.example.org",
                        team_phone=demo.phone,
                        safeguarding_email=f"safeguarding@{demo.slug}.example.org",
                        safeguarding_name="Demo safeguarding lead",
                        theme=demo.theme,
                    )
                )
                borough = result.borough
                self.stdout.write(f"Launched {demo.name} in {result.seconds:.2f} s")
            if borough.status != Borough.Status.LIVE:
                self.stdout.write(f"Skipped {demo.name}: it is {borough.status}.")
                continue
            directory, community = seed_borough(demo, borough, options["directory_size"])
            self.stdout.write(f"{demo.name}: {directory}; {community}")
            self.stdout.write(f"{demo.name}: http://{borough.primary_host}:8000/")
        self.stdout.write(
            "Sign in on any borough as the member "
            f"{member_email(DEMO_MEMBER_NAME, '<borough>')}, the moderator "
            f"{moderator_email('<borough>')}, the editor {editor_email('<borough>')} or the "
            f"organisation manager {organisation_manager_email('<borough>')} "
            f"(password: {demo_password()})."
        )

    def _ensure_platform_staff(self):
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_STAFF_EMAIL).exists():
            return
        # A local demo account only; production staff are created with createsuperuser.
        password = demo_password()
        user_model.objects.create_user(
            DEMO_STAFF_EMAIL, DEMO_STAFF_EMAIL, password, is_staff=True, is_superuser=True
        )
        self.stdout.write(f"Platform console: {DEMO_STAFF_EMAIL} / {password}")


def seed_borough(demo, borough, directory_size: str = "full"):
    """Fill one live borough with the demo's content, in its schema; idempotent.

    Also used by the accessibility tests (tests/accessibility), which check the pages of
    a borough seeded like the demo ones.
    """
    refuse_unless_demo_allowed()
    with schema_context(borough.schema_name), transaction.atomic():
        _seed_content(demo, borough)
        directory = seed_directory(demo, directory_size, random.Random(demo.slug))
        seed_organisation_manager(borough)
        with changes_not_followed():  # indexed once below
            community = seed_community(borough, random.Random(f"community-{demo.slug}"))
        seed_connecting(borough, random.Random(f"connecting-{demo.slug}"))
        if directory.added or community.total:
            # The pages went in without per-save indexing: index the borough once,
            # before committing, so a failed rebuild leaves nothing half done.
            rebuild_borough_index(borough.schema_name)
    return directory, community


def organisation_manager_email(slug: str) -> str:
    return f"orgmanager@{slug}.demo.connectdo.example.org"


def seed_organisation_manager(borough):
    """A demo account that manages the first organisation (A to Z), so the organisation's
    side (editing its page and activities, changes waiting for approval) can be tried."""
    email = organisation_manager_email(borough.slug)
    if get_user_model().objects.filter(username=email).exists():
        return
    organisation = OrganisationPage.objects.live().order_by("title").first()
    if organisation is None:
        return
    user = UserFactory(
        username=email,
        email=email,
        first_name="Orla",
        last_name="Manager",
        password=demo_password(),
    )
    grant_organisation_access(organisation, user)


def _seed_content(demo, borough):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    ensure_starting_pages(home, borough)
    ensure_default_interests()
    branding = BrandingSettings.for_site(site)
    wanted = {
        "primary_colour": demo.primary_colour,
        "contact_phone": demo.phone,
        "contact_hours": "Monday to Friday, 9am to 5pm",
        "office_address": demo.office,
    }
    if any(getattr(branding, field) != value for field, value in wanted.items()):
        for field, value in wanted.items():
            setattr(branding, field, value)
        branding.full_clean()
        branding.save()
