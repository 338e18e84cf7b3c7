"""When each planned demo activity meets, and when it is closed: pure functions of the
random generator and the day (part of ``sites.demo.directory_plan``)."""

import datetime
import random

from sites.demo.data.directory import CLOSURE_REASONS, SUMMER_BREAK, ActivityIdea


def plan_schedules(idea: ActivityIdea, rng: random.Random, today: datetime.date) -> list[dict]:
    start, end = (_time(value) for value in rng.choice(idea.times))
    rhythm = idea.rhythm
    if rhythm == "regular":
        rhythm = rng.choices(["weekly", "fortnightly", "monthly"], [55, 20, 25])[0]
    weekday = _weekday(rng, rhythm)
    if rhythm == "event":
        offsets = sorted(rng.sample(range(3, 57), rng.choice([1, 1, 2, 3])))
        return [_once(today + datetime.timedelta(days=offset), start, end) for offset in offsets]
    if rhythm == "course":
        starts_on = _on_weekday(today + datetime.timedelta(days=rng.randint(-21, 35)), weekday)
        weeks = rng.choice([6, 8, 10, 12])
        return [
            _recurring(
                "weekly",
                weekday,
                starts_on,
                start,
                end,
                ends_on=starts_on + datetime.timedelta(weeks=weeks - 1),
            )
        ]
    began = today - datetime.timedelta(days=rng.randint(30, 700))
    if rhythm == "monthly":
        week = rng.choice([1, 1, 2, 3, 4, -1])
        return [
            _recurring("monthly", weekday, _nth_weekday(began, weekday, week), start, end, week)
        ]
    schedules = [_recurring(rhythm, weekday, _on_weekday(began, weekday), start, end)]
    if rhythm == "weekly" and rng.random() < 0.15:
        other = (weekday + rng.choice([2, 3])) % 7
        schedules.append(_recurring("weekly", other, _on_weekday(began, other), start, end))
    return schedules


def _weekday(rng: random.Random, rhythm: str) -> int:
    if rng.random() < (0.3 if rhythm == "event" else 0.12):
        return rng.choice([5, 5, 6])
    return rng.randrange(5)


def _recurring(frequency, weekday, starts_on, start, end, week=None, ends_on=None) -> dict:
    return {
        "frequency": frequency,
        "weekday": weekday,
        "week_of_month": week,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "start_time": start,
        "end_time": end,
    }


def _once(day: datetime.date, start, end) -> dict:
    return {
        "frequency": "once",
        "weekday": None,
        "week_of_month": None,
        "starts_on": day,
        "ends_on": None,
        "start_time": start,
        "end_time": end,
    }


def plan_closures(schedules: list[dict], rng: random.Random, today: datetime.date) -> list[dict]:
    christmas_roll, summer_roll, day_roll = rng.random(), rng.random(), rng.random()
    recurring = [s for s in schedules if s["frequency"] != "once"]
    if not recurring:
        return []
    year = today.year if today <= datetime.date(today.year, 12, 28) else today.year + 1
    closures = []
    if christmas_roll < 0.35:
        closures.append(
            {
                "starts_on": datetime.date(year, 12, 22 if day_roll < 0.5 else 24),
                "ends_on": datetime.date(year + 1, 1, 1 if day_roll < 0.7 else 2),
                "reason": CLOSURE_REASONS[0 if day_roll < 0.6 else 1],
            }
        )
    summer_year = today.year if today < datetime.date(today.year, 8, 1) else today.year + 1
    if summer_roll < 0.1:
        starts_on = datetime.date(summer_year, 8, 1) + datetime.timedelta(days=int(day_roll * 14))
        closures.append(
            {
                "starts_on": starts_on,
                "ends_on": starts_on + datetime.timedelta(days=13),
                "reason": SUMMER_BREAK,
            }
        )
    last_end = max(s["ends_on"] or datetime.date.max for s in recurring)
    return [c for c in closures if c["starts_on"] <= last_end]


def _time(value: str) -> datetime.time:
    hour, minute = value.split(":")
    return datetime.time(int(hour), int(minute))


def _on_weekday(day: datetime.date, weekday: int) -> datetime.date:
    """The first date on or after ``day`` that falls on ``weekday``."""
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _nth_weekday(day: datetime.date, weekday: int, week: int) -> datetime.date:
    """The first (1..4) or last (-1) ``weekday`` of the month ``day`` is in."""
    first = _on_weekday(day.replace(day=1), weekday)
    if week > 0:
        return first + datetime.timedelta(weeks=week - 1)
    next_month = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return _on_weekday(next_month, weekday) - datetime.timedelta(weeks=1)
