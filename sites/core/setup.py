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
    Site,
)

BOROUGH_ADMINS = "Borough admins"
EDITORS = "Editors"
MODERATORS = "Moderators"
ORGANISATION_MANAGERS = "Organisation managers"
BOROUGH_GROUPS = [BOROUGH_ADMINS, EDITORS, MODERATORS, ORGANISATION_MANAGERS]

EDITING_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
PAGE_PERMISSIONS = {
    BOROUGH_ADMINS: EDITING_PAGE_PERMISSIONS,
    EDITORS: EDITING_PAGE_PERMISSIONS,
    MODERATORS: ["change_page", "publish_page"],
    # Organisation managers are granted their own organisation's page, nothing above it.
    ORGANISATION_MANAGERS: [],
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
    MODERATORS: ["choose_image", "choose_document"],
    ORGANISATION_MANAGERS: ["add_image", "choose_image"],
}
# Model permissions besides admin access; Borough admins get every permission there is.
MODEL_PERMISSIONS = {
    EDITORS: [("wagtailredirects", "add_redirect"), ("wagtailredirects", "change_redirect")],
    MODERATORS: [],
    ORGANISATION_MANAGERS: [],
}
# Never handed to anyone through a group.
EXCLUDED_APPS = ["contenttypes", "sessions"]


@dataclass
class StartingPage:
    """A page every borough starts with, directly below its home page."""

    model_path: str
    title: str
    slug: str
    fields: dict = field(default_factory=dict)
    show_in_menus: bool = True


def starting_pages(borough) -> list[StartingPage]:
    name = borough.name
    return [
        StartingPage(
            "standard.StandardPage",
            "About Connect & Do",
            "about",
            {"summary": f"Connect & Do {name} helps people find things to do and people to meet."},
        ),
        StartingPage(
            "standard.StandardPage",
            "Accessibility statement",
            "accessibility",
            {"summary": "How we make this website easy to use, and how to tell us if it is not."},
            show_in_menus=False,
        ),
        StartingPage(
            "standard.StandardPage",
            "Privacy",
            "privacy",
            {"summary": "What we keep about you, why, and how to ask us to delete it."},
            show_in_menus=False,
        ),
    ]


def _permission(codename: str, app_label: str | None = None) -> Permission:
    query = Permission.objects.filter(codename=codename)
    if app_label:
        query = query.filter(content_type__app_label=app_label)
    return query.get()


def prepare_template_content() -> None:
    """Runs in the template schema: the groups, with their model permissions."""
    # Wagtail's initial data: a welcome page and a localhost Site. Boroughs get their own.
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    GroupPagePermission.objects.all().delete()
    GroupCollectionPermission.objects.all().delete()

    access_admin = _permission("access_admin", "wagtailadmin")
    every_permission = Permission.objects.exclude(content_type__app_label__in=EXCLUDED_APPS)
    for name in BOROUGH_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        if name == BOROUGH_ADMINS:
            group.permissions.set(every_permission)
        else:
            extra = [_permission(codename, app) for app, codename in MODEL_PERMISSIONS[name]]
            group.permissions.set([access_admin, *extra])
    Group.objects.exclude(name__in=BOROUGH_GROUPS).delete()


def build_borough_site(borough, hostname: str, port: int) -> Site:
    """Runs in the new borough's schema: locale, page tree, Site, page permissions."""
    from django.apps import apps

    from sites.core.models import BrandingSettings
    from sites.home.models import HomePage

    locale, _ = Locale.objects.get_or_create(language_code=borough.default_language)
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title=f"Connect & Do {borough.name}",
            slug="home",
            locale=locale,
            introduction=(
                f"Find groups, activities, places and events in {borough.name}, "
                "and meet people who like the same things as you."
            ),
        )
    )
    for spec in starting_pages(borough):
        model = apps.get_model(spec.model_path)
        home.add_child(
            instance=model(
                title=spec.title,
                slug=spec.slug,
                locale=locale,
                show_in_menus=spec.show_in_menus,
                **spec.fields,
            )
        )
    site = Site.objects.create(
        hostname=hostname,
        port=port,
        root_page=home,
        is_default_site=True,
        site_name=f"Connect & Do {borough.name}",
    )
    _grant_page_and_collection_permissions(home)
    BrandingSettings.objects.create(
        site=site, site_name=f"Connect & Do {borough.name}", contact_email=borough.contact_email
    )
    return site


def _grant_page_and_collection_permissions(home: Page) -> None:
    root_collection = Collection.get_first_root_node()
    for name in BOROUGH_GROUPS:
        group = Group.objects.get(name=name)
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.create(
                group=group, page=home, permission=_permission(codename, "wagtailcore")
            )
        for codename in COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.create(
                group=group, collection=root_collection, permission=_permission(codename)
            )


def create_borough_admin(email: str):
    """The first Borough admin: no password until they follow their invitation link."""
    user_model = get_user_model()
    user = user_model(username=email, email=email, is_active=True, is_staff=False)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=BOROUGH_ADMINS))
    return user


def borough_admins():
    return get_user_model().objects.filter(Q(groups__name=BOROUGH_ADMINS) | Q(is_superuser=True))
