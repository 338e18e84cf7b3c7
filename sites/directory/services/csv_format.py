"""The directory CSV file's format: its columns, reading and decoding a file into rows,
and an example file (docs/csv-import.md documents the columns)."""

import csv
import io
import re
from dataclasses import dataclass

from ..models import (
    ActivityPage,
)
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
