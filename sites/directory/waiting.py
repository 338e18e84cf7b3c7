"""What waits for Editors and organisation managers in the admin (counts for the
dashboard's "Waiting for you" panel and the Directory menu; see ``sites/core/waiting.py``)."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import GroupPagePermission, Page, WorkflowState

from sites.core.waiting import WaitingRow

from .admin_views import is_directory_editor
from .models import ListingReport, OrganisationJoinRequest
from .services.freshness import stale_listing_count


def organisation_requests_count(request=None) -> int:
    return OrganisationJoinRequest.objects.filter(
        status=OrganisationJoinRequest.Status.PENDING
    ).count()


def listing_reports_count(request=None) -> int:
    return ListingReport.objects.filter(status=ListingReport.Status.OPEN).count()


def changes_awaiting_approval():
    """Pages with a change in the editorial workflow, waiting for an Editor."""
    return WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)


def editor_rows(request) -> list[WaitingRow]:
    if not is_directory_editor(request.user):
        return []
    return [
        WaitingRow(
            "Organisation requests",
            organisation_requests_count(),
            reverse("directory_join_requests:index"),
        ),
        WaitingRow(
            "Listing problem reports",
            listing_reports_count(),
            reverse("listing_reports:index"),
        ),
        WaitingRow(
            "Stale listings", stale_listing_count(), reverse("directory_stale_listings:index")
        ),
        WaitingRow(
            "Changes awaiting approval",
            changes_awaiting_approval().count(),
            reverse("wagtailadmin_reports:workflow"),
        ),
    ]


def managed_pages(user):
    """The organisation pages this user manages (through their organisation's group)."""
    groups = Group.objects.filter(user=user)
    page_ids = GroupPagePermission.objects.filter(group__in=groups).values("page_id")
    return Page.objects.filter(pk__in=page_ids).specific().order_by("title")


def pages_awaiting_approval(pages):
    """Their pages (and pages below them) with a change waiting for an Editor."""
    waiting_ids = {
        int(pk) for pk in changes_awaiting_approval().values_list("object_id", flat=True)
    }
    if not pages or not waiting_ids:
        return []
    found = Page.objects.filter(pk__in=waiting_ids)
    return [
        page
        for page in found.order_by("title")
        if any(page.path.startswith(own.path) for own in pages)
    ]
