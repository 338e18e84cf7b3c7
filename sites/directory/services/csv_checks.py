"""Checking every row of a directory CSV file and planning what it would do (nothing is
written here: csv_import.py writes the plan)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from ..homes import is_home
from ..models import (
    ActivityPage,
    Interest,
    OrganisationPage,
    PlacePage,
)
from ..models.pages import normalise_postcode
from . import csv_cells as cells
from .csv_format import (
    ACTIVITY,
    COLUMNS_FOR,
    ORGANISATION,
    ORGANISATION_COLUMNS,
    PLACE,
    PLACE_COLUMNS,
    PLURAL,
    REQUIRED,
    TYPES,
    AccessMode,
    CsvRow,
    Kind,
)
from .listing_text import email_problems


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


class Checker:
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
        self._no_personal_email(row, plan)
        return plan

    def _no_personal_email(self, row, plan) -> None:
        """No person's email in the words, as in the admin (services/listing_text.py):
        only the group's own address, from the email column, may be repeated."""
        organisation_email = ""
        if plan.kind == ACTIVITY:
            organisation_email = self._organisation_email(row.get("organisation"))
        where = gettext("the “email” column")
        for name, message in email_problems(plan.fields, organisation_email, where).items():
            self.error(row, f"{_column_for(name)}: {message}")

    def _organisation_email(self, name: str) -> str:
        """The email of the organisation called ``name``: its row in this file, else its
        page on the site."""
        number = self.file_organisations.get(cells.key(name))
        if number is not None:
            return next((r.get("email") for r in self.rows if r.number == number), "")
        existing = self.organisations.get(cells.key(name))
        return existing.email if existing is not None else ""

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
        plan.existing = self.places.get(cells.key(plan.name))
        hide = self._each(row, lambda: cells.yes_no(row, "hide_street_address"), False)
        # Someone's home stays hidden unless the sheet says "no": an empty cell (or a
        # sheet without the column) is not a decision to show its street.
        said = (row.get("hide_street_address") or "").strip()
        if not said and plan.existing is not None:
            existing = plan.existing
            hide = is_home(existing) or is_home(existing.get_latest_revision_as_object())
        plan.fields["hide_street_address"] = hide
        plan.fields.update(self._each(row, lambda: cells.accessibility(row), {}))

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
        "title": "name",
        "contact_email": "email",
        "cost_details": "cost",
        "in_person": "how_to_take_part",
        "age_max": "age_max",
        "online_url": "online_url",
    }.get(field_name, field_name)
