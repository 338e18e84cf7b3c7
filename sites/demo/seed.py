"""Fill one live demo borough with its content: a list of steps, one per kind of content.

Each step works in the borough's schema, adds only what is missing (a second run adds
nothing) and returns what it did as a ``StepResult``. To give the demo boroughs more
content, write the step beside the others (for example ``sites/demo/connecting.py``)
and add it to ``SEED_STEPS``. ``seed_borough`` runs them in one transaction and, when
anything was added, indexes the borough once at the end.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

from django_tenants.utils import schema_context

from django.contrib.auth import get_user_model
from django.db import transaction

from wagtail.models import Site

from search.indexing import changes_not_followed
from search.services import rebuild_borough_index
from sites.community.factories import UserFactory
from sites.core.languages.services import set_borough_languages
from sites.core.models import BrandingSettings
from sites.core.setup import ensure_default_interests, ensure_starting_pages
from sites.demo.boroughs import DemoBorough, refuse_unless_demo_allowed
from sites.demo.community import demo_password, seed_community
from sites.demo.connecting import seed_connecting
from sites.demo.directory import seed_directory
from sites.demo.easy_read import seed_easy_read
from sites.demo.mylist import seed_my_list
from sites.directory.models import OrganisationPage
from sites.directory.services.organisation_access import grant_organisation_access


@dataclass(frozen=True)
class Seeding:
    """What every step is given."""

    demo: DemoBorough
    borough: object  # tenants.models.Borough
    directory_size: str


@dataclass(frozen=True)
class StepResult:
    added: int
    summary: str

    def __str__(self):
        return self.summary


@dataclass(frozen=True)
class SeedStep:
    name: str
    run: Callable[[Seeding], StepResult]


def seed_site(seeding: Seeding) -> StepResult:
    """The starting pages, default interests and the borough's colours and contacts."""
    site = Site.objects.get(is_default_site=True)
    ensure_starting_pages(site.root_page.specific, seeding.borough)
    ensure_default_interests()
    branding = BrandingSettings.for_site(site)
    demo = seeding.demo
    wanted = {
        "primary_colour": demo.primary_colour,
        "contact_phone": demo.phone,
        "contact_hours": "Monday to Friday, 9am to 5pm",
        "office_address": demo.office,
    }
    if all(getattr(branding, field) == value for field, value in wanted.items()):
        return StepResult(0, "branding as before")
    for field, value in wanted.items():
        setattr(branding, field, value)
    branding.full_clean()
    branding.save()
    return StepResult(1, "branding set")


def seed_languages(seeding: Seeding) -> StepResult:
    """The borough's languages besides English, as its admins would choose them."""
    added, _ = set_borough_languages(seeding.demo.languages)
    if not added:
        return StepResult(0, "languages as before")
    return StepResult(len(added), "languages: " + ", ".join(added))


def seed_directory_step(seeding: Seeding) -> StepResult:
    rng = random.Random(seeding.demo.slug)  # noqa: S311 - demo content
    directory = seed_directory(seeding.demo, seeding.directory_size, rng)
    return StepResult(directory.added, str(directory))


def organisation_manager_email(slug: str) -> str:
    return f"orgmanager@{slug}.demo.connectdo.example.org"


def seed_organisation_manager(seeding: Seeding) -> StepResult:
    """A demo account that manages the first organisation (A to Z), so the organisation's
    side (editing its page and activities, changes waiting for approval) can be tried."""
    email = organisation_manager_email(seeding.borough.slug)
    if get_user_model().objects.filter(username=email).exists():
        return StepResult(0, "organisation manager as before")
    organisation = OrganisationPage.objects.live().order_by("title").first()
    if organisation is None:
        return StepResult(0, "no organisation to manage")
    password = demo_password()
    user = UserFactory(
        username=email, email=email, first_name="Orla", last_name="Manager", password=password
    )
    grant_organisation_access(organisation, user)
    return StepResult(1, f"organisation manager of {organisation.title}")


def seed_community_step(seeding: Seeding) -> StepResult:
    rng = random.Random(f"community-{seeding.demo.slug}")  # noqa: S311 - demo content
    with changes_not_followed():  # indexed once, at the end of seed_borough
        community = seed_community(seeding.borough, rng)
    return StepResult(community.total, str(community))


def seed_connecting_step(seeding: Seeding) -> StepResult:
    rng = random.Random(f"connecting-{seeding.demo.slug}")  # noqa: S311 - demo content
    seeded = seed_connecting(seeding.borough, rng)
    return StepResult(seeded.people, str(seeded))


def seed_easy_read_step(seeding: Seeding) -> StepResult:
    with changes_not_followed():  # indexed once, at the end of seed_borough
        seeded = seed_easy_read(seeding.borough)
    return StepResult(seeded.total, str(seeded))


SEED_STEPS = [
    SeedStep("pages and branding", seed_site),
    SeedStep("languages", seed_languages),
    SeedStep("directory", seed_directory_step),
    SeedStep("organisation manager", seed_organisation_manager),
    SeedStep("community", seed_community_step),
    SeedStep("Community Connecting", seed_connecting_step),
    SeedStep("Easy Read", seed_easy_read_step),
    SeedStep("my list", lambda seeding: StepResult(seed_my_list(seeding.borough), "my list")),
]


def seed_borough(demo, borough, directory_size: str = "full", *, on_step=None) -> dict:
    """Fill one live borough with the demo's content, in its schema; idempotent.

    Returns each step's ``StepResult`` by name; ``on_step(name, result)`` is called after
    each (seed_demo shows progress with it). Also used by the accessibility tests, which
    check the pages of a borough seeded like the demo ones.
    """
    refuse_unless_demo_allowed()
    seeding = Seeding(demo, borough, directory_size)
    results = {}
    with schema_context(borough.schema_name), transaction.atomic():
        for step in SEED_STEPS:
            results[step.name] = step.run(seeding)
            if on_step:
                on_step(step.name, results[step.name])
        if any(result.added for result in results.values()):
            # The content went in without per-save indexing: index the borough once,
            # before committing, so a failed rebuild leaves nothing half done.
            rebuild_borough_index(borough.schema_name)
    return results
