"""Hide street address now: for a place the edit form will not save.

Wagtail locks a place while a change to it is scheduled to go live (for everyone), while
a change waits for review (for everyone but its reviewers: organisation managers), and
while someone else holds its lock. Hiding someone's home must not wait for any of them,
so anyone who may edit the place can hide its street at once (docs/homes.md). For the
place in every language (its translations share a ``translation_key``), in one
transaction with their rows locked in one order:

- a change scheduled to go live that shows the street: if it is the latest version, it
  is scheduled again for the same time as a new version with the street hidden (the
  Editor's words and time kept); an older one (or one already due) is cancelled, as
  Wagtail's "Cancel scheduled publish" does, so it never goes live on its own;
- the latest version, if it shows the street, is saved again with it hidden, by the
  user: a review's approval publishes the latest version, and the next edit starts from
  it;
- the live pages (and their aliases) hide it at once (``hide_live_pages``).

A version made before the hide that still goes live (a schedule being published as the
hide commits) is hidden again by ``home_published``; an edit form opened before the hide,
or a revert to a version from before it, cannot untick it unseen
(``unticks_a_hide_made_since``).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..homes import is_home
from ..models import PlacePage
from .homes import hidden_since, hide_live_pages, same_place


@dataclass(frozen=True)
class HiddenNow:
    """What ``hide_home_now`` did to the change that was scheduled to go live showing
    the street: when it was for, and whether it still goes live then (with the street
    hidden) or was cancelled."""

    scheduled_for: datetime.datetime | None = None
    still_scheduled: bool = False


def scheduled_showing_street(page):
    """The version of ``page`` scheduled to go live, if it would show the street."""
    scheduled = page.scheduled_revision
    return scheduled if scheduled is not None and not is_home(scheduled.as_object()) else None


def keeps_its_time(page, scheduled) -> bool:
    """Whether ``scheduled``, a change to ``page`` scheduled to go live, is scheduled
    again for its own time with the street hidden: it is the latest version and its time
    is still to come. An older one, or one already due, is cancelled."""
    return (
        scheduled is not None
        and scheduled.pk == page.latest_revision_id
        and scheduled.approved_go_live_at > timezone.now()
    )


def _shows_street(page) -> bool:
    """Whether ``page`` shows its street now, or may when something goes live: its live
    row, its latest version (a review publishes it) or a scheduled one."""
    if page.live and not is_home(page):
        return True
    return not is_home(page.get_latest_revision_as_object()) or bool(scheduled_showing_street(page))


def _pages_of(place) -> list:
    """The place in every language, not its aliases (Wagtail refuses versions of an
    alias: it copies its original)."""
    return list(
        PlacePage.objects.filter(pk__in=same_place(place), alias_of__isnull=True).order_by("pk")
    )


def may_hide_now(place, user) -> bool:
    """Whether ``user`` may hide the street of ``place`` now: it is a place (not an
    alias), they may edit it, locked or not, and in some language it shows the street
    or may."""
    return (
        isinstance(place, PlacePage)
        and place.alias_of_id is None
        and place.permissions_for_user(user).can_edit()
        and any(_shows_street(page) for page in _pages_of(place))
    )


def hide_home_now(place, user) -> HiddenNow | None:
    """Hide the street of ``place`` now (module docstring). None, and nothing changed, if
    ``user`` may not (``may_hide_now``, asked again once the rows are locked)."""
    with transaction.atomic():
        locked = list(
            PlacePage.objects.select_for_update().filter(pk__in=same_place(place)).order_by("pk")
        )
        place = next((page for page in locked if page.pk == place.pk), None)
        if place is None or not may_hide_now(place, user):
            return None
        # The clicked page's schedule first: it is the one the user was shown.
        pages = sorted(_pages_of(place), key=lambda page: page.pk != place.pk)
        schedules = [_hide_in_versions(page, user) for page in pages]
        when, still = next((found for found in schedules if found[0]), (None, False))
        hide_live_pages(place, user, None)
        return HiddenNow(when, still)


def _hide_in_versions(page, user) -> tuple[datetime.datetime | None, bool]:
    """Hide the street in the versions of ``page`` that may still go live. Returns when
    a change showing it was scheduled for, and whether it is still scheduled."""
    scheduled = scheduled_showing_street(page)
    reschedule = keeps_its_time(page, scheduled)
    when = scheduled.approved_go_live_at if scheduled is not None else None
    if scheduled is not None:
        scheduled.approved_go_live_at = None
        scheduled.save(user=user, update_fields=["approved_go_live_at"])  # logged
    version = page.get_latest_revision_as_object()
    if is_home(version):
        return when, False
    version.hide_street_address = True
    if reschedule:
        version.go_live_at = when
    revision = version.save_revision(user=user, log_action=True, clean=False)
    if not reschedule:
        return when, False
    # The Editor's scheduled words, with the street hidden, for the same time. A place
    # not live yet is checked as it is written to its row: if that fails, the change
    # stays cancelled (an Editor schedules it again) and the hide still holds.
    try:
        with transaction.atomic():
            revision.publish(user=user, skip_permission_checks=True)
    except ValidationError:
        return when, False
    return when, True


def unticks_a_hide_made_since(page, data, user, reverting_to=None) -> bool:
    """Whether ``data``, an edit form of ``page`` posted by ``user`` with "Hide street
    address" unticked, was loaded from a version that showed the street, and someone
    else has hidden it at once since (``hidden_since``), and it is hidden now: the box
    was not unticked as a decision to show the street. ``reverting_to``: the version a
    revert form was loaded from (Wagtail posts the latest version as the one loaded).
    Wagtail itself refuses only an out-of-date autosave."""
    if not isinstance(page, PlacePage) or data.get("hide_street_address"):
        return False
    try:
        loaded_id = int(str(reverting_to or data.get("loaded_revision_id", "")))
    except ValueError:
        return False
    loaded = page.revisions.filter(pk=loaded_id).first()
    if loaded is None or is_home(loaded.as_object()):
        return False
    live = PlacePage.objects.filter(pk=page.pk).first()
    hidden_now = is_home(live) or is_home(page.get_latest_revision_as_object())
    return hidden_now and hidden_since(page, loaded, other_than=user)
