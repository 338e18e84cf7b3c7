"""Organisations manage their own listings.

Each organisation with managers has a group of its own, "Organisation: <title> (#<id>)",
holding ``add_page`` and ``change_page`` on that OrganisationPage only (so its managers
edit it and its activities, and add activities) but never ``publish_page``: every change
they make goes through the "Editorial approval" workflow to the Editors. The group also
owns an image collection of the same name, so their logos and photos stay together.

Members are also put in the borough-wide "Organisation managers" group, which gives
admin access and nothing else.

A place that only one organisation uses (its live page lists it, or its live activities
meet there) is that organisation's to keep right: its group also holds ``change_page``
on that place alone (never ``publish_page``), so a group meeting in someone's home can
tick "hide the street address" itself, through the same approval. A place another
organisation uses too (a library, a hall) stays the Editors' alone. ``share_places``
brings the grants in line; it runs whenever a listing or a place is published or
unpublished (apps.py) and when access is granted.

Organisation managers may also add a place (``add_page`` on the places section, granted
to the borough-wide group: sites/core/permissions.py). The new place is a draft, sent to
the Editors like the rest; ``keep_new_place`` gives its maker's organisation group
``change_page`` on it, which ``share_places`` keeps while it is not live and no other
organisation uses it. Wagtail lets a page's owner edit it for as long as they may add
pages beside it, whoever uses it later: so the place has no owner, and only the grants
decide (its history still says who added it).
"""

import threading

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from sites.core.roles import ORGANISATION_MANAGERS

from ..models import ActivityPage, OrganisationPage, PlacePage

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
    share_places()
    return group


def _change_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")


def organisation_groups_of(user):
    """The organisation groups ``user`` is in."""
    return user.groups.filter(
        name__startswith=GROUP_PREFIX,
        page_permissions__page__in=Page.objects.type(OrganisationPage),
    ).distinct()


@transaction.atomic
def keep_new_place(place, user) -> list[Group]:
    """A place ``user`` (an organisation manager) has just added: the groups of the
    organisations they manage may change it while it waits for approval; no owner
    (module docstring). Returns those groups."""
    groups = list(organisation_groups_of(user))
    change = _change_permission()
    for group in groups:
        GroupPagePermission.objects.get_or_create(group=group, page=place, permission=change)
    Page.objects.filter(pk=place.pk).update(owner=None)
    place.owner = None
    return groups


def _users_of_places() -> dict[int, set]:
    """Each place's id: the live organisations that use it (listed on the organisation's
    page, or where one of its live activities meets), each known by its translation key
    (an organisation and its translations are one organisation)."""
    organisations = Page.objects.type(OrganisationPage).live()
    key_of = dict(organisations.values_list("pk", "translation_key"))
    key_at = dict(organisations.values_list("path", "translation_key"))
    users: dict[int, set] = {}
    listed = OrganisationPage.places.through.objects.filter(organisationpage__live=True)
    for organisation_id, place_id in listed.values_list("organisationpage_id", "placepage_id"):
        if organisation_id in key_of:
            users.setdefault(place_id, set()).add(key_of[organisation_id])
    activities = ActivityPage.objects.live().filter(place__isnull=False)
    for path, place_id in activities.values_list("path", "place_id"):
        key = key_at.get(path[: -Page.steplen])
        if key is not None:
            users.setdefault(place_id, set()).add(key)
    return users


@transaction.atomic
def share_places() -> int:
    """Give each organisation's group ``change_page`` on the places it alone uses, keep
    it on a place one of its managers added while that is not live and nobody else uses
    it, and take it back from every other place. Returns how many grants changed."""
    change = _change_permission()
    ours = GroupPagePermission.objects.filter(
        group__name__startswith=GROUP_PREFIX, permission=change
    )
    organisation_grants = ours.filter(page__in=Page.objects.type(OrganisationPage))
    group_of = dict(organisation_grants.values_list("page__translation_key", "group_id"))
    users = _users_of_places()
    wanted = set()
    for place_id, keys in users.items():
        if len(keys) == 1 and (group_id := group_of.get(next(iter(keys)))):
            wanted.add((group_id, place_id))
    held = ours.filter(page__in=Page.objects.type(PlacePage))
    had = set(held.values_list("group_id", "page_id"))
    key_of_group = {group_id: key for key, group_id in group_of.items()}
    for group_id, place_id in held.filter(page__live=False).values_list("group_id", "page_id"):
        if users.get(place_id, set()) <= {key_of_group.get(group_id)}:
            wanted.add((group_id, place_id))  # not live yet, and theirs alone
    removed = 0
    for group_id, page_id in had - wanted:
        removed += held.filter(group_id=group_id, page_id=page_id).delete()[0]
    # Two publishes at once may both add a grant: the second is already there.
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group_id=group_id, page_id=page_id, permission=change)
            for group_id, page_id in wanted - had
        ],
        ignore_conflicts=True,
    )
    return removed + len(wanted - had)


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


def listing_published_or_unpublished(sender, **kwargs) -> None:
    """Receives Wagtail's page_published and page_unpublished, and post_delete, for
    organisations and activities (connected in apps.py): which places each organisation
    alone uses may have changed. Worked out when the transaction commits, and once for
    all the listings it published: a spreadsheet import that publishes a thousand rows in
    one works it out once, and a deleted organisation (unpublished just before it goes) is
    gone by then."""
    _places_to_share.due = True
    transaction.on_commit(_share_places_once)


# Set by each publish; the first callback of a commit clears it and does the work.
_places_to_share = threading.local()


def _share_places_once() -> None:
    if getattr(_places_to_share, "due", False):
        _places_to_share.due = False
        share_places()
