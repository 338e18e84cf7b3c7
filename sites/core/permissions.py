"""Who may do what in a borough's Wagtail admin, by group: the defaults every borough
starts with (docs/roles.md has the matrix), and granting or trimming them.

``prepare_template_content`` (setup.py) gives the template its groups' model
permissions; launch and ``refresh_borough_defaults`` grant the page and media ones on
each borough's home page and root collection.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from .roles import (
    BOROUGH_ADMINS,
    BOROUGH_GROUPS,
    COACHES,
    COMMISSIONERS,
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
    COMMISSIONERS: [],
}
# Page permissions on one section below the home page, named by its page type (core
# imports no app): Organisation managers add places (a group's new meeting place), which
# an Editor approves like every change of theirs; what they may then edit is worked out
# in sites/directory/services/organisation_access.py.
SECTION_PAGE_PERMISSIONS = {
    ORGANISATION_MANAGERS: {"directory.placeindexpage": ["add_page"]},
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
    COMMISSIONERS: [],
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
    # The impact report (page, print and CSV): aggregates with small numbers hidden.
    # Nothing about a person, no pages, media, users or settings.
    COMMISSIONERS: [("connecting", "view_impact_report")],
}
# Never handed to anyone through a group.
EXCLUDED_APPS = ["contenttypes", "sessions"]
# The platform's, not the borough's: a borough's web address is set at launch and in the
# console, and a Borough admin who changed its Wagtail Site would take the borough offline.
PLATFORM_MODELS = [("wagtailcore", "site")]
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
            for app_label, model in PRIVATE_MODELS + PLATFORM_MODELS:
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


def grant_section_page_permissions(home: Page) -> int:
    """Grant SECTION_PAGE_PERMISSIONS on the sections below ``home`` (the borough's own
    language: translations are the Editors'); returns how many were missing. A section
    not there yet is granted when the refresh has added it."""
    added = 0
    for name, sections in SECTION_PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        for model_path, codenames in sections.items():
            content_type = ContentType.objects.get_by_natural_key(*model_path.split("."))
            for section in Page.objects.child_of(home).filter(content_type=content_type):
                for codename in codenames:
                    _, created = GroupPagePermission.objects.get_or_create(
                        group=group,
                        page=section,
                        permission=Permission.objects.get(
                            content_type__app_label="wagtailcore", codename=codename
                        ),
                    )
                    added += created
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
