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

from django.utils.text import slugify

from sites.demo.data.directory import (
    CONCESSIONS,
    GEOGRAPHY,
    HOME_INTERESTS,
    ORGANISATION_KINDS,
    ActivityIdea,
    Neighbourhood,
    OrganisationKind,
)
from sites.demo.directory_activities import (
    activity_accessibility,
    activity_description,
    activity_interests,
    activity_price,
    activity_title,
    free_note,
    taking_part,
)
from sites.demo.directory_places import PlaceBook, fill_in, made_up_phone, paragraphs
from sites.demo.directory_records import (
    HIDDEN_SHARE,
    DirectoryPlan,
    DirectorySize,
    PlannedActivity,
    PlannedOrganisation,
    directory_size,
)
from sites.demo.directory_schedules import plan_closures, plan_schedules
from sites.directory.models.taxonomy import DEFAULT_INTERESTS


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
    book = _Book(demo, today, interest_names, PlaceBook(_child(rng), today))
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
    places: "PlaceBook"
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
            title = fill_in(template, rng, hood=hood, borough=demo.name)
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
            "description": paragraphs(about),
            "website": f"https://{domain}/" if rng.random() < 0.8 else "",
            "email": f"hello@{domain}",
            "phone": made_up_phone(rng) if rng.random() < 0.85 else "",
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
    schedules = plan_schedules(idea, rng, today)
    weekday = schedules[0]["weekday"]
    title_roll, in_hood = rng.random(), rng.random() < 0.3
    place_slug = _venue_for(idea, organisation, picked, places, rng, in_hood=in_hood)
    place = places.get(place_slug)
    hood = place.neighbourhood if place else organisation.neighbourhood
    title = activity_title(idea, weekday, hood, title_roll, in_hood, book.titles)
    book.titles.add(title)
    slug = slugify(title)[:80]
    paid, price = activity_price(idea, rng)
    first_session_free = paid and idea.per == "a session" and rng.random() < 0.35
    suits = set(idea.suits)
    fields = {
        "kind": idea.kind,
        "summary": idea.summary,
        "is_free": not paid,
        "cost_amount": Decimal(price) if paid else None,
        "cost_details": f"£{price} {idea.per}" if paid else free_note(rng),
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
    fields.update(taking_part(idea, domain, slug, organisation, rng))
    fields.update(activity_accessibility(place, fields["in_person"], rng))
    fields["description"] = activity_description(idea, fields, suits)
    return PlannedActivity(
        title=title,
        slug=slug,
        fields=fields,
        interests=activity_interests(idea, book.interest_names, rng),
        place=place_slug,
        schedules=schedules,
        closures=plan_closures(schedules, rng, today),
        idea=idea,
    )


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


def _hide_enough_addresses(plan: DirectoryPlan, places: PlaceBook) -> None:
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
                    activity_accessibility(
                        places.get(activity.place), activity.fields["in_person"], places.rng
                    )
                )
