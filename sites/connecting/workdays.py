"""Working days in England: no weekends, no England and Wales bank holidays.

Bank holidays come from the maintained ``holidays`` library (GB, subdivision ENG), which
knows substitute days (Boxing Day 2026 falls on a Saturday, so Monday 28 December is a
bank holiday) and one-off days the government announces.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
    day = start
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
