"""What every borough site starts with: groups, permissions, page tree, branding.

``prepare_template_content`` runs once in the template schema (everything that is the
same in every borough); ``build_borough_site`` runs inside each new borough's schema
during launch (everything that depends on the borough).
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from wagtail.models import (
    Collection,
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

from .roles import (  # re-exported: older callers import the names from here
    BOROUGH_ADMINS,
    BOROUGH_GROUPS,
    COACHES,
    CONNECTING_TEAM_LEADS,
    EDITORS,
    MODERATORS,
    ORGANISATION_MANAGERS,
    SAFEGUARDING_LEAD,
)

EDITING_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
# Who may do what in the Wagtail admin: docs/roles.md (the matrix).
PAGE_PERMISSIONS = {
    BOROUGH_ADMINS: EDITING_PAGE_PERMISSIONS,
    EDITORS: EDITING_PAGE_PERMISSIONS,
    # Moderation is of members' posts, reports and events (plain models, not pages).
    MODERATORS: [],
    # Organisation managers are granted their own organisation's page, nothing above it.
    ORGANISATION_MANAGERS: [],
    SAFEGUARDING_LEAD: [],
    CONNECTING_TEAM_LEADS: [],
    COACHES: [],
}
MEDIA_PERMISSIONS = [
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
]
COLLECTION_PERMISSIONS = {
    BOROUGH_ADMINS: [*MEDIA_PERMISSIONS, "delete_image", "delete_document"],
    EDITORS: MEDIA_PERMISSIONS,
    MODERATORS: [],
    ORGANISATION_MANAGERS: ["add_image", "choose_image"],
    SAFEGUARDING_LEAD: [],
    CONNECTING_TEAM_LEADS: [],
    COACHES: [],
}
# Groups whose page and media permissions are exactly the defaults above: what else they
# hold (such as the editing rights Moderators had before) refresh_borough_defaults removes.
EXACT_PAGE_AND_MEDIA_GROUPS = [MODERATORS]
# Model permissions besides admin access; Borough admins get every permission there is.
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        # Reports from "Report a problem with this listing" (Directory menu).
        ("directory", "view_listingreport"),
        ("directory", "change_listingreport"),
        # Everyday words for the search box (Settings → Search synonyms).
        ("borough_search", "view_searchsynonym"),
        ("borough_search", "add_searchsynonym"),
        ("borough_search", "change_searchsynonym"),
        ("borough_search", "delete_searchsynonym"),
        # Reports → Unmet search needs, and how long search words are kept.
        ("borough_search", "view_searchdemand"),
        ("borough_search", "change_searchsettings"),
        # Translate pages with wagtail-localize (docs/translating-content.md).
        ("wagtail_localize", "submit_translation"),
    ],
    MODERATORS: [],
    ORGANISATION_MANAGERS: [],
    SAFEGUARDING_LEAD: [],
    CONNECTING_TEAM_LEADS: [
        ("connecting", "view_referral"),
        ("connecting", "change_referral"),
        ("connecting", "change_connectingsettings"),
        ("connecting", "view_impact_report"),
        # Which records they see is decided by sites/connecting/access.py, not these.
        ("connecting", "view_participant"),
        ("connecting", "change_participant"),
    ],
    COACHES: [
        ("connecting", "view_referral"),
        ("connecting", "change_referral"),
        ("connecting", "view_participant"),
        ("connecting", "change_participant"),
    ],
}
# Never handed to anyone through a group.
EXCLUDED_APPS = ["contenttypes", "sessions"]
# People's personal and health details: not even Borough admins get these by default, only
# the groups named above (an admin who needs them joins the team lead group, on purpose).
PRIVATE_MODELS = [
    ("connecting", model)
    for model in (
        "referral",
        "participant",
        "communicationneeds",
        "meeting",
        "contact",
        "goal",
        "activitytried",
        "outcome",
        "wellbeingresponse",
        "followupanswers",
        "questionnairelink",
        "participantauditentry",
    )
]


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


def permissions_by_key(keys) -> dict[tuple[str | None, str], Permission]:
    """Each (app_label, codename) its Permission, in one query; an app_label of None
    matches the codename in any app (exactly one, as ``.get()`` would insist)."""
    keys = set(keys)
    found: dict[tuple[str | None, str], list[Permission]] = {}
    rows = Permission.objects.filter(codename__in={codename for _, codename in keys})
    for permission in rows.select_related("content_type"):
        for app_label in (permission.content_type.app_label, None):
            found.setdefault((app_label, permission.codename), []).append(permission)
    missing = [key for key in keys if len(found.get(key, [])) != 1]
    if missing:
        raise Permission.DoesNotExist(f"No single permission for {sorted(map(str, missing))}")
    return {key: found[key][0] for key in keys}


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


def default_model_permissions(group_name: str) -> list[Permission]:
    return all_default_model_permissions([group_name])[group_name]


def all_default_model_permissions(names=BOROUGH_GROUPS) -> dict[str, list[Permission]]:
    """Each group's default model permissions, in two queries for all of them."""
    keys = {("wagtailadmin", "access_admin")}
    keys.update(*(MODEL_PERMISSIONS[name] for name in names if name != BOROUGH_ADMINS))
    by_key = permissions_by_key(keys)
    defaults = {}
    for name in names:
        if name == BOROUGH_ADMINS:
            private = Q()
            for app_label, model in PRIVATE_MODELS:
                private |= Q(content_type__app_label=app_label, content_type__model=model)
            defaults[name] = list(
                Permission.objects.exclude(content_type__app_label__in=EXCLUDED_APPS).exclude(
                    private
                )
            )
        else:
            keys = [("wagtailadmin", "access_admin"), *MODEL_PERMISSIONS[name]]
            defaults[name] = [by_key[key] for key in keys]
    return defaults


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


def grant_page_and_collection_permissions(home: Page) -> int:
    """Grant each group its page and collection permissions; returns how many were missing.
    Reads what is granted in a few queries and writes only what is missing."""
    root_collection = Collection.get_first_root_node()
    by_key = permissions_by_key(
        [("wagtailcore", codename) for names in PAGE_PERMISSIONS.values() for codename in names]
        + [(None, codename) for names in COLLECTION_PERMISSIONS.values() for codename in names]
    )
    groups = Group.objects.in_bulk(BOROUGH_GROUPS, field_name="name")
    missing_group = set(BOROUGH_GROUPS) - set(groups)
    if missing_group:
        raise Group.DoesNotExist(f"No group {sorted(missing_group)}")
    on_home = set(
        GroupPagePermission.objects.filter(page=home).values_list("group_id", "permission_id")
    )
    on_root = set(
        GroupCollectionPermission.objects.filter(collection=root_collection).values_list(
            "group_id", "permission_id"
        )
    )
    added = 0
    for name in BOROUGH_GROUPS:
        group = groups[name]
        for codename in PAGE_PERMISSIONS[name]:
            permission = by_key[("wagtailcore", codename)]
            if (group.pk, permission.pk) not in on_home:
                GroupPagePermission.objects.create(group=group, page=home, permission=permission)
                added += 1
        for codename in COLLECTION_PERMISSIONS[name]:
            permission = by_key[(None, codename)]
            if (group.pk, permission.pk) not in on_root:
                GroupCollectionPermission.objects.create(
                    group=group, collection=root_collection, permission=permission
                )
                added += 1
    return added


def grant_on_translated_home(sender, source_obj=None, target_obj=None, **kwargs) -> None:
    """A translated home page (wagtail-localize) sits beside the English one, outside the
    permissions granted above: give each group the same on it, so Editors (not only
    superusers) can edit and publish the translated tree. Connected in apps.py."""
    if getattr(target_obj, "depth", None) == 2:
        grant_page_and_collection_permissions(target_obj)


def remove_excess_permissions() -> int:
    """Page and media permissions of EXACT_PAGE_AND_MEDIA_GROUPS beyond their defaults."""
    removed = 0
    for name in EXACT_PAGE_AND_MEDIA_GROUPS:
        pages = GroupPagePermission.objects.filter(group__name=name).exclude(
            permission__codename__in=PAGE_PERMISSIONS[name],
            page__depth=2,  # the home page, where the defaults are granted
        )
        collections = GroupCollectionPermission.objects.filter(group__name=name).exclude(
            permission__codename__in=COLLECTION_PERMISSIONS[name], collection__depth=1
        )
        removed += pages.delete()[0] + collections.delete()[0]
    return removed


def create_borough_admin(email: str):
    """The first Borough admin: no password until they follow their invitation link."""
    user_model = get_user_model()
    user = user_model(username=email, email=email, is_active=True, is_staff=False)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=BOROUGH_ADMINS))
    return user
