"""Asking to join a members-only group, and its organisers' answers.

Anyone may join a public group at once. A members-only group's discussion and events
are for its members, so there "Join" becomes "Ask to join": a ``GroupJoinRequest``
waits until one of the group's organisers says yes (the member joins, the request is
deleted) or no (the request is kept, declined, so the organisers are not asked again for
``ASK_AGAIN_AFTER``). The member can withdraw a waiting request. Both sides are emailed
(the ``join-requests`` notification, which each member can turn off).

A request is never a membership: ``is_member``, ``readable_group_ids``, the member list
and count, feeds and event audiences only ever ask ``GroupMembership``.

Blocking: a request from a member whom an organiser of the group has blocked (or who
has blocked an organiser) is shown to no organiser and emailed to nobody. It simply
waits, and the member can withdraw it: nobody is told that they were blocked.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.community.groups.links import group_url, groups_url
from sites.community.models import Block, GroupJoinRequest, GroupMembership
from sites.core.ratelimit import limit

from . import moderation, notifications
from .accounts import ASK_TO_JOIN, why_cannot_post
from .groups import APPROVED, ORGANISER, GroupError, is_member, is_organiser, join_group
from .language import in_language_of

WAITING = GroupJoinRequest.Status.WAITING
DECLINED = GroupJoinRequest.Status.DECLINED
# After an organiser says no, the member may ask the same group again after this long.
ASK_AGAIN_AFTER = datetime.timedelta(days=14)
ANSWERED_ALREADY = gettext_lazy("This request has been answered already, or was withdrawn.")


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "j E Y")


# --- Reading ---------------------------------------------------------------------------------


def request_of(user, group) -> GroupJoinRequest | None:
    """``user``'s request to join ``group`` (waiting or declined), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return GroupJoinRequest.objects.filter(group=group, member=user).first()


def ask_again_from(join_request: GroupJoinRequest) -> datetime.datetime | None:
    """When a declined member may ask again (None for a waiting request)."""
    if join_request.status != DECLINED or join_request.decided_at is None:
        return None
    return join_request.decided_at + ASK_AGAIN_AFTER


def cannot_ask_until(join_request: GroupJoinRequest | None) -> datetime.datetime | None:
    """When a member whose request was declined lately may ask again; None if they may now."""
    again = ask_again_from(join_request) if join_request is not None else None
    return again if again is not None and timezone.now() < again else None


def _organiser_ids(group):
    return GroupMembership.objects.filter(group=group, role=ORGANISER).values("member_id")


def waiting_requests(group) -> QuerySet:
    """Waiting requests the group's organisers see, oldest first.

    Left out: closed accounts, and members blocked by (or blocking) any organiser.
    """
    organisers = _organiser_ids(group)
    return (
        GroupJoinRequest.objects.filter(group=group, status=WAITING, member__is_active=True)
        .exclude(member_id__in=Block.objects.filter(blocker_id__in=organisers).values("blocked_id"))
        .exclude(member_id__in=Block.objects.filter(blocked_id__in=organisers).values("blocker_id"))
        .select_related("member__member_profile")
        .order_by("asked_at", "pk")
    )


# --- Asking and withdrawing ---------------------------------------------------------------


def join_or_ask(user, group, *, borough=None) -> GroupMembership | GroupJoinRequest:
    """What "Join" on a group page does: a public group is joined at once; a members-only
    group gets a request for its organisers. Raises GroupError or RateLimited."""
    if group.is_members_only:
        return ask_to_join(user, group, borough=borough)
    return join_group(user, group)


def ask_to_join(user, group, *, borough=None) -> GroupJoinRequest:
    """Ask to join a members-only group. Asking again while waiting changes nothing.

    Needs a confirmed, unpaused account (as posting does). Raises GroupError, or
    RateLimited (nothing is saved then).
    """
    problem = why_cannot_post(user, ASK_TO_JOIN)
    if problem:
        raise GroupError(problem)
    if group.status != APPROVED:
        raise GroupError(_("You can ask to join this group once it is approved."))
    if not group.is_members_only:
        raise GroupError(_("Anyone can join this group. Press “Join” on the group's page."))
    if is_member(user, group):
        raise GroupError(_("You are already a member of this group."))
    try:
        with transaction.atomic():
            found, asked = _ask(user, group)
    except IntegrityError:
        # The same member asked twice at the same moment: the other request stands.
        return GroupJoinRequest.objects.get(group=group, member=user)
    if asked:
        _tell_organisers(found, borough)
    return found


def _ask(user, group) -> tuple[GroupJoinRequest, bool]:
    found = GroupJoinRequest.objects.select_for_update().filter(group=group, member=user).first()
    if found is not None and found.status == WAITING:
        return found, False
    again = cannot_ask_until(found)
    if again is not None:
        raise GroupError(
            _("An organiser said no to your request on %(day)s. You can ask again from %(again)s.")
            % {"day": _day(found.decided_at), "again": _day(again)}
        )
    limit("ask-to-join", user.pk)
    if found is None:
        return GroupJoinRequest.objects.create(group=group, member=user), True
    found.status, found.asked_at = WAITING, timezone.now()
    found.decided_at, found.decided_by = None, None
    found.save(update_fields=["status", "asked_at", "decided_at", "decided_by"])
    return found, True


def withdraw_join_request(user, group) -> bool:
    """Withdraw my waiting request. True if there was one."""
    if not getattr(user, "is_authenticated", False):
        return False
    deleted, _ = GroupJoinRequest.objects.filter(group=group, member=user, status=WAITING).delete()
    return bool(deleted)


# --- Organisers' answers --------------------------------------------------------------------


def answer_join_request(by, group, request_id, *, approve: bool, borough=None) -> GroupJoinRequest:
    """An organiser says yes (the member joins) or no to a waiting request.

    Raises PermissionDenied (not an organiser) or GroupError (no such waiting request:
    answered, withdrawn, or one they may not see). The member is emailed the answer.
    """
    if not is_organiser(by, group):
        raise PermissionDenied(_("Only the group's organisers can answer requests to join."))
    with transaction.atomic():
        found = (
            GroupJoinRequest.objects.select_for_update()
            .filter(pk__in=waiting_requests(group).filter(pk=request_id).values("pk"))
            .select_related("member")
            .first()
        )
        if found is None:
            raise GroupError(ANSWERED_ALREADY)
        if approve:
            GroupMembership.objects.get_or_create(group=group, member=found.member)
            found.delete()
        else:
            found.status, found.decided_at, found.decided_by = DECLINED, timezone.now(), by
            found.save(update_fields=["status", "decided_at", "decided_by"])
    _tell_member(found, approve, borough)
    return found


# --- Emails ------------------------------------------------------------------------------------


def _tell_organisers(join_request: GroupJoinRequest, borough) -> int:
    """Email the organisers who want it that someone asked. Returns how many were emailed."""
    group = join_request.group
    if not waiting_requests(group).filter(pk=join_request.pk).exists():
        return 0  # blocked either way: no organiser sees it
    name = moderation.display_name(join_request.member)
    sent = 0
    for organiser in GroupMembership.objects.filter(group=group, role=ORGANISER).select_related(
        "member"
    ):
        with in_language_of(organiser.member):  # the link too: /so/… only for a Somali reader
            link = notifications.absolute_url(borough, group_url(group, "requests"))
            words = {"name": name, "group": group.name}
            sent += notifications.notify(
                borough,
                organiser.member,
                "join-requests",
                _("Someone asked to join %(group)s") % words,
                _(
                    "%(name)s asked to join your group “%(group)s”. Only members can read the "
                    "group's discussion and see its events, so an organiser needs to say yes or no."
                )
                % words
                + "\n\n"
                + _("See the request and answer it:")
                + f"\n{link}",
            )
    return sent


def _tell_member(join_request: GroupJoinRequest, approved: bool, borough) -> bool:
    with in_language_of(join_request.member):
        subject, body = _answer_words(join_request, approved, borough)
        return notifications.notify(borough, join_request.member, "join-requests", subject, body)


def _answer_words(join_request: GroupJoinRequest, approved: bool, borough) -> tuple[str, str]:
    group = join_request.group
    words = {"group": group.name}
    if approved:
        subject = _("You are now a member of %(group)s") % words
        body = (
            _(
                "Good news: an organiser of “%(group)s” said yes to your request to join. "
                "You can now read the group's discussion, see its events and take part."
            )
            % words
            + "\n\n"
            + _("See the group:")
            + f"\n{notifications.absolute_url(borough, group_url(group))}"
        )
    else:
        subject = _("Your request to join %(group)s") % words
        words["day"] = _day(ask_again_from(join_request))
        body = (
            _(
                "An organiser of “%(group)s” has said no to your request to join the group. "
                "This can happen when a group is full, or is for particular people."
            )
            % words
            + "\n\n"
            + _("You can ask again from %(day)s. There are other groups you can join:") % words
            + f"\n{notifications.absolute_url(borough, groups_url())}"
        )
    return subject, body
