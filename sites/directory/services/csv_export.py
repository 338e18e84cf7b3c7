"""The directory as one spreadsheet, for commissioners: one row per live activity.

Places show only their public address (a place with ``hide_street_address`` shows its
postcode district, as on the site). Every cell that a spreadsheet would run as a
formula (starting with = + - @, a tab or a carriage return) is prefixed with ' so it
stays text.
"""

import csv

from django.db.models import Prefetch
from django.db.models.functions import Lower

from wagtail.models import Page

from ..models import ActivityPage, ActivitySchedule, OrganisationPage
from ..models.mixins import ACCESSIBILITY_FEATURES

COLUMNS = [
    "Activity",
    "Organisation",
    "Kind",
    "Summary",
    "Place",
    "Address",
    "Interests",
    "When",
    "Cost",
    "Suitable for",
    "Accessibility",
    "How to take part",
    "How to join",
    "Last checked",
    "Shown on the site",
    "Web address",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _suitable_for(activity: ActivityPage) -> str:
    words = []
    if activity.mental_health_friendly:
        words.append("mental health")
    if activity.learning_disability_friendly:
        words.append("learning disabilities")
    if activity.carers_welcome:
        words.append("carers")
    if activity.beginners_welcome:
        words.append("beginners")
    if activity.gender:
        words.append(activity.get_gender_display().lower())
    if activity.age_min is not None or activity.age_max is not None:
        if activity.age_max is None:
            words.append(f"ages {activity.age_min} and over")
        elif activity.age_min is None:
            words.append(f"ages up to {activity.age_max}")
        else:
            words.append(f"ages {activity.age_min} to {activity.age_max}")
    return "; ".join(words)


def _taking_part(activity: ActivityPage) -> str:
    ways = [("in person", activity.in_person), ("online", activity.online)]
    ways.append(("by phone", activity.by_phone))
    return "; ".join(word for word, on in ways if on)


def activity_rows(base_url: str = ""):
    """Dicts keyed by COLUMNS, one per live activity, A to Z by organisation then activity."""
    organisations = {page.path: page for page in OrganisationPage.objects.all()}
    activities = (
        ActivityPage.objects.live()
        .select_related("place")
        .prefetch_related(
            "interests",
            Prefetch("schedules", queryset=ActivitySchedule.objects.order_by("sort_order")),
        )
        .order_by(Lower("title"), "pk")
    )
    rows = []
    for activity in activities:
        organisation = organisations.get(activity.path[: -Page.steplen])
        place = activity.place
        parts = activity.get_url_parts()
        rows.append(
            {
                "Activity": activity.title,
                "Organisation": organisation.title if organisation else "",
                "Kind": activity.get_kind_display(),
                "Summary": activity.summary,
                "Place": place.title if place else "",
                "Address": place.public_address if place else "",
                "Interests": "; ".join(interest.name for interest in activity.interests.all()),
                "When": "; ".join(activity.schedule_in_words),
                "Cost": activity.cost_in_words,
                "Suitable for": _suitable_for(activity),
                "Accessibility": "; ".join(
                    label.lower()
                    for name, label in ACCESSIBILITY_FEATURES
                    if getattr(activity, name)
                ),
                "How to take part": _taking_part(activity),
                "How to join": activity.get_access_mode_display(),
                "Last checked": activity.last_checked_on.isoformat(),
                "Shown on the site": "no (not checked for too long)"
                if activity.hidden_as_stale
                else "yes",
                "Web address": (base_url + parts[2]) if parts else "",
            }
        )
    rows.sort(key=lambda row: (row["Organisation"].lower(), row["Activity"].lower()))
    return rows


def write_directory_csv(out, base_url: str = "") -> int:
    """Write the spreadsheet to the text stream ``out``; returns the number of activities.

    Starts with a byte-order mark so Excel reads the £ signs and accents right.
    """
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = activity_rows(base_url)
    for row in rows:
        writer.writerow([safe_cell(row[column]) for column in COLUMNS])
    return len(rows)
