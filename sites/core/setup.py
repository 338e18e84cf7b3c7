"""What every borough site starts with: groups, permissions, page tree, branding.

``prepare_template_content`` runs once in the template schema (everything that is the
same in every borough); ``build_borough_site`` runs inside each new borough's schema
during launch (everything that depends on the borough).
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    PageLogEntry,
    Site,
)

from search import synonyms
from sites.community.services.discussions import ensure_default_topics
from sites.core.models import BrandingSettings
from sites.directory.models.taxonomy import DEFAULT_INTERESTS, Interest
from sites.home.models import HomePage
from sites.standard.starting import ensure_standard_pages

from .permissions import (
    all_default_model_permissions,
    grant_page_and_collection_permissions,
    grant_section_page_permissions,
)
from .roles import (
    BOROUGH_ADMINS,
    BOROUGH_GROUPS,
    EDITORS,
)


@dataclass
class StartingPage:
    """A section every borough starts with, directly below its home page (the standard
    information pages and their text are in sites/standard/starting/)."""

    model_path: str
    title: str
    slug: str
    fields: dict = field(default_factory=dict)
    show_in_menus: bool = True


EDITORIAL_WORKFLOW = "Editorial approval"


def starting_pages(borough) -> list[StartingPage]:
    name = borough.name
    return [
        StartingPage(
            "directory.ThingsToDoPage",
            "Things to do",
            "things-to-do",
            {"summary": f"Groups, classes, clubs and activities in {name}."},
        ),
        StartingPage(
            "directory.OrganisationIndexPage",
            "Organisations",
            "organisations",
            {"summary": f"Local groups, charities and services in {name}."},
        ),
        StartingPage(
            "directory.PlaceIndexPage",
            "Places",
            "places",
            {"summary": "Community centres, libraries, parks and cafes where things happen."},
        ),
        StartingPage(
            "community.EventIndexPage",
            "Events",
            "events",
            {"summary": f"What's on in {name}, day by day."},
        ),
        StartingPage(
            "community.GroupIndexPage",
            "Groups",
            "groups",
            {"summary": "Groups set up by members. Join one, or start your own."},
        ),
        StartingPage(
            "community.DiscussionIndexPage",
            "Discussions",
            "discussions",
            {"summary": "Talk with other members about the things you enjoy."},
        ),
    ]


def prepare_template_content() -> None:
    """Runs in the template schema: the groups, with their model permissions."""
    # Wagtail's initial data: a welcome page and a localhost Site. Boroughs get their own.
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    # Nobody's history: every borough would otherwise start with these deletions logged.
    PageLogEntry.objects.all().delete()
    GroupPagePermission.objects.all().delete()
    GroupCollectionPermission.objects.all().delete()

    defaults = all_default_model_permissions()
    for name in BOROUGH_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(defaults[name])
    Group.objects.exclude(name__in=BOROUGH_GROUPS).delete()
    _editorial_workflow()
    ensure_default_interests()
    ensure_default_topics()
    ensure_default_synonyms()


def _editorial_workflow() -> None:
    """Changes by people who cannot publish (organisation managers) go to Editors.

    Wagtail starts every schema with a "Moderators approval" workflow on the root page;
    here the Editors approve listings, so the workflow is renamed and re-pointed.
    """
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage

    task = GroupApprovalTask.objects.order_by("id").first() or GroupApprovalTask.objects.create(
        name=EDITORIAL_WORKFLOW
    )
    task.name = EDITORIAL_WORKFLOW
    task.active = True
    task.save()
    task.groups.set(Group.objects.filter(name__in=[EDITORS, BOROUGH_ADMINS]))
    workflow = Workflow.objects.order_by("id").first() or Workflow.objects.create(
        name=EDITORIAL_WORKFLOW
    )
    workflow.name = EDITORIAL_WORKFLOW
    workflow.active = True
    workflow.save()
    if not workflow.workflow_tasks.filter(task=task).exists():
        workflow.workflow_tasks.create(task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )


def ensure_default_interests() -> None:
    """The starting interest taxonomy; Editors change it afterwards (idempotent)."""
    for order, (name, icon) in enumerate(DEFAULT_INTERESTS):
        Interest.objects.get_or_create(name=name, defaults={"icon": icon, "sort_order": order})


def ensure_default_synonyms() -> int:
    """The starting search synonyms; Editors change them afterwards (idempotent)."""
    return synonyms.ensure_default_synonyms()


def site_name_for(borough) -> str:
    return f"Connect & Do {borough.name}"


def home_page_fields(borough) -> dict[str, str]:
    """The home page's words that name the borough."""
    return {
        "title": site_name_for(borough),
        "introduction": (
            f"Find groups, activities, places and events in {borough.name}, "
            "and meet people who like the same things as you."
        ),
    }


def build_borough_site(
    borough, hostname: str, port: int, team_email: str = "", team_phone: str = ""
) -> Site:
    """Runs in a schema without a site: locale, page tree, Site, page permissions.
    (A launch rewrites the site copied from the template: sites/borough/starting_site.py.)"""
    locale, _ = Locale.objects.get_or_create(language_code=borough.default_language)
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(slug="home", locale=locale, **home_page_fields(borough))
    )
    ensure_starting_pages(home, borough)
    ensure_standard_pages(home, borough, hostname)
    site = Site.objects.create(
        hostname=hostname,
        port=port,
        root_page=home,
        is_default_site=True,
        site_name=site_name_for(borough),
    )
    grant_page_and_collection_permissions(home)
    grant_section_page_permissions(home)
    BrandingSettings.objects.create(
        site=site,
        site_name=site_name_for(borough),
        # The team's own contacts, or none yet: never the first admin's personal address.
        contact_email=team_email,
        contact_phone=team_phone,
    )
    return site


def ensure_starting_pages(home: Page, borough) -> list[Page]:
    """Add whichever starting pages are missing (boroughs launched before a section existed)."""
    from django.apps import apps

    added = []
    existing = set(home.get_children().values_list("slug", flat=True))
    for spec in starting_pages(borough):
        if spec.slug in existing:
            continue
        model = apps.get_model(spec.model_path)
        added.append(
            home.add_child(
                instance=model(
                    title=spec.title,
                    slug=spec.slug,
                    locale=home.locale,
                    show_in_menus=spec.show_in_menus,
                    **spec.fields,
                )
            )
        )
    return added


def create_borough_admin(email: str):
    """The first Borough admin: no password until they follow their invitation link."""
    user_model = get_user_model()
    user = user_model(username=email, email=email, is_active=True, is_staff=False)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=BOROUGH_ADMINS))
    return user
