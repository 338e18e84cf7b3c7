"""What one planned demo activity says: its title, price, how to take part, its
accessibility, its description and its interests. Pure functions of an activity idea and
the random generator (part of ``sites.demo.directory_plan``); each draws the same
numbers whatever it finds, so one activity never shifts the next."""

import random

from sites.demo.data.directory import (
    ACCESSIBILITY_NOTES,
    HOW_TO_JOIN,
    RELATED_INTERESTS,
    WHO_IT_SUITS,
    ActivityIdea,
)
from sites.demo.directory_places import made_up_phone, paragraphs
from sites.demo.directory_records import HANDS_ON_INTERESTS, WEEKDAY_NAMES, PlannedPlace
from sites.directory.models.mixins import ACCESSIBILITY_FEATURES


def activity_title(idea, weekday, hood: str, roll: float, in_hood: bool, taken: set[str]) -> str:
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


def activity_price(idea: ActivityIdea, rng: random.Random) -> tuple[bool, int]:
    roll = rng.random()
    prices = [price for price in idea.prices if price]
    if not prices:
        return False, 0
    if 0 in idea.prices and roll < 0.5:
        return False, 0
    return True, rng.choice(prices)


def free_note(rng: random.Random) -> str:
    return "Free. Donations are welcome." if rng.random() < 0.1 else ""


def taking_part(idea, domain, slug, organisation, rng) -> dict:
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
        fields["contact_phone"] = made_up_phone(rng)
    return fields


def activity_accessibility(place: "PlannedPlace | None", in_person: bool, rng) -> dict:
    features = {name: False for name, _ in ACCESSIBILITY_FEATURES}
    if place and in_person:
        for name in features:
            features[name] = place.fields[name]
    features["bsl"] = rng.random() < 0.06
    note = rng.choice(ACCESSIBILITY_NOTES)
    features["accessibility_notes"] = note if in_person and rng.random() < 0.2 else ""
    return features


def activity_description(idea: ActivityIdea, fields: dict, suits: set[str]) -> str:
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
    return paragraphs(sentences)


def activity_interests(idea: ActivityIdea, available: list[str], rng: random.Random) -> list[str]:
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
