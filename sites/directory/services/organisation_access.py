"""Organisations manage their own listings.

Each organisation with managers has a group of its own, "Organisation: <title> (#<id>)",
holding ``add_page`` and ``change_page`` on that OrganisationPage only (so its managers
edit it and its activities, and add activities) but never ``publish_page``: every change
they make goes through the "Editorial approval" workflow to the Editors. The group also
owns an image collection of the same name, so their logos and photos stay together.

Members are also put in the borough-wide "Organisation managers" group, which gives
admin access and nothing else.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from sites.core.roles import ORGANISATION_MANAGERS

GROUP_PREFIX = "Organisation: "
PAGE_PERMISSIONS = ["add_page", "change_page"]
COLLECTION_PERMISSIONS = ["add_image", "change_image", "choose_image"]
GROUP_NAME_MAX = 150


def organisation_group_name(organisation_page) -> str:
    suffix = f" (#{organisation_page.pk})"
    room = GROUP_NAME_MAX - len(GROUP_PREFIX) - len(suffix)
    return f"{GROUP_PREFIX}{organisation_page.title[:room]}{suffix}"


def organisation_group(organisation_page) -> Group | None:
    """The organisation's own group, found by its page permission (survives renames)."""
    return (
        Group.objects.filter(
            name__startswith=GROUP_PREFIX, page_permissions__page=organisation_page
        )
        .distinct()
        .first()
    )


def _ensure_organisation_group(organisation_page) -> Group:
    group = organisation_group(organisation_page)
    name = organisation_group_name(organisation_page)
    if group is None:
        group, _ = Group.objects.get_or_create(name=name)
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=organisation_page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    collection = _ensure_collection(group, name)
    for codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            ),
        )
    return group


def _ensure_collection(group: Group, name: str) -> Collection:
    existing = GroupCollectionPermission.objects.filter(group=group).first()
    if existing:
        collection = existing.collection
        if collection.name != name:
            collection.name = name
            collection.save(update_fields=["name"])
        return collection
    return Collection.get_first_root_node().add_child(name=name)


@transaction.atomic
def grant_organisation_access(organisation_page, user) -> Group:
    """Let ``user`` edit this organisation's page and activities (changes need approval)."""
    group = _ensure_organisation_group(organisation_page)
    user.groups.add(group, Group.objects.get(name=ORGANISATION_MANAGERS))
    return group


@transaction.atomic
def revoke_organisation_access(organisation_page, user) -> None:
    """Take the organisation away from ``user``; other organisations they manage stay."""
    group = organisation_group(organisation_page)
    if group is not None:
        user.groups.remove(group)
    if not user.groups.filter(name__startswith=GROUP_PREFIX).exists():
        user.groups.remove(*Group.objects.filter(name=ORGANISATION_MANAGERS))


def organisation_managers(organisation_page):
    """Active users who manage this organisation."""
    group = organisation_group(organisation_page)
    if group is None:
        return get_user_model().objects.none()
    return group.user_set.filter(is_active=True)
