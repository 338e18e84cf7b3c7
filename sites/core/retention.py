"""How long the records the privacy notice names are kept, in one place, and the daily job
that deletes what is older (``delete_old_records``, command ``delete_old_records``).

- Requests to list an organisation and "Report a problem" reports about listings:
  ``REQUESTS_KEPT_YEARS`` after they were made, once an Editor has dealt with them
  (``sites/directory/services/retention.py``); a report that opened a safeguarding case is
  kept as long as the case.
- Safety records, that is reports about posts or members, what moderators did about them
  (``ModerationAction``) and safeguarding cases: ``SAFETY_RECORDS_KEPT_YEARS``
  (``sites/community/services/retention.py``). A case, the report it came from and the
  actions about either are kept while the case is open, and the period counts from its
  closing; a report still waiting for a moderator is kept until it is dealt with.
- Community Connecting's access log (who opened, changed or was refused a record, and
  the team leads' refreezes of the impact report): ``ACCESS_LOG_KEPT_YEARS``
  (``sites/connecting/retention.py``).
- Earlier versions of pages (Wagtail's revisions: what an Editor or an organisation
  manager changed, kept so a change can be compared or undone):
  ``EARLIER_VERSIONS_KEPT_YEARS`` after they were saved. The version on the site, the
  latest draft, one scheduled to go live and one waiting in a workflow are kept however
  old. Words taken out of a page's text (a street address) do not stay in its earlier
  versions for good; the page's log keeps its title at each step, and the workflow
  records of a deleted version (who approved or rejected it) go with it.
- Technical records: failed sign-ins and the addresses they came from (django-axes),
  and the coaches' daily reminder rows (``sites/connecting/check_reminders.py``), for
  ``TECHNICAL_RECORDS_KEPT_DAYS``; sign-in sessions and the rate-limit counts kept while
  Redis is out as soon as they run out. The platform console's own failed sign-ins and
  sessions (in the ``public`` schema) too: ``delete_old_console_records``.

Each app hands its part to the job through the Wagtail hook ``delete_old_records``
(``job(now) -> {"what": how many deleted}``), since this app imports none above it, and
the privacy notice reads the periods through the ``privacy_notice_facts`` hook
(``sites/standard/starting/privacy.py``), so it never says another number.
"""

import datetime
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from dateutil.relativedelta import relativedelta
from django_tenants.utils import get_public_schema_name, schema_context

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Page, Revision, WorkflowState

from .models import RateCount

REQUESTS_KEPT_YEARS = 2
SAFETY_RECORDS_KEPT_YEARS = 6
TECHNICAL_RECORDS_KEPT_DAYS = 90
# Who opened, changed or was refused a Community Connecting record (its audit log): kept as
# long as safety records, long enough to answer "who looked at my record?" for years.
ACCESS_LOG_KEPT_YEARS = 6
# Long enough to compare or undo a change found at any season's review of the listings.
EARLIER_VERSIONS_KEPT_YEARS = 1


def requests_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Requests and listing reports made before this are deleted."""
    return now - relativedelta(years=REQUESTS_KEPT_YEARS)


def safety_records_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Safety records made (a case: closed) before this are deleted."""
    return now - relativedelta(years=SAFETY_RECORDS_KEPT_YEARS)


def access_log_cutoff(now: datetime.datetime) -> datetime.datetime:
    return now - relativedelta(years=ACCESS_LOG_KEPT_YEARS)


def earlier_versions_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Earlier versions saved before this are deleted (those the rule keeps aside)."""
    return now - relativedelta(years=EARLIER_VERSIONS_KEPT_YEARS)


def technical_records_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Technical records made before this are deleted."""
    return now - datetime.timedelta(days=TECHNICAL_RECORDS_KEPT_DAYS)


def deleted(queryset) -> int:
    """Delete the rows of ``queryset``; how many of them (not what went with them)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def privacy_notice_facts() -> dict:
    """The periods the privacy notice's "How long we keep it" gives (through the
    ``privacy_notice_facts`` hook)."""
    return {
        "requests_kept_years": REQUESTS_KEPT_YEARS,
        "safety_records_kept_years": SAFETY_RECORDS_KEPT_YEARS,
        "technical_records_kept_days": TECHNICAL_RECORDS_KEPT_DAYS,
        "access_log_kept_years": ACCESS_LOG_KEPT_YEARS,
        "earlier_versions_kept_years": EARLIER_VERSIONS_KEPT_YEARS,
    }


def _failed_sign_ins_and_sessions(now: datetime.datetime) -> dict[str, int]:
    cutoff = technical_records_cutoff(now)
    failed = sum(
        deleted(model.objects.filter(attempt_time__lt=cutoff))
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
    return {
        "failed sign-in record(s)": failed,
        "ended session(s)": deleted(Session.objects.filter(expire_date__lt=now)),
    }


def delete_old_technical_records(now: datetime.datetime) -> dict[str, int]:
    """Failed sign-ins (every log django-axes may keep) older than the period; sessions
    and rate-limit counts that have run out (nothing reads them again)."""
    return {
        **_failed_sign_ins_and_sessions(now),
        "ended rate-limit count(s)": deleted(RateCount.objects.filter(expires_at__lt=now)),
    }


def delete_old_earlier_versions(now: datetime.datetime) -> dict[str, int]:
    """Pages' revisions saved before the cutoff, except the live one, the latest, one
    scheduled to go live and one in a workflow still under way (Wagtail's
    ``purge_revisions`` keeps all but the live one; the notice promises that too). One at
    a time, as Wagtail deletes them: ``Revision.delete`` moves the comments made on one to
    the next, and a revision something protects is left."""
    pages = Page.objects.all()
    under_way = [WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    earlier = (
        Revision.objects.page_revisions()
        .filter(created_at__lt=earlier_versions_cutoff(now), approved_go_live_at=None)
        .exclude(task_states__workflow_state__status__in=under_way)
        .exclude(pk__in=pages.exclude(live_revision=None).values("live_revision"))
        .exclude(pk__in=pages.exclude(latest_revision=None).values("latest_revision"))
    )
    purged = 0
    for revision in earlier.iterator():
        try:
            revision.delete()
        except ProtectedError:
            continue
        purged += 1
    return {"earlier version(s) of pages": purged}


@dataclass
class RetentionSummary:
    borough: str
    deleted: dict[str, int] = field(default_factory=dict)
    failures: int = 0  # no emails: run_in_boroughs asks every summary

    def __str__(self):
        counts = ", ".join(f"{count} {what}" for what, count in self.deleted.items())
        return f"{self.borough}: deleted {counts or 'nothing'}"


def delete_old_records(borough, *, now=None) -> RetentionSummary:
    """Every app's records older than the privacy notice says they are kept, in the
    current schema (``borough``'s), all or nothing."""
    now = now or timezone.now()
    summary = RetentionSummary(borough.slug)
    with transaction.atomic():
        for job in hooks.get_hooks("delete_old_records"):
            summary.deleted.update(job(now))
    return summary


def delete_old_console_records(*, now=None) -> RetentionSummary:
    """The platform console's failed sign-ins and ended sessions: its own tables in the
    ``public`` schema, which no borough's run reaches (it keeps no rate-limit counts)."""
    now = now or timezone.now()
    summary = RetentionSummary("platform console")
    with schema_context(get_public_schema_name()), transaction.atomic():
        summary.deleted.update(_failed_sign_ins_and_sessions(now))
    return summary
