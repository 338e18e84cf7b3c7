"""Reading the cells of an import file: yes/no, lists, prices, kinds and schedules.

Each parser takes a row (anything with ``get(column)``) and returns model field values,
or raises RowProblem with a sentence for the Editor. See docs/csv-import.md.
"""

import datetime
import decimal
import html
import re

from django.utils import timezone

from ..models import ActivityPage, ActivitySchedule
from ..models.mixins import ACCESSIBILITY_FEATURES
from ..models.schedule import WEEKDAYS

YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}
ACCESSIBILITY_WORDS = {
    **{label.lower(): name for name, label in ACCESSIBILITY_FEATURES},
    **{name.replace("_", " "): name for name, _ in ACCESSIBILITY_FEATURES},
    "bsl": "bsl",
    "step free": "step_free_access",
    "step-free": "step_free_access",
    "accessible toilets": "accessible_toilet",
}
SUITABILITY_WORDS = {
    "mental health": ("mental_health_friendly", True),
    "mental health friendly": ("mental_health_friendly", True),
    "mental-health friendly": ("mental_health_friendly", True),
    "learning disabilities": ("learning_disability_friendly", True),
    "people with learning disabilities": ("learning_disability_friendly", True),
    "carers": ("carers_welcome", True),
    "carers welcome": ("carers_welcome", True),
    "beginners": ("beginners_welcome", True),
    "beginners welcome": ("beginners_welcome", True),
    "women only": ("gender", ActivityPage.Gender.WOMEN),
    "men only": ("gender", ActivityPage.Gender.MEN),
}
SUITABILITY_FIELDS = {
    "mental_health_friendly": False,
    "learning_disability_friendly": False,
    "carers_welcome": False,
    "beginners_welcome": False,
    "gender": ActivityPage.Gender.ANYONE,
}
TAKING_PART_WORDS = {"in person": "in_person", "online": "online", "by phone": "by_phone"}
TAKING_PART_WORDS["phone"] = "by_phone"
JOIN_WORDS = {
    **{value: value for value, _ in ActivityPage.AccessMode.choices},
    **{label.lower(): value for value, label in ActivityPage.AccessMode.choices},
    "drop in": ActivityPage.AccessMode.DROP_IN,
    "booking": ActivityPage.AccessMode.BOOK,
    "book": ActivityPage.AccessMode.BOOK,
    "referral": ActivityPage.AccessMode.REFERRAL,
}
KIND_WORDS = {
    **{value: value for value, _ in ActivityPage.Kind.choices},
    **{label.lower(): value for value, label in ActivityPage.Kind.choices},
    "drop in": ActivityPage.Kind.DROP_IN,
    "event": ActivityPage.Kind.EVENT_SERIES,
    "support service": ActivityPage.Kind.SUPPORT,
}
DAYS = {name.lower(): number for number, name in WEEKDAYS}
WHICH = {
    "every": ActivitySchedule.Frequency.WEEKLY,
    "every other": ActivitySchedule.Frequency.FORTNIGHTLY,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "last": -1,
}
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?"
_DATE = r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}"
RECURRING = re.compile(
    rf"^(?P<which>every other|every|first|second|third|fourth|last)\s+"
    rf"(?P<day>{'|'.join(DAYS)})s?(?:\s+of\s+the\s+month)?,?\s+"
    rf"(?P<start>{_TIME})\s*(?:-|–|to)\s*(?P<end>{_TIME})"
    rf"(?:\s+from\s+(?P<from>{_DATE}))?(?:\s+until\s+(?P<until>{_DATE}))?$"
)
ONCE = re.compile(
    rf"^(?:on\s+)?(?P<date>{_DATE}),?\s+(?P<start>{_TIME})\s*(?:-|–|to)\s*(?P<end>{_TIME})$"
)
SCHEDULE_HELP = (
    "Write it like “every Tuesday 10:00-12:00”, “every other Monday 14:00-15:30”, "
    "“first Thursday 19:00-20:30” or “2026-05-02 10:00-16:00”; separate times with “;”."
)


class RowProblem(Exception):
    """One thing wrong with one cell; collected, never shown as a crash."""


def words(value: str) -> str:
    return " ".join((value or "").split())


def key(value: str) -> str:
    return words(value).lower()


def parse_list(value: str) -> list[str]:
    return [words(part) for part in (value or "").split(";") if part.strip()]


def yes_no(row, column: str) -> bool:
    value = key(row.get(column))
    if value in YES:
        return True
    if value in NO:
        return False
    raise RowProblem(f"{column} “{row.get(column)}” should be yes or no.")


def choice(row, column: str, words: dict, choices):
    """A value of ``choices`` (a TextChoices), by its value or its label; the default if empty."""
    value = key(row.get(column))
    if not value:
        return choices.values[0]
    if value not in words:
        known = ", ".join(choice for choice in choices.values if choice)
        raise RowProblem(f"{column} “{row.get(column)}” is not one we know. Use one of: {known}.")
    return words[value]


def rich_text(text: str) -> str:
    paragraphs = [words(part) for part in re.split(r"\n\s*\n|\n", text or "") if part.strip()]
    return "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)


def accessibility(row) -> dict:
    fields = {name: False for name, _ in ACCESSIBILITY_FEATURES}
    for word in parse_list(row.get("accessibility")):
        name = ACCESSIBILITY_WORDS.get(word.lower())
        if name is None:
            choices = ", ".join(label.lower() for _, label in ACCESSIBILITY_FEATURES)
            raise RowProblem(f"accessibility “{word}” is not one we know. Use: {choices}.")
        fields[name] = True
    return fields


def suitability(row) -> dict:
    fields = dict(SUITABILITY_FIELDS)
    for word in parse_list(row.get("suitable_for")):
        found = SUITABILITY_WORDS.get(word.lower())
        if found is None:
            raise RowProblem(
                f"suitable_for “{word}” is not one we know. Use: mental health, "
                "learning disabilities, carers, beginners, women only, men only."
            )
        fields[found[0]] = found[1]
    return fields


def taking_part(row) -> dict:
    words = parse_list(row.get("how_to_take_part")) or ["in person"]
    fields = {"in_person": False, "online": False, "by_phone": False}
    for word in words:
        name = TAKING_PART_WORDS.get(word.lower())
        if name is None:
            raise RowProblem(
                f"how_to_take_part “{word}” is not one we know. Use: in person, online, by phone."
            )
        fields[name] = True
    return fields


def cost(row) -> dict:
    value = row.get("cost")
    if not value or value.lower() == "free":
        return {"is_free": True, "cost_amount": None, "cost_details": ""}
    amount = value.lstrip("£").strip()
    try:
        number = decimal.Decimal(amount)
    except decimal.InvalidOperation:
        if len(value) > 200:
            raise RowProblem("cost is longer than 200 characters.") from None
        return {"is_free": False, "cost_amount": None, "cost_details": value}
    if number < 0 or number >= 100000:
        raise RowProblem(f"cost “{value}” is not a price we can show.")
    return {
        "is_free": False,
        "cost_amount": number.quantize(decimal.Decimal("0.01")),
        "cost_details": "",
    }


def parse_time(value: str) -> datetime.time:
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?", value.strip())
    hour, minute, suffix = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match.group(2) is None:
        raise ValueError  # "10-12" is ambiguous; ask for 10:00-12:00 or 10am-12pm
    return datetime.time(hour, minute)


def parse_date(value: str) -> datetime.date:
    if "/" in value:
        day, month, year = (int(part) for part in value.split("/"))
        return datetime.date(year, month, day)
    return datetime.date.fromisoformat(value)


def schedules(row) -> list[dict]:
    found = []
    for part in parse_list(row.get("schedule")):
        text = part.lower()
        try:
            found.append(schedule(text))
        except (ValueError, AttributeError):
            raise RowProblem(f"schedule “{part}” is not understood. {SCHEDULE_HELP}") from None
    return found


def schedule(text: str) -> dict:
    once = ONCE.match(text)
    if once:
        day = parse_date(once.group("date"))
        values = {
            "frequency": ActivitySchedule.Frequency.ONCE,
            "weekday": None,
            "week_of_month": None,
            "starts_on": day,
            "ends_on": None,
            "starts_on_given": True,
        }
    else:
        match = RECURRING.match(text)
        which = WHICH[match.group("which")]
        monthly = isinstance(which, int)
        values = {
            "frequency": ActivitySchedule.Frequency.MONTHLY if monthly else which,
            "weekday": DAYS[match.group("day")],
            "week_of_month": which if monthly else None,
            "starts_on": parse_date(match.group("from"))
            if match.group("from")
            else timezone.localdate(),
            "ends_on": parse_date(match.group("until")) if match.group("until") else None,
            "starts_on_given": bool(match.group("from")),
        }
        once = match
    values["start_time"] = parse_time(once.group("start"))
    values["end_time"] = parse_time(once.group("end"))
    if values["end_time"] <= values["start_time"]:
        raise ValueError
    if values["ends_on"] and values["ends_on"] < values["starts_on"]:
        raise ValueError
    return values
