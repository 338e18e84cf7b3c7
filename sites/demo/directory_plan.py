"""What the demo directory of one borough holds: pure functions, no database.

``plan_directory`` turns the word lists in ``data.directory`` into places, organisations
and activities for one demo borough, with every field the page models need. It only uses
the random generator it is given, so the same borough, size and day always give the
same plan. Titles and slugs do not depend on the day or on the borough's interests, so
a run on another day finds the pages an earlier run made (``sites.demo.directory`` skips them).
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.text import slugify

from sites.demo.data.directory import (
    ACCESSIBILITY_NOTES,
    CLOSURE_REASONS,
    CONCESSIONS,
    GEOGRAPHY,
    HOME_INTERESTS,
    HOW_TO_JOIN,
    NAME_WORDS,
    ORGANISATION_KINDS,
    RELATED_INTERESTS,
    SUMMER_BREAK,
    VENUES,
    WHO_IT_SUITS,
    ActivityIdea,
    Neighbourhood,
    OrganisationKind,
)
from sites.directory.models.mixins import ACCESSIBILITY_FEATURES
from sites.directory.models.taxonomy import DEFAULT_INTERESTS


@dataclass(frozen=True)
class DirectorySize:
    organisations: int
    activities: int


DIRECTORY_SIZES = {
    "full": DirectorySize(organisations=100, activities=200),
    "small": DirectorySize(organisations=8, activities=16),
}

# Inward codes (the "8LF" of "SW9 8LF") never use these letters.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
HIDDEN_SHARE = 0.1  # about one place in ten is someone's home
# Activities with these interests are not also offered online.
HANDS_ON_INTERESTS = {
    "Sport and exercise",
    "Walking",
    "Gardening and outdoors",
    "Dance",
    "Cooking and food",
    "Arts and crafts",
    "Volunteering",
}
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass
class PlannedPlace:
    title: str
    slug: str
    venue: str  # a data.directory.VENUES key
    neighbourhood: str
    fields: dict

    @property
    def hidden(self) -> bool:
        return self.fields["hide_street_address"]


@dataclass
class PlannedActivity:
    title: str
    slug: str
    fields: dict
    interests: list[str]
    place: str | None  # a PlannedPlace slug
    schedules: list[dict]
    closures: list[dict]
    idea: ActivityIdea = field(repr=False, compare=False)


@dataclass
class PlannedOrganisation:
    title: str
    slug: str
    kind: str
    neighbourhood: str
    fields: dict
    activities: list[PlannedActivity] = field(default_factory=list)
    own_place: str | None = None

    @property
    def place_slugs(self) -> list[str]:
        slugs = [self.own_place] if self.own_place else []
        for activity in self.activities:
            if activity.place and activity.place not in slugs:
                slugs.append(activity.place)
        return slugs


@dataclass
class DirectoryPlan:
    places: list[PlannedPlace]
    organisations: list[PlannedOrganisation]

    @property
    def activities(self) -> list[PlannedActivity]:
        return [a for organisation in self.organisations for a in organisation.activities]

    def place(self, slug: str) -> PlannedPlace:
        return next(place for place in self.places if place.slug == slug)


def directory_size(size: str | DirectorySize) -> DirectorySize:
    if isinstance(size, DirectorySize):
        return size
    try:
        return DIRECTORY_SIZES[size]
    except KeyError:
        raise ValueError(f"Directory size must be one of {', '.join(DIRECTORY_SIZES)}.") from None


def plan_directory(
    demo,
    size: str | DirectorySize,
    rng: random.Random,
    *,
    today: datetime.date,
    interest_names: list[str] | None = None,
) -> DirectoryPlan:
    """Places, organisations and activities for one demo borough (a DemoBorough)."""
    size = directory_size(size)
    interest_names = (
        [name for name, _ in DEFAULT_INTERESTS] if interest_names is None else interest_names
    )
    neighbourhoods = GEOGRAPHY[demo.slug]
    book = _Book(demo, today, interest_names, _PlaceBook(_child(rng), today))
    organisations = _pick_organisations(demo, neighbourhoods, size.organisations, rng)
    counts = _activity_counts(organisations, size.activities, rng)
    plan = DirectoryPlan(places=book.places.planned, organisations=[])
    for picked, count in zip(organisations, counts, strict=True):
        plan.organisations.append(_plan_organisation(picked, count, book))
    _hide_enough_addresses(plan, book.places)
    return plan


@dataclass
class _Book:
    """What the plan of one borough keeps track of while it is drawn up."""

    demo: object
    today: datetime.date
    interest_names: list[str]
    places: "_PlaceBook"
    # How often each activity idea and each title is used so far: repeats are avoided.
    idea_uses: Counter = field(default_factory=Counter)
    titles: set[str] = field(default_factory=set)


def _child(rng: random.Random) -> random.Random:
    """A generator of its own, so that one part of the plan does not shift the next."""
    return random.Random(rng.getrandbits(64))  # noqa: S311 - demo content, not secrets


# --- Organisations -------------------------------------------------------------------


@dataclass
class _Picked:
    kind: OrganisationKind
    title: str
    neighbourhood: Neighbourhood
    focus: ActivityIdea | None
    rng: random.Random

    @property
    def ideas(self) -> list[ActivityIdea]:
        if self.focus:
            return [self.focus]
        return [idea for idea in self.kind.activities if not idea.specialist]


def _pick_organisations(demo, neighbourhoods, count: int, rng: random.Random) -> list[_Picked]:
    kinds = list(ORGANISATION_KINDS)
    weights = [kind.weight for kind in kinds]
    picked: list[_Picked] = []
    titles: set[str] = set()
    slugs: set[str] = set()
    while len(picked) < count:
        for _attempt in range(200):
            kind = rng.choices(kinds, weights)[0]
            hood = rng.choice(neighbourhoods)
            template, _, focus_title = rng.choice(kind.names).partition(" | ")
            title = _fill(template, rng, hood=hood, borough=demo.name)
            slug = slugify(title)[:80]
            if title not in titles and slug not in slugs:
                break
        else:
            raise ValueError(f"Ran out of organisation names for {demo.name}.")
        titles.add(title)
        slugs.add(slug)
        focus = _idea_titled(kind, focus_title.strip()) if focus_title else None
        picked.append(_Picked(kind, title, hood, focus, _child(rng)))
    return picked


def _idea_titled(kind: OrganisationKind, title: str) -> ActivityIdea:
    for idea in kind.activities:
        if idea.titles[0] == title:
            return idea
    raise ValueError(f"No activity idea titled {title!r} in {kind.key}.")


def _activity_counts(organisations: list[_Picked], total: int, rng: random.Random) -> list[int]:
    """How many activities each organisation runs, adding up to exactly ``total``."""
    capacity = [len(o.ideas) for o in organisations]
    if sum(capacity) < total or len(organisations) > total:
        raise ValueError(f"{len(organisations)} organisations cannot run {total} activities.")
    counts = [
        min(o.rng.randint(*o.kind.activity_range), room) if not o.focus else 1
        for o, room in zip(organisations, capacity, strict=True)
    ]
    while sum(counts) < total:
        index = rng.choice([i for i, c in enumerate(counts) if c < capacity[i]])
        counts[index] += 1
    while sum(counts) > total:
        index = rng.choice([i for i, c in enumerate(counts) if c > 1])
        counts[index] -= 1
    return counts


def _plan_organisation(picked: _Picked, count: int, book: _Book) -> PlannedOrganisation:
    rng, demo, today, places = picked.rng, book.demo, book.today, book.places
    own_place = None
    if picked.kind.own_venue:
        own_place = places.named(picked.title, picked.kind.own_venue, picked.neighbourhood)
        # A building of that name may already stand in another neighbourhood: that is
        # where the organisation is, then.
        picked.neighbourhood = _neighbourhood(demo, places.get(own_place).neighbourhood)
    slug = slugify(picked.title)[:80]
    domain = slug[:40].strip("-") + ".example.org"
    about = list(picked.kind.about)
    about.append(
        f"We are based in {picked.neighbourhood.name} and welcome people from all over {demo.name}."
    )
    organisation = PlannedOrganisation(
        title=picked.title,
        slug=slug,
        kind=picked.kind.key,
        neighbourhood=picked.neighbourhood.name,
        fields={
            "summary": picked.focus.summary if picked.focus else rng.choice(picked.kind.summaries),
            "description": _paragraphs(about),
            "website": f"https://{domain}/" if rng.random() < 0.8 else "",
            "email": f"hello@{domain}",
            "phone": _phone(rng) if rng.random() < 0.85 else "",
            "last_checked_on": today - datetime.timedelta(days=rng.randint(3, 150)),
        },
        own_place=own_place,
    )
    used_slugs: set[str] = set()
    for idea in _pick_ideas(picked.ideas, count, book.idea_uses, rng):
        activity = _plan_activity(idea, organisation, picked, book, domain, rng)
        while activity.slug in used_slugs:
            activity.title += " (2)"
            activity.slug = slugify(activity.title)[:80]
        used_slugs.add(activity.slug)
        organisation.activities.append(activity)
    return organisation


def _pick_ideas(ideas: list[ActivityIdea], count: int, uses: Counter, rng) -> list[ActivityIdea]:
    """``count`` different ideas, favouring those the borough has fewer of so far."""
    pool, picked = list(ideas), []
    for _ in range(count):
        weights = [1 / (1 + uses[idea.titles[0]]) ** 2 for idea in pool]
        idea = rng.choices(pool, weights)[0]
        pool.remove(idea)
        uses[idea.titles[0]] += 1
        picked.append(idea)
    return picked


# --- Activities ----------------------------------------------------------------------


def _plan_activity(idea, organisation, picked, book: _Book, domain, rng) -> PlannedActivity:
    places, today = book.places, book.today
    schedules = _schedules(idea, rng, today)
    weekday = schedules[0]["weekday"]
    title_roll, in_hood = rng.random(), rng.random() < 0.3
    place_slug = _venue_for(idea, organisation, picked, places, rng, in_hood=in_hood)
    place = places.get(place_slug)
    hood = place.neighbourhood if place else organisation.neighbourhood
    title = _title(idea, weekday, hood, title_roll, in_hood, book.titles)
    book.titles.add(title)
    slug = slugify(title)[:80]
    paid, price = _price(idea, rng)
    first_session_free = paid and idea.per == "a session" and rng.random() < 0.35
    suits = set(idea.suits)
    fields = {
        "kind": idea.kind,
        "summary": idea.summary,
        "is_free": not paid,
        "cost_amount": Decimal(price) if paid else None,
        "cost_details": f"£{price} {idea.per}" if paid else _free_note(rng),
        "concessions": rng.choice(CONCESSIONS) if paid and rng.random() < 0.55 else "",
        "first_session_free": first_session_free,
        "age_min": idea.ages[0] if idea.ages[0] else (18 if rng.random() < 0.05 else None),
        "age_max": idea.ages[1],
        "gender": idea.gender,
        "learning_disability_friendly": "learning-disabilities" in suits or rng.random() < 0.2,
        "mental_health_friendly": "mental-health" in suits or rng.random() < 0.3,
        "carers_welcome": "carers" in suits or rng.random() < 0.2,
        "beginners_welcome": idea.kind == "course" or rng.random() < 0.9,
        "last_checked_on": today - datetime.timedelta(days=rng.randint(3, 150)),
    }
    fields.update(_taking_part(idea, domain, slug, organisation, rng))
    fields.update(_activity_accessibility(place, fields["in_person"], rng))
    fields["description"] = _activity_description(idea, fields, suits)
    return PlannedActivity(
        title=title,
        slug=slug,
        fields=fields,
        interests=_interests(idea, book.interest_names, rng),
        place=place_slug,
        schedules=schedules,
        closures=_closures(schedules, rng, today),
        idea=idea,
    )


def _title(idea, weekday, hood: str, roll: float, in_hood: bool, taken: set[str]) -> str:
    """One of the idea's titles, with the day or the neighbourhood where that helps
    tell it apart from another activity of the same name."""
    local = idea.mode == "in-person"
    candidates = []
    for template in idea.titles:
        if "{day}" in template:
            if weekday is not None:
                candidates.append(template.replace("{day}", WEEKDAY_NAMES[weekday]))
        else:
            candidates.append(f"{template} in {hood}" if in_hood and local else template)
    first = candidates[int(roll * len(candidates))]
    others = [c for c in candidates if c != first]
    if local:
        others += [f"{c} in {hood}" for c in [first, *others] if not c.endswith(f" in {hood}")]
    return next((c for c in [first, *others] if c not in taken), first)


def _venue_for(idea, organisation, picked, places, rng, *, in_hood: bool) -> str | None:
    if idea.mode in ("online", "phone"):
        return None
    if organisation.own_place and picked.kind.own_venue in idea.venues:
        return organisation.own_place
    kinds = [kind for kind in idea.venues if kind != "home"] or ["community-centre"]
    home_roll = rng.random()
    kind_roll = rng.choice(kinds)
    hood_roll = rng.random()
    if "home" in idea.venues and (home_roll < 0.35 or idea.venues == ("home",)):
        return places.home(picked.neighbourhood)
    hood = picked.neighbourhood if in_hood or hood_roll < 0.8 else None
    return places.venue(kind_roll, hood or places.rng.choice(_all_hoods(picked)))


def _neighbourhood(demo, name: str) -> Neighbourhood:
    return next(hood for hood in GEOGRAPHY[demo.slug] if hood.name == name)


def _all_hoods(picked: _Picked) -> tuple[Neighbourhood, ...]:
    for neighbourhoods in GEOGRAPHY.values():
        if picked.neighbourhood in neighbourhoods:
            return neighbourhoods
    return (picked.neighbourhood,)


def _price(idea: ActivityIdea, rng: random.Random) -> tuple[bool, int]:
    roll = rng.random()
    prices = [price for price in idea.prices if price]
    if not prices:
        return False, 0
    if 0 in idea.prices and roll < 0.5:
        return False, 0
    return True, rng.choice(prices)


def _free_note(rng: random.Random) -> str:
    return "Free. Donations are welcome." if rng.random() < 0.1 else ""


def _taking_part(idea, domain, slug, organisation, rng) -> dict:
    hybrid = (
        idea.mode == "in-person"
        and idea.kind in ("group", "class")
        and not set(idea.interests) & HANDS_ON_INTERESTS
        and rng.random() < 0.07
    )
    online = idea.mode == "online" or hybrid
    fields = {
        "in_person": idea.mode == "in-person",
        "online": online,
        "by_phone": idea.mode == "phone",
        "access_mode": idea.join,
        "online_url": f"https://meet.example.org/{domain.split('.')[0][:30]}-{slug[:30]}"
        if online
        else "",
        "booking_url": f"https://{domain}/book/" if idea.join == "book" else "",
        "contact_email": organisation.fields["email"] if idea.join != "drop-in" else "",
        "contact_phone": organisation.fields["phone"]
        if idea.join == "referral" or idea.mode == "phone"
        else "",
    }
    if not fields["contact_phone"] and idea.mode == "phone":
        fields["contact_phone"] = _phone(rng)
    return fields


def _activity_accessibility(place: "PlannedPlace | None", in_person: bool, rng) -> dict:
    features = {name: False for name, _ in ACCESSIBILITY_FEATURES}
    if place and in_person:
        for name in features:
            features[name] = place.fields[name]
    features["bsl"] = rng.random() < 0.06
    note = rng.choice(ACCESSIBILITY_NOTES)
    features["accessibility_notes"] = note if in_person and rng.random() < 0.2 else ""
    return features


def _activity_description(idea: ActivityIdea, fields: dict, suits: set[str]) -> str:
    sentences = [idea.about]
    for key, flag in (
        ("learning-disabilities", "learning_disability_friendly"),
        ("mental-health", "mental_health_friendly"),
        ("carers", "carers_welcome"),
    ):
        if key in suits or fields[flag]:
            sentences.append(WHO_IT_SUITS[key])
    if idea.bring:
        sentences.append(f"What to bring: {idea.bring[0].lower()}{idea.bring[1:]}")
    if fields["first_session_free"]:
        sentences.append("Your first session is free, so you can see if you like it.")
    if fields["by_phone"]:
        sentences.append("We call you, so it does not cost you anything.")
    sentences.append(HOW_TO_JOIN[idea.join])
    return _paragraphs(sentences)


def _interests(idea: ActivityIdea, available: list[str], rng: random.Random) -> list[str]:
    """One to three of the borough's interests (always the same number of draws)."""
    extra_roll, pick_roll = rng.random(), rng.random()
    chosen = [name for name in idea.interests if name in available][:3]
    if not available:
        return []
    if not chosen:
        return [available[int(pick_roll * len(available))]]
    related = [
        name
        for name in RELATED_INTERESTS.get(idea.interests[0], ())
        if name in available and name not in chosen
    ]
    if related and extra_roll < 0.3 and len(chosen) < 3:
        chosen.append(related[int(pick_roll * len(related))])
    return chosen


# --- Schedules and closures ----------------------------------------------------------


def _schedules(idea: ActivityIdea, rng: random.Random, today: datetime.date) -> list[dict]:
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


def _closures(schedules: list[dict], rng: random.Random, today: datetime.date) -> list[dict]:
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


# --- Places --------------------------------------------------------------------------


class _PlaceBook:
    """The places planned so far, looked up by slug, title, kind and neighbourhood."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.planned: list[PlannedPlace] = []
        self._by_slug: dict[str, PlannedPlace] = {}
        self._by_title: dict[str, PlannedPlace] = {}

    def get(self, slug: str | None) -> PlannedPlace | None:
        return self._by_slug.get(slug) if slug else None

    def named(self, title: str, venue: str, hood: Neighbourhood) -> str:
        """The place with this title (an organisation's own building), made if new."""
        if title in self._by_title:
            return self._by_title[title].slug
        return self._add(title, venue, hood)

    def venue(self, venue: str, hood: Neighbourhood) -> str:
        """A place of this kind in the neighbourhood: often one already planned."""
        nearby = [p for p in self.planned if p.venue == venue and p.neighbourhood == hood.name]
        if nearby and (len(nearby) >= 3 or self.rng.random() < 0.65):
            return self.rng.choice(nearby).slug
        kind = VENUES[venue]
        for _attempt in range(12):
            title = _fill(self.rng.choice(kind.names), self.rng, hood=hood)
            if title not in self._by_title and slugify(title)[:80] not in self._by_slug:
                return self._add(title, venue, hood)
        if nearby:
            return self.rng.choice(nearby).slug
        anywhere = [p for p in self.planned if p.venue == venue]
        if anywhere:
            return self.rng.choice(anywhere).slug
        return self.venue("community-centre", hood)

    def home(self, hood: Neighbourhood) -> str:
        """Someone's home, where a small group meets: its street address is never shown."""
        for _attempt in range(30):
            title = _fill(VENUES["home"].names[0], self.rng, hood=hood)
            if title not in self._by_title:
                return self._add(title, "home", hood)
        return self._add(f"A member's home, {hood.name} {len(self.planned)}", "home", hood)

    def _add(self, title: str, venue: str, hood: Neighbourhood) -> str:
        rng = self.rng
        kind = VENUES[venue]
        latitude, longitude = hood.centre
        # "Acre Lane Community Hall" is on Acre Lane.
        named = [street for street in hood.streets if _street_name(street) in title]
        street = named[0] if named else rng.choice(hood.streets)
        fields = {
            "summary": rng.choice(kind.summaries),
            "address_line_1": f"{rng.randint(1, 240)} {street}",
            "address_line_2": hood.name if hood.town != hood.name and rng.random() < 0.5 else "",
            "town": hood.town,
            "postcode": _postcode(rng, rng.choice(hood.districts)),
            "latitude": Decimal(f"{latitude + rng.uniform(-0.006, 0.006):.6f}"),
            "longitude": Decimal(f"{longitude + rng.uniform(-0.009, 0.009):.6f}"),
            "hide_street_address": kind.hidden,
            "opening_times": rng.choice(kind.opening_times),
            "last_checked_on": self.today - datetime.timedelta(days=rng.randint(3, 150)),
        }
        for name, _ in ACCESSIBILITY_FEATURES:
            fields[name] = rng.random() < kind.access.get(name, 0)
        note = rng.choice(ACCESSIBILITY_NOTES)
        fields["accessibility_notes"] = note if rng.random() < 0.25 else ""
        slug = slugify(title)[:80]
        place = PlannedPlace(title, slug, venue, hood.name, fields)
        self.planned.append(place)
        self._by_slug[slug] = place
        self._by_title[title] = place
        return slug


def _hide_enough_addresses(plan: DirectoryPlan, places: _PlaceBook) -> None:
    """At least one place in ten is a home: move small groups there if too few are.

    First groups that may meet in a home anyway, then the same at an organisation's own
    building, then other small groups about things people do at home.
    """
    by_name = {hood.name: hood for hoods in GEOGRAPHY.values() for hood in hoods}

    def short() -> bool:
        wanted = max(1, round(HIDDEN_SHARE * len(plan.places)))
        return sum(place.hidden for place in plan.places) < wanted

    def movable(activity: PlannedActivity, organisation, step: int) -> bool:
        place = places.get(activity.place)
        if place is None or place.hidden:
            return False
        at_own_place = activity.place == organisation.own_place
        if "home" in activity.idea.venues:
            return step >= 1 or not at_own_place
        return (
            step == 2
            and not at_own_place
            and activity.idea.kind in ("group", "support", "club")
            and set(activity.idea.interests) <= HOME_INTERESTS
        )

    for step in range(3):
        for organisation in plan.organisations:
            for activity in organisation.activities:
                if not short():
                    return
                if not movable(activity, organisation, step):
                    continue
                # In the same neighbourhood as before: its name may say where it is.
                where = places.get(activity.place).neighbourhood
                activity.place = places.home(by_name[where])
                activity.fields.update(
                    _activity_accessibility(
                        places.get(activity.place), activity.fields["in_person"], places.rng
                    )
                )


# --- Words ---------------------------------------------------------------------------


def _fill(template: str, rng: random.Random, *, hood: Neighbourhood, borough: str = "") -> str:
    words = {key: rng.choice(values) for key, values in NAME_WORDS.items()}
    return template.format(
        hood=hood.name, borough=borough, street=_street_name(rng.choice(hood.streets)), **words
    )


def _street_name(street: str) -> str:
    """'Acre Lane' for names like 'Acre Lane Growers'; 'High Street' stays as it is."""
    return street.removeprefix("The ")


def _postcode(rng: random.Random, district: str) -> str:
    return f"{district} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def _phone(rng: random.Random) -> str:
    # Ofcom keeps 020 7946 0000 to 0999 for drama: never a real line.
    return f"020 7946 0{rng.randint(0, 999):03d}"


def _paragraphs(sentences: list[str]) -> str:
    return "".join(f"<p>{escape(sentence, quote=False)}</p>" for sentence in sentences)
