"""Query parameters: each parsed and checked here, or refused with a clear 400.

Nothing unchecked reaches the database, so no value a client sends can cause a 500
(non-numbers, huge numbers, NUL bytes, impossible dates and times). A parameter given
with an empty value (``taxonomy_id=``) is refused like any other bad value, never read
as "no filter": leave a parameter out to not use it. Parameters we do not know are
ignored, as HTTP APIs usually do.
"""

import datetime
import math
import re
import uuid
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ..models.pages import UK_POSTCODE
from ..models.schedule import RRULE_DAYS

MAX_TEXT_LENGTH = 200
MAX_AGE = 150
OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?$")
DAY_NAMES = {
    name: index
    for index, names in enumerate(
        [
            ("mo", "mon", "monday"),
            ("tu", "tue", "tues", "tuesday"),
            ("we", "wed", "wednesday"),
            ("th", "thu", "thur", "thurs", "thursday"),
            ("fr", "fri", "friday"),
            ("sa", "sat", "saturday"),
            ("su", "sun", "sunday"),
        ]
    )
    for name in names
}


def _any_case(word: str) -> str:
    """A regular expression for ``word`` in any case, without flags (which OpenAPI lacks)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


_DAY = "(?:" + "|".join(_any_case(n) for n in sorted(DAY_NAMES, key=len, reverse=True)) + ")"
# What the OpenAPI document states (spaces around values are allowed as well).
DAY_PATTERN = f"^{_DAY}(?:,{_DAY})*$"
POSTCODE_PATTERN = "^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?(?: ?[0-9][A-Za-z]{2})?$"
# Not empty, not only spaces, no NUL.
TEXT_PATTERN = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
TRUE_WORDS = {"true", "1", "yes"}
FALSE_WORDS = {"false", "0", "no"}


class ParamError(ValueError):
    """A query parameter we cannot use; answered with 400 and this message."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def _value(query: QueryDict, name: str) -> str | None:
    """The parameter's value without surrounding spaces; None when it is not given."""
    value = query.get(name)
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise ParamError(name, f"{name} is empty: give it a value, or leave {name} out.")
    return value


def text(query: QueryDict, *names: str) -> str | None:
    """Free text, from the first of ``names`` given (``text`` and ``search`` are aliases).

    Every one given is checked, so a bad value is refused even beside a good one.
    """
    found = []
    for name in names:
        value = _value(query, name)
        if value is None:
            continue
        if "\x00" in value:
            raise ParamError(name, f"{name} must not contain NUL characters.")
        if len(value) > MAX_TEXT_LENGTH:
            raise ParamError(name, f"{name} must be at most {MAX_TEXT_LENGTH} characters long.")
        found.append(value)
    return found[0] if found else None


def integer(query: QueryDict, name: str, default: int, minimum: int, maximum: int) -> int:
    value = _value(query, name)
    if value is None:
        return default
    if not re.fullmatch(r"[+-]?[0-9]+", value):
        raise ParamError(name, f"{name} must be a whole number, not '{value[:40]}'.")
    # Beyond a dozen digits it is out of range whatever it is; no need to convert it.
    number = int(value) if len(value) <= 12 else None
    if number is None or not minimum <= number <= maximum:
        raise ParamError(
            name, f"{name} must be a whole number from {minimum} to {maximum}, not {value[:40]}."
        )
    return number


def identifier(value: str, name: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(value.strip())
    except (ValueError, AttributeError, TypeError):
        raise ParamError(
            name, f"{name} must be a UUID such as 3f7b145d-84af-42d7-8fae-eaca714b02b2."
        ) from None


def optional_identifier(query: QueryDict, name: str) -> uuid.UUID | None:
    value = _value(query, name)
    return None if value is None else identifier(value, name)


def boolean(query: QueryDict, name: str) -> bool:
    value = _value(query, name)
    if value is None:
        return False
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ParamError(name, f"{name} must be true or false.")


def days(query: QueryDict, name: str = "day") -> list[int]:
    """'TU', 'tuesday', 'Tue' or a comma-separated list of them -> [1] (0 is Monday)."""
    value = _value(query, name)
    if value is None:
        return []
    found = []
    for part in value.split(","):
        day = DAY_NAMES.get(part.strip().lower())
        if day is None:
            raise ParamError(
                name,
                f"{name} must be a day of the week: one of {', '.join(RRULE_DAYS)} "
                "(or its name, such as Tuesday), or several separated by commas.",
            )
        if day not in found:
            found.append(day)
    return found


def time_of_day(query: QueryDict, name: str) -> datetime.time | None:
    value = _value(query, name)
    if value is None:
        return None
    match = TIME.match(value)
    if not match:
        raise ParamError(
            name, f"{name} must be a local UK time as HH:MM or HH:MM:SS, such as 09:30."
        )
    hour, minute, second = match.groups()
    return datetime.time(int(hour), int(minute), int(second or 0))


def age(query: QueryDict, name: str) -> float | None:
    value = _value(query, name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ParamError(name, f"{name} must be a number of years.") from None
    if not math.isfinite(number) or not 0 <= number <= MAX_AGE:
        raise ParamError(name, f"{name} must be between 0 and {MAX_AGE}.")
    return number


def moment(query: QueryDict, name: str) -> datetime.datetime | None:
    """An ISO 8601 date or date-time; without a time zone, UK local time."""
    value = _value(query, name)
    if value is None:
        return None
    # An unencoded "+01:00" arrives as " 01:00".
    candidates = [value, value.replace(" ", "+")] if " " in value else [value]
    for candidate in candidates:
        try:
            parsed = parse_datetime(candidate)
            if parsed is None and (day := parse_date(candidate)) is not None:
                parsed = datetime.datetime.combine(day, datetime.time.min)
        except ValueError:
            parsed = None
        if parsed is not None:
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            try:
                return parsed.astimezone(datetime.UTC)
            except OverflowError:
                break
    raise ParamError(
        name, f"{name} must be an ISO 8601 date or date-time, such as 2026-01-31T09:00:00Z."
    )


def postcode_district(query: QueryDict, name: str = "postcode") -> str | None:
    """A full postcode or its district ('SE1 7PB' or 'SE1') -> the district, 'SE1'."""
    value = _value(query, name)
    if value is None:
        return None
    compact = re.sub(r"\s+", "", value.upper())
    match = UK_POSTCODE.match(compact)
    if match:
        return match.group(1)
    if OUTWARD_CODE.match(compact):
        return compact
    raise ParamError(name, f"{name} must be a UK postcode such as SE1 7PB, or its district, SE1.")


@dataclass
class ServiceFilters:
    """The filters of /services and /service_at_locations, checked."""

    text: str | None = None
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    days: list[int] = field(default_factory=list)
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    modified_after: datetime.datetime | None = None
    postcode_district: str | None = None

    @classmethod
    def from_query(cls, query: QueryDict, with_postcode: bool = False) -> "ServiceFilters":
        filters = cls(
            text=text(query, "text", "search"),
            taxonomy_term_id=optional_identifier(query, "taxonomy_term_id"),
            taxonomy_id=optional_identifier(query, "taxonomy_id"),
            organization_id=optional_identifier(query, "organization_id"),
            days=days(query),
            start_time=time_of_day(query, "start_time"),
            end_time=time_of_day(query, "end_time"),
            minimum_age=age(query, "minimum_age"),
            maximum_age=age(query, "maximum_age"),
            modified_after=moment(query, "modified_after"),
        )
        if filters.start_time and filters.end_time and filters.start_time >= filters.end_time:
            raise ParamError("end_time", "end_time must be later than start_time.")
        if with_postcode:
            filters.postcode_district = postcode_district(query)
            if "proximity" in query:
                raise ParamError(
                    "proximity",
                    "proximity is not supported here: use postcode alone, which finds "
                    "places in the same postcode district.",
                )
        return filters
