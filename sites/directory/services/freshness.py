"""Keeping listings fresh: reminders, "still up to date" links, hiding what nobody checks.

Runs inside one borough's schema, with that borough's DirectorySettings:

1. Listings (organisations and their activities) last checked more than
   ``reminder_after_months`` ago, and not reminded since, are sent to the organisation
   (its public email address and its managers) in one email with a link. Places, and
   organisations nobody can be reached at, go to the Editors. Each listing is reminded
   once per check: ``stale_reminder_sent_on`` records it, once every reader was reached;
   ``stale_reminder_told`` records who was, so a run whose email failed for some
   readers (one language's) sends the next time only to those. It is saved after each
   email, under a lock on the pages, so a run that stops half way or overlaps another
   never misses or repeats a reader.
2. The link carries a signed, expiring token naming the borough and the pages. Opening
   it shows a button (mail scanners open links; only a person presses buttons), and
   pressing it sets ``last_checked_on`` to today and shows the listings again, without
   a new revision: nothing about the listing changed.
3. Listings last checked more than ``hide_after_months`` ago are hidden from the public
   (``hidden_as_stale``); nothing is deleted, and confirming shows them again.

Every change here is a queryset ``update()``: no revision, no publish, no workflow.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from django.core import signing
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import Page

from sites.core.languages.urls import in_email_language
from sites.core.staff_language import send_to_those_not_told
from sites.core.translation import originals, translations_too
from tenants.emails import borough_base_url, borough_email, current_borough

from ..models import ActivityPage, OrganisationPage, PlacePage
from .editors import directory_settings, editors_emails
from .freshness_emails import editors_email, organisation_email
from .organisation_access import organisation_managers

logger = logging.getLogger(__name__)

FRESHNESS_MODELS = (OrganisationPage, ActivityPage, PlacePage)
LINK_SALT = "sites.directory.still-up-to-date"
LINK_VALID_DAYS = 60

EXPIRED_LINK = format_lazy(
    _(
        "This link has expired: links in our reminder emails work for "
        "{days} days. Reply to the reminder, or sign in, and we will help."
    ),
    days=LINK_VALID_DAYS,
)
INVALID_LINK = _(
    "This link is not complete or not right. Try copying the whole link from the "
    "email into your browser, or reply to the reminder and we will help."
)


# --- Dates -------------------------------------------------------------------------------


def today() -> datetime.date:
    return timezone.localdate()


def reminder_cutoff(settings, on: datetime.date) -> datetime.date:
    """Listings last checked before this date are due a reminder."""
    return on - relativedelta(months=settings.reminder_after_months)


def hide_cutoff(settings, on: datetime.date) -> datetime.date:
    """Listings last checked before this date are hidden from the public."""
    return on - relativedelta(months=settings.hide_after_months)


def _stale_querysets(on: datetime.date | None):
    cutoff = reminder_cutoff(directory_settings(), on or today())
    return [
        originals(model.objects.live().filter(last_checked_on__lt=cutoff))
        for model in FRESHNESS_MODELS
    ]


def stale_listings(on: datetime.date | None = None) -> list[Page]:
    """Live listings past the reminder limit, the longest unchecked first (for Editors)."""
    found = [page for queryset in _stale_querysets(on) for page in queryset]
    return sorted(found, key=lambda page: (page.last_checked_on, page.title.lower()))


def stale_listing_count(on: datetime.date | None = None) -> int:
    """How many listings ``stale_listings`` would show, counted in the database."""
    return sum(queryset.count() for queryset in _stale_querysets(on))


# --- "Still up to date" links --------------------------------------------------------------


class LinkError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def still_up_to_date_token(pages) -> str:
    """A signed token naming this borough and these pages; it expires after LINK_VALID_DAYS."""
    payload = {"s": connection.schema_name, "p": sorted({page.pk for page in pages})}
    return signing.dumps(payload, salt=LINK_SALT, compress=True)


def still_up_to_date_url(borough, pages) -> str:
    """In the language of the email being written (``in_email_language``)."""
    path = reverse(
        "directory_membership:still-up-to-date",
        kwargs={"token": still_up_to_date_token(pages)},
    )
    return borough_base_url(borough) + in_email_language(path)


def pages_for_token(token: str) -> list[Page]:
    """The listings a link names, in this borough; LinkError if it is expired or not ours."""
    try:
        payload = signing.loads(
            token, salt=LINK_SALT, max_age=datetime.timedelta(days=LINK_VALID_DAYS)
        )
    except signing.SignatureExpired:
        raise LinkError(EXPIRED_LINK) from None
    except signing.BadSignature:
        raise LinkError(INVALID_LINK) from None
    if (
        not isinstance(payload, dict)
        or payload.get("s") != connection.schema_name
        or not isinstance(payload.get("p"), list)
        or not all(isinstance(pk, int) for pk in payload["p"])
    ):
        raise LinkError(INVALID_LINK)
    pages = []
    for model in FRESHNESS_MODELS:
        pages.extend(model.objects.filter(pk__in=payload["p"]))
    if not pages:
        raise LinkError(gettext("The listings this link is about are no longer on the site."))
    return sorted(pages, key=lambda page: page.path)


def confirm_still_up_to_date(pages, on: datetime.date | None = None) -> int:
    """Mark these listings checked today and show them again. No new revision."""
    on = on or today()
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page.pk)
    changed = 0
    with transaction.atomic():
        for model, pks in by_model.items():
            # Translations are the same listing: checked and shown again with it.
            by_model[model] = list(
                translations_too(model.objects.filter(pk__in=pks)).values_list("pk", flat=True)
            )
            model.objects.filter(pk__in=by_model[model]).update(
                last_checked_on=on, hidden_as_stale=False
            )
            changed += len(pks)
    for model, pks in by_model.items():
        _reindex(model, pks)
    return changed


def _reindex(model, pks) -> None:
    """``update()`` sends no signals: tell the search index the listing's visibility changed.
    An organisation's activities are shown only while it is, so they are re-indexed too."""
    for pk in pks:
        insert_or_update_object_task.enqueue(model._meta.app_label, model._meta.model_name, pk)
    if model is OrganisationPage and pks:
        for organisation in OrganisationPage.objects.filter(pk__in=pks):
            activities = ActivityPage.objects.child_of(organisation)
            _reindex(ActivityPage, list(activities.values_list("pk", flat=True)))


# --- The daily check ------------------------------------------------------------------------


@dataclass
class FreshnessSummary:
    borough: str
    reminders_sent: int = 0
    listings_reminded: int = 0
    sent_to_editors: int = 0
    nobody_to_tell: int = 0
    hidden: int = 0
    shown_again: int = 0
    failures: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.borough}: {self.reminders_sent} reminder email(s) about "
            f"{self.listings_reminded} listing(s); {self.sent_to_editors} listing(s) sent to "
            f"the Editors; {self.hidden} hidden as stale; {self.shown_again} shown again"
        )
        if self.nobody_to_tell:
            text += f"; {self.nobody_to_tell} listing(s) with nobody to remind"
        if self.failures:
            text += f"; {len(self.failures)} email(s) could not be sent"
        return text


def _due(model, cutoff: datetime.date):
    """Live listings past the reminder limit that have not been reminded since last checked."""
    return (
        originals(model.objects.live())  # one reminder per listing, not per language
        .filter(last_checked_on__lt=cutoff)
        .exclude(stale_reminder_sent_on__gte=F("last_checked_on"))
        .order_by("path")
    )


def check_listing_freshness(borough=None, on: datetime.date | None = None) -> FreshnessSummary:
    """Remind, hide and show again, for the borough whose schema is active. Idempotent."""
    borough = borough or current_borough()
    on = on or today()
    settings = directory_settings()
    summary = FreshnessSummary(borough=borough.name)
    _send_reminders(borough, settings, on, summary)
    _hide_and_show(settings, on, summary)
    return summary


def _send_reminders(borough, settings, on, summary: FreshnessSummary) -> None:
    cutoff = reminder_cutoff(settings, on)
    organisations = {page.path: page for page in OrganisationPage.objects.all()}
    due_by_organisation: dict[str, list[Page]] = defaultdict(list)
    for page in _due(OrganisationPage, cutoff):
        due_by_organisation[page.path].append(page)
    for activity in _due(ActivityPage, cutoff):
        parent_path = activity.path[: -Page.steplen]
        if parent_path in organisations:
            due_by_organisation[parent_path].append(activity)

    for_editors: list[Page] = list(_due(PlacePage, cutoff))
    for path, pages in due_by_organisation.items():
        organisation = organisations[path]
        recipients = _organisation_addresses(organisation)
        if not recipients:
            for_editors.extend(pages)
            continue

        def write(organisation=organisation, pages=pages):
            link = still_up_to_date_url(borough, pages)
            return organisation_email(
                borough, settings, organisation, pages, on, link, LINK_VALID_DAYS
            )

        if _send_in_their_languages(borough, recipients, summary, write, pages, on):
            summary.reminders_sent += 1
            summary.listings_reminded += len(pages)

    if for_editors:
        recipients = editors_emails()
        if not recipients:
            summary.nobody_to_tell += len(for_editors)
            return

        def write_to_editors():
            link = still_up_to_date_url(borough, for_editors)
            return editors_email(borough, settings, for_editors, link, LINK_VALID_DAYS)

        if _send_in_their_languages(
            borough, recipients, summary, write_to_editors, for_editors, on
        ):
            summary.sent_to_editors += len(for_editors)


def _organisation_addresses(organisation: OrganisationPage) -> list[str]:
    """The organisation's public email address and its managers', once each."""
    found = {}
    for address in [organisation.email, *(u.email for u in organisation_managers(organisation))]:
        if address and address.strip():
            found.setdefault(address.strip().lower(), address.strip())
    return list(found.values())


def _told(page) -> set[str]:
    """Who was reminded about ``page`` since it was last checked (lower case)."""
    told = page.stale_reminder_told or {}
    if told.get("checked") != page.last_checked_on.isoformat():
        return set()  # about an earlier check
    return set(told.get("to", []))


def _locked(pages) -> list:
    """``pages`` read again, each locked until the transaction ends."""
    return [type(page).objects.select_for_update().get(pk=page.pk) for page in pages]


def _record_told(pages, group: list[str]) -> None:
    """Who was just reached is added to each page's record (locked by ``_locked``)."""
    for page in _locked(pages):
        told = {"checked": page.last_checked_on.isoformat(), "to": sorted(_told(page) | set(group))}
        type(page).objects.filter(pk=page.pk).update(stale_reminder_told=told)


def _send_in_their_languages(borough, recipients, summary, write, pages, on) -> bool:
    """One email for each language the recipients read, with the (subject, body) that
    ``write()`` gives in it, to those not reminded about every one of ``pages`` yet. Who
    was reached is saved after each email, under a lock on the pages; "reminded" only once
    everyone was. True once every recipient was reached."""
    _, left = send_to_those_not_told(
        recipients,
        lambda group: _send(borough, *write(), group, summary),
        told=lambda: set.intersection(*(_told(page) for page in _locked(pages))),
        record=lambda group: _record_told(pages, group),
    )
    done = bool(recipients) and not left
    if done:
        for page in pages:
            type(page).objects.filter(pk=page.pk).update(stale_reminder_sent_on=on)
    return done


def _send(borough, subject, body, recipients, summary: FreshnessSummary) -> bool:
    try:
        borough_email(borough, subject, body, recipients).send()
    except Exception:
        logger.exception("Could not send a freshness reminder to %s", ", ".join(recipients))
        summary.failures.append(subject)
        return False
    return True


def _hide_and_show(settings, on, summary: FreshnessSummary) -> None:
    cutoff = hide_cutoff(settings, on)
    for model in FRESHNESS_MODELS:
        to_hide = list(
            model.objects.filter(hidden_as_stale=False, last_checked_on__lt=cutoff).values_list(
                "pk", flat=True
            )
        )
        to_show = list(
            model.objects.filter(hidden_as_stale=True, last_checked_on__gte=cutoff).values_list(
                "pk", flat=True
            )
        )
        summary.hidden += model.objects.filter(pk__in=to_hide).update(hidden_as_stale=True)
        summary.shown_again += model.objects.filter(pk__in=to_show).update(hidden_as_stale=False)
        _reindex(model, to_hide + to_show)
