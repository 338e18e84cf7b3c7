"""Importing a borough's directory from one spreadsheet saved as CSV.

One file, one row per listing, with a ``type`` column (organisation, place or
activity): one upload, one check, and activities can name organisations and places in
the same file, in any order. The columns are documented in docs/csv-import.md.

Always two steps. ``import_directory_csv(text)`` checks every row and says what would
happen (a dry run: nothing is written). ``import_directory_csv(text, commit=True)``
checks again and, only if no row has a problem, writes everything in one transaction:
a file with one bad row imports nothing.

Listings are matched by name (organisations and places by their name; activities by
their name within their organisation), ignoring case and extra spaces: a row that
matches an existing listing updates it, or leaves it alone if nothing differs, so
importing the same file twice adds nothing.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ..models import (
    ActivityPage,
    ActivitySchedule,
    OrganisationIndexPage,
    OrganisationPage,
    PlaceIndexPage,
    PlacePage,
)
from . import csv_cells as cells
from .csv_checks import Checker, ImportReport, PlannedRow
from .csv_format import (
    ACTIVITY,
    ORGANISATION,
    PLACE,
    PLURAL,
    CsvRow,
    decode,
    example_csv,
    read_rows,
)

# CsvRow and example_csv stay importable from here, where callers found them before.
__all__ = ["CsvRow", "ImportReport", "example_csv", "import_directory_csv"]


def _schedule_key(values: dict, with_start: bool) -> tuple:
    return (
        values["frequency"],
        values["weekday"],
        values["week_of_month"],
        values["starts_on"] if with_start else None,
        values["ends_on"],
        values["start_time"],
        values["end_time"],
    )


def _schedule_values(schedule: ActivitySchedule) -> dict:
    return {
        "frequency": schedule.frequency,
        "weekday": schedule.weekday,
        "week_of_month": schedule.week_of_month,
        "starts_on": schedule.starts_on,
        "ends_on": schedule.ends_on,
        "start_time": schedule.start_time,
        "end_time": schedule.end_time,
    }


def _schedules_match(plan: PlannedRow, page: ActivityPage) -> bool:
    """Same times as the page has; a time without a "from" date matches any first date."""
    unmatched = [_schedule_values(s) for s in page.schedules.all()]
    if len(unmatched) != len(plan.schedules):
        return False
    for wanted in plan.schedules:
        given = wanted["starts_on_given"]
        key = _schedule_key(wanted, given)
        match = next((v for v in unmatched if _schedule_key(v, given) == key), None)
        if match is None:
            return False
        unmatched.remove(match)
    return True


def _decide_actions(plans: list[PlannedRow]) -> None:
    for plan in plans:
        page = plan.existing
        if page is None:
            plan.action = "create"
            continue
        same = all(getattr(page, name) == value for name, value in plan.fields.items())
        if plan.kind == ACTIVITY:
            same = (
                same
                and {i.pk for i in page.interests.all()} == {i.pk for i in plan.interests}
                and _schedules_match(plan, page)
                and cells.key(page.place.title if page.place else "") == cells.key(plan.place)
            )
        plan.action = "unchanged" if same else "update"


def _unique_slug(parent, title: str) -> str:
    base = slugify(title)[:60] or "listing"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _write(plan: PlannedRow, user, parents: dict, pages: dict, today: datetime.date):
    model = {ORGANISATION: OrganisationPage, PLACE: PlacePage, ACTIVITY: ActivityPage}[plan.kind]
    fields = dict(plan.fields, last_checked_on=today, hidden_as_stale=False)
    if plan.kind == ACTIVITY:
        fields["place"] = pages[PLACE].get(cells.key(plan.place)) if plan.place else None
        parent = pages[ORGANISATION][cells.key(plan.organisation)]
    else:
        parent = parents[plan.kind]
    if plan.existing is not None:
        page = model.objects.get(pk=plan.existing.pk)
        for name, value in fields.items():
            setattr(page, name, value)
    else:
        page = model(slug=_unique_slug(parent, plan.name), **fields)
    if plan.kind == ACTIVITY:
        page.interests.set(plan.interests)
        page.schedules = [
            ActivitySchedule(**{k: v for k, v in values.items() if k != "starts_on_given"})
            for values in _keep_start_dates(plan, page)
        ]
    if plan.existing is None:
        parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    return model.objects.get(pk=page.pk)


def _keep_start_dates(plan: PlannedRow, page) -> list[dict]:
    """A re-imported time without a "from" date keeps the first date it already has."""
    if not page.pk:
        return plan.schedules
    existing = {
        _schedule_key(_schedule_values(s), False): s.starts_on for s in page.schedules.all()
    }
    kept = []
    for values in plan.schedules:
        values = dict(values)
        key = _schedule_key(values, False)
        if not values["starts_on_given"] and key in existing:
            values["starts_on"] = existing[key]
        kept.append(values)
    return kept


class _Rollback(Exception):
    pass


def import_directory_csv(
    data: bytes | str, *, commit: bool = False, user=None, on_row=None
) -> ImportReport:
    """Check every row; with ``commit``, write them all in one transaction, or nothing.

    ``on_row(written, total)`` is called after each row written (the command's progress).
    """
    rows, errors = read_rows(decode(data))
    report = ImportReport(errors=errors)
    if errors:
        return report
    checker = Checker(rows)
    report.rows = checker.check()
    report.errors = sorted(checker.errors, key=_row_number)
    if report.errors:
        report.rows = []
        return report
    _decide_actions(report.rows)
    if not commit:
        return report
    today = timezone.localdate()
    try:
        with transaction.atomic():
            _apply(report, user, today, on_row or (lambda written, total: None))
    except _Rollback:
        report.committed = False
        return report
    report.committed = True
    return report


def _row_number(message: str) -> int:
    match = re.match(r"Row (\d+)", message)
    return int(match.group(1)) if match else 0


def _apply(report: ImportReport, user, today, on_row) -> None:
    parents = {
        ORGANISATION: OrganisationIndexPage.objects.order_by("path").first(),
        PLACE: PlaceIndexPage.objects.order_by("path").first(),
    }
    for kind, parent in parents.items():
        if parent is None:
            report.errors.append(f"This site has no section for {PLURAL[kind]}.")
            raise _Rollback
    pages = {
        ORGANISATION: {cells.key(p.title): p for p in OrganisationPage.objects.all()},
        PLACE: {cells.key(p.title): p for p in PlacePage.objects.all()},
    }
    total = sum(1 for plan in report.rows if plan.action != "unchanged")
    written = 0
    for kind in (PLACE, ORGANISATION, ACTIVITY):
        for plan in report.rows:
            if plan.kind != kind or plan.action == "unchanged":
                continue
            written += 1
            on_row(written, total)
            try:
                page = _write(plan, user, parents, pages, today)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    report.errors.append(f"Row {plan.number}: {name}: {' '.join(messages)}")
            else:
                if kind in pages:
                    pages[kind][cells.key(page.title)] = page
    if report.errors:
        raise _Rollback
