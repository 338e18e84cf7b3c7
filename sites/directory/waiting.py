"""What waits for Editors and organisation managers in the admin (counts for the
dashboard's "Waiting for you" panel and the Directory menu; see ``sites/core/waiting.py``)."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, WorkflowState

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


# An organisation manager's dashboard lists changes approved this many days back.
RECENTLY_APPROVED_DAYS = 30


def page_workflow_states():
    """Workflow states of pages (not of snippets, whose ids could match a page's)."""
    return WorkflowState.objects.filter(base_content_type=ContentType.objects.get_for_model(Page))


def changes_awaiting_approval():
    """Pages with a change in the editorial workflow, waiting for an Editor."""
    return page_workflow_states().filter(status=WorkflowState.STATUS_IN_PROGRESS)


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


def own_page_ids(pages) -> list[str]:
    """The ids of ``pages`` (the pages a manager manages) and of every page below them,
    as workflow states name their objects: read once for the dashboard's three lists."""
    if not pages:
        return []
    below = Q()
    for own in pages:
        below |= Q(path__startswith=own.path)
    return [str(pk) for pk in Page.objects.filter(below).values_list("pk", flat=True)]


def _with_pages(states) -> list[tuple[Page, WorkflowState]]:
    """(page, state) for each state, by page title."""
    by_page = {int(state.object_id): state for state in states}
    found = Page.objects.filter(pk__in=by_page).specific().order_by("title")
    return [(page, by_page[page.pk]) for page in found]


def pages_awaiting_approval(page_ids: list[str]) -> list[Page]:
    """Of these pages (``own_page_ids``), those with a change waiting for an Editor."""
    states = changes_awaiting_approval().filter(object_id__in=page_ids)
    return [page for page, _ in _with_pages(states)]


@dataclass(frozen=True)
class ChangesAsked:
    """A page an Editor sent back: what they wrote, and when."""

    page: Page
    comment: str
    asked_at: datetime.datetime | None


def pages_with_changes_asked(page_ids: list[str]) -> list[ChangesAsked]:
    """Of these pages (``own_page_ids``), those that an Editor sent back asking for changes,
    not sent again since: the page's one active workflow state "needs changes", and its
    current task state (the one the Editor turned down) holds the Editor's comment."""
    states = (
        page_workflow_states()
        .filter(status=WorkflowState.STATUS_NEEDS_CHANGES, object_id__in=page_ids)
        .select_related("current_task_state")
    )
    asked = []
    for page, state in _with_pages(states):
        task_state = state.current_task_state
        asked.append(
            ChangesAsked(
                page=page,
                comment=(task_state.comment if task_state else "").strip(),
                asked_at=task_state.finished_at if task_state else None,
            )
        )
    return asked


@dataclass(frozen=True)
class Approved:
    page: Page
    approved_at: datetime.datetime


def pages_recently_approved(
    page_ids: list[str], days: int = RECENTLY_APPROVED_DAYS
) -> list[Approved]:
    """Of these pages (``own_page_ids``), those whose latest change sent to the Editors was
    approved in the last ``days`` days. Only a page's latest workflow state counts: a
    page sent again, sent back or withdrawn since is not here."""
    since = timezone.now() - datetime.timedelta(days=days)
    latest = {}
    states = page_workflow_states().filter(object_id__in=page_ids)
    states = states.select_related("current_task_state")
    for state in states.order_by("created_at", "pk"):
        latest[state.object_id] = state
    approved = [
        state
        for state in latest.values()
        if state.status == WorkflowState.STATUS_APPROVED
        and state.current_task_state is not None
        and state.current_task_state.finished_at is not None
        and state.current_task_state.finished_at >= since
    ]
    return [
        Approved(page=page, approved_at=state.current_task_state.finished_at)
        for page, state in _with_pages(approved)
    ]
