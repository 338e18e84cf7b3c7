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

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ..models import (
    ActivityPage,
    ActivitySchedule,
    Interest,
    OrganisationIndexPage,
    OrganisationPage,
    PlaceIndexPage,
    PlacePage,
)
from ..models.pages import normalise_postcode
from . import csv_cells as cells

MAX_ROWS = 5000
Kind, AccessMode = ActivityPage.Kind, ActivityPage.AccessMode
ORGANISATION, PLACE, ACTIVITY = "organisation", "place", "activity"
TYPES = {
    "organisation": ORGANISATION,
    "organization": ORGANISATION,
    "place": PLACE,
    "venue": PLACE,
    "activity": ACTIVITY,
}

# column -> model field, per type. Columns with special parsing map to themselves.
ORGANISATION_COLUMNS = {
    "summary": "summary",
    "description": "description",
    "website": "website",
    "email": "email",
    "phone": "phone",
    "charity_number": "charity_number",
}
PLACE_COLUMNS = {
    "summary": "summary",
    "description": None,
    "address_line_1": "address_line_1",
    "address_line_2": "address_line_2",
    "town": "town",
    "postcode": "postcode",
    "hide_street_address": "hide_street_address",
    "latitude": "latitude",
    "longitude": "longitude",
    "opening_times": "opening_times",
    "accessibility": "accessibility",
}
ACTIVITY_COLUMNS = {
    "summary": "summary",
    "description": "description",
    "organisation": "organisation",
    "place": "place",
    "kind": "kind",
    "interests": "interests",
    "schedule": "schedule",
    "cost": "cost",
    "concessions": "concessions",
    "suitable_for": "suitable_for",
    "age_min": "age_min",
    "age_max": "age_max",
    "how_to_take_part": "how_to_take_part",
    "how_to_join": "how_to_join",
    "booking_url": "booking_url",
    "online_url": "online_url",
    "email": "contact_email",
    "phone": "contact_phone",
    "accessibility": "accessibility",
}
COLUMNS_FOR = {ORGANISATION: ORGANISATION_COLUMNS, PLACE: PLACE_COLUMNS, ACTIVITY: ACTIVITY_COLUMNS}
PLURAL = {ORGANISATION: "organisations", PLACE: "places", ACTIVITY: "activities"}
# In the order of the example file and the documentation.
ALL_COLUMNS = list(
    dict.fromkeys(["type", "name", *ORGANISATION_COLUMNS, *PLACE_COLUMNS, *ACTIVITY_COLUMNS])
)
REQUIRED = {
    ORGANISATION: ["summary"],
    PLACE: ["postcode"],
    ACTIVITY: ["summary", "organisation"],
}


def _column(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", (name or "").strip().lower())


# --- Reading -----------------------------------------------------------------------------------


def decode(data: bytes | str) -> str:
    """UTF-8 (with or without Excel's byte-order mark), or Windows' own encoding."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@dataclass
class CsvRow:
    number: int  # as a spreadsheet shows it: the header is row 1
    values: dict[str, str]

    def get(self, column: str) -> str:
        return cells.words(self.values.get(column, ""))

    def text(self, column: str) -> str:
        """Keeps line breaks (descriptions, opening times)."""
        return (self.values.get(column) or "").strip()


def read_rows(text: str) -> tuple[list[CsvRow], list[str]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return [], ["The file is empty."]
    except csv.Error as error:
        return [], [f"Row 1: the file could not be read as CSV ({error})."]
    columns = [_column(name) for name in header]
    errors = []
    unknown = [
        raw for raw, name in zip(header, columns, strict=True) if name and name not in ALL_COLUMNS
    ]
    for raw in unknown:
        errors.append(
            f"Row 1: the column “{raw.strip()}” is not one we know. "
            f"The columns are: {', '.join(ALL_COLUMNS)}."
        )
    for needed in ("type", "name"):
        if needed not in columns:
            errors.append(f"Row 1: there is no “{needed}” column.")
    seen = set()
    for name in columns:
        if name and name in seen:
            errors.append(f"Row 1: the column “{name}” appears twice.")
        seen.add(name)
    if errors:
        return [], errors
    rows = []
    try:
        for number, line in enumerate(reader, start=2):
            if not any(cell.strip() for cell in line):
                continue
            if len(line) > len(columns) and any(cell.strip() for cell in line[len(columns) :]):
                errors.append(f"Row {number}: there are more cells than column names.")
                continue
            values = {name: cell for name, cell in zip(columns, line, strict=False) if name}
            rows.append(CsvRow(number, values))
    except csv.Error as error:
        errors.append(f"Row {reader.line_num}: the file could not be read as CSV ({error}).")
    if len(rows) > MAX_ROWS:
        errors.append(f"The file has {len(rows)} rows; import at most {MAX_ROWS} at a time.")
    return rows, errors


# --- Checking ------------------------------------------------------------------------------------


@dataclass
class PlannedRow:
    number: int
    kind: str
    name: str
    action: str = "create"  # create, update or unchanged
    existing: object = None
    fields: dict = field(default_factory=dict)
    interests: list = field(default_factory=list)
    schedules: list = field(default_factory=list)
    organisation: str = ""  # activity: the organisation's name
    place: str = ""  # activity: the place's name, or ""

    @property
    def description(self) -> str:
        verb = {"create": "adds", "update": "updates", "unchanged": "leaves unchanged"}[self.action]
        return f"Row {self.number}: {verb} the {self.kind} “{self.name}”"


@dataclass
class ImportReport:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, kind: str, action: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind and row.action == action)

    @property
    def summary(self) -> str:
        if self.errors:
            return (
                f"{len(self.errors)} problem(s) found: nothing was imported. "
                "Correct the file and try again."
            )
        parts = []
        for kind in (ORGANISATION, PLACE, ACTIVITY):
            counts = [
                f"{self.count(kind, action)} {label}"
                for action, label in (("create", "new"), ("update", "updated"))
                if self.count(kind, action)
            ]
            unchanged = self.count(kind, "unchanged")
            if unchanged:
                counts.append(f"{unchanged} unchanged")
            if counts:
                parts.append(f"{PLURAL[kind]}: {', '.join(counts)}")
        verb = "Imported" if self.committed else "Ready to import (nothing written yet)"
        return f"{verb}: " + ("; ".join(parts) if parts else "no rows") + "."


class _Checker:
    """Turns rows into planned rows, collecting every problem with its row number."""

    def __init__(self, rows: list[CsvRow]):
        self.rows = rows
        self.errors: list[str] = []
        self.interests = {cells.key(i.name): i for i in Interest.objects.all()}
        self.interest_names = [i.name for i in Interest.objects.all()]
        self.organisations = {cells.key(p.title): p for p in OrganisationPage.objects.all()}
        self.places = {cells.key(p.title): p for p in PlacePage.objects.all()}
        self.file_organisations: dict[str, int] = {}
        self.file_places: dict[str, int] = {}
        self.file_activities: dict[tuple[str, str], int] = {}

    def error(self, row: CsvRow, message: str) -> None:
        self.errors.append(f"Row {row.number}: {message}")

    def check(self) -> list[PlannedRow]:
        planned = []
        kinds = {}
        for row in self.rows:
            kind = TYPES.get(cells.key(row.get("type")))
            if kind is None:
                self.error(
                    row,
                    f"type “{row.get('type')}” is not organisation, place or activity."
                    if row.get("type")
                    else "type is empty: write organisation, place or activity.",
                )
                continue
            kinds[row.number] = kind
            name = row.get("name")
            if not name:
                self.error(row, f"name is empty: every {kind} needs one.")
                continue
            if kind == ORGANISATION:
                self._remember(row, self.file_organisations, cells.key(name), "an organisation")
            elif kind == PLACE:
                self._remember(row, self.file_places, cells.key(name), "a place")
        # Activities last: they refer to the organisations and places above.
        for row in self.rows:
            kind = kinds.get(row.number)
            if kind is None or not row.get("name"):
                continue
            before = len(self.errors)
            plan = self._check_row(row, kind)
            if plan is not None and len(self.errors) == before:
                planned.append(plan)
        return sorted(planned, key=lambda plan: plan.number)

    def _remember(self, row, seen: dict, key, what: str) -> None:
        if key in seen:
            self.error(row, f"{what} called “{row.get('name')}” is already on row {seen[key]}.")
        else:
            seen[key] = row.number

    def _check_row(self, row: CsvRow, kind: str) -> PlannedRow | None:
        columns = COLUMNS_FOR[kind]
        for column, value in row.values.items():
            if column in ("type", "name") or not value.strip():
                continue
            if column not in columns or columns[column] is None:
                self.error(row, f"{column} is not used for {PLURAL[kind]}: leave it empty.")
        for column in REQUIRED[kind]:
            if not row.get(column):
                self.error(row, f"{column} is empty: every {kind} needs one.")
        plan = PlannedRow(number=row.number, kind=kind, name=row.get("name"))
        try:
            {ORGANISATION: self._organisation, PLACE: self._place, ACTIVITY: self._activity}[kind](
                row, plan
            )
        except cells.RowProblem as problem:
            self.error(row, str(problem))
            return None
        plan.fields["title"] = plan.name
        return plan

    # --- one type each ---

    def _simple(self, row, plan, model, columns: dict[str, str]) -> None:
        for column, field_name in columns.items():
            raw = row.text(column) if column in ("opening_times",) else row.get(column)
            model_field = model._meta.get_field(field_name)
            if raw == "":
                if model_field.null:
                    plan.fields[field_name] = None
                elif model_field.blank:
                    plan.fields[field_name] = ""
                # Otherwise the column is required, and an empty one is reported once above.
                continue
            try:
                plan.fields[field_name] = model_field.clean(raw, None)
            except ValidationError as error:
                self.error(row, f"{column}: {' '.join(error.messages)}")

    def _organisation(self, row, plan) -> None:
        self._simple(
            row,
            plan,
            OrganisationPage,
            {c: f for c, f in ORGANISATION_COLUMNS.items() if c != "description"},
        )
        plan.fields["description"] = cells.rich_text(row.text("description"))
        plan.existing = self.organisations.get(cells.key(plan.name))

    def _place(self, row, plan) -> None:
        columns = {
            c: f
            for c, f in PLACE_COLUMNS.items()
            if f and c not in ("hide_street_address", "accessibility", "postcode", "town")
        }
        self._simple(row, plan, PlacePage, columns)
        plan.fields["town"] = row.get("town") or "London"
        postcode = row.get("postcode")
        if postcode:
            try:
                PlacePage._meta.get_field("postcode").clean(postcode, None)
                plan.fields["postcode"] = normalise_postcode(postcode)
            except ValidationError as error:
                self.error(row, f"postcode {' '.join(error.messages)}")
        plan.fields["hide_street_address"] = self._each(
            row, lambda: cells.yes_no(row, "hide_street_address"), False
        )
        plan.fields.update(self._each(row, lambda: cells.accessibility(row), {}))
        plan.existing = self.places.get(cells.key(plan.name))

    def _activity(self, row, plan) -> None:
        simple = {
            "summary": "summary",
            "concessions": "concessions",
            "age_min": "age_min",
            "age_max": "age_max",
            "booking_url": "booking_url",
            "online_url": "online_url",
            "email": "contact_email",
            "phone": "contact_phone",
        }
        self._simple(row, plan, ActivityPage, simple)
        plan.fields["description"] = cells.rich_text(row.text("description"))
        # Every problem in the row is reported, not only the first.
        each = self._each
        plan.fields["kind"] = each(
            row, lambda: cells.choice(row, "kind", cells.KIND_WORDS, Kind), ""
        )
        plan.fields["access_mode"] = each(
            row, lambda: cells.choice(row, "how_to_join", cells.JOIN_WORDS, AccessMode), ""
        )
        for parse in (cells.cost, cells.suitability, cells.taking_part, cells.accessibility):
            plan.fields.update(each(row, lambda parse=parse: parse(row), {}))
        plan.interests = each(row, lambda: self._interests(row), [])
        plan.schedules = each(row, lambda: cells.schedules(row), [])

        plan.organisation = row.get("organisation")
        key = cells.key(plan.organisation)
        if (
            plan.organisation
            and key not in self.file_organisations
            and key not in self.organisations
        ):
            self.error(
                row,
                f"organisation “{plan.organisation}” is not in this file or on the site. "
                "Add a row for it with type “organisation”.",
            )
        plan.place = row.get("place")
        if (
            plan.place
            and cells.key(plan.place) not in self.file_places
            and cells.key(plan.place) not in self.places
        ):
            self.error(
                row,
                f"place “{plan.place}” is not in this file or on the site. "
                "Add a row for it with type “place”.",
            )
        activity_key = (key, cells.key(plan.name))
        if activity_key in self.file_activities:
            self.error(
                row,
                f"{plan.organisation} already has an activity called “{plan.name}” on row "
                f"{self.file_activities[activity_key]}.",
            )
        self.file_activities.setdefault(activity_key, row.number)
        organisation = self.organisations.get(key)
        if organisation is not None:
            plan.existing = next(
                (
                    activity
                    for activity in ActivityPage.objects.child_of(organisation)
                    if cells.key(activity.title) == cells.key(plan.name)
                ),
                None,
            )
        if any(error.startswith(f"Row {row.number}:") for error in self.errors):
            return  # the page's own checks would only repeat these problems
        # The page's own checks: cost, ages, how people take part.
        probe = ActivityPage(**{k: v for k, v in plan.fields.items() if k != "description"})
        try:
            probe.clean()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                self.error(row, f"{_column_for(field_name)}: {' '.join(messages)}")

    def _each(self, row, parse, default):
        """``parse()``, or ``default`` after noting its problem: so every problem is found."""
        try:
            return parse()
        except cells.RowProblem as problem:
            self.error(row, str(problem))
            return default

    def _interests(self, row) -> list:
        found = []
        for name in cells.parse_list(row.get("interests")):
            interest = self.interests.get(cells.key(name))
            if interest is None:
                hint = " Separate interests with “;”." if "," in name else ""
                raise cells.RowProblem(
                    f"interest “{name}” is not one of this site's interests "
                    f"({', '.join(self.interest_names)}).{hint}"
                )
            found.append(interest)
        return found


def _column_for(field_name: str) -> str:
    return {
        "cost_details": "cost",
        "in_person": "how_to_take_part",
        "age_max": "age_max",
        "online_url": "online_url",
    }.get(field_name, field_name)


# --- Comparing and writing -----------------------------------------------------------


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
    checker = _Checker(rows)
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


# --- An example file -----------------------------------------------------------------

EXAMPLE_ROWS = [
    {
        "type": "organisation",
        "name": "Brixton Gardeners",
        "summary": "We grow food together in Brixton.",
        "website": "https://gardeners.example.org",
        "email": "hello@gardeners.example.org",
        "phone": "020 7946 0123",
        "charity_number": "1234567",
    },
    {
        "type": "place",
        "name": "Brixton Community Hall",
        "address_line_1": "12 Acre Lane",
        "town": "London",
        "postcode": "SW2 5SG",
        "accessibility": "step-free access; hearing loop",
        "opening_times": "Monday to Friday, 9am to 5pm",
    },
    {
        "type": "activity",
        "name": "Tuesday garden club",
        "summary": "Planting, weeding and tea in the community garden.",
        "organisation": "Brixton Gardeners",
        "place": "Brixton Community Hall",
        "kind": "group",
        "interests": "Gardening and outdoors; Social and peer support",
        "schedule": "every Tuesday 10:00-12:00",
        "cost": "free",
        "suitable_for": "mental health; beginners",
        "how_to_take_part": "in person",
        "how_to_join": "drop-in",
        "accessibility": "step-free access",
    },
]


def example_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ALL_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(EXAMPLE_ROWS)
    return out.getvalue()
