"""The demo boroughs' Easy Read: the key pages in sites/demo/data/easy_read.py, and an
"In simple words" summary for a few listings, built from their own facts."""

from dataclasses import dataclass

from django.utils import timezone, translation

from wagtail.models import Site

from sites.community.events.recurrence import LONDON, week_of_month
from sites.community.models import CommunityGroup, Event
from sites.connecting.models import ConnectingSettings
from sites.core.words import date_in_words, day_name, time_in_words
from sites.demo.data import easy_read as words
from sites.demo.pictograms import alt_text, pictogram
from sites.directory.models import ActivityPage, OrganisationPage, PlacePage
from sites.standard.models import StandardPage

LISTINGS_EACH = 3


@dataclass
class EasyReadSeeded:
    pages: int = 0
    listings: int = 0

    @property
    def total(self) -> int:
        return self.pages + self.listings

    def __str__(self):
        return f"Easy Read for {self.pages} key pages and {self.listings} listings"


def points(plan, borough_name: str) -> list[tuple[str, dict]]:
    """StreamField data: one point per (picture, lines)."""
    return [
        (
            "point",
            {
                "text": "\n".join(line.replace("{borough}", borough_name) for line in lines),
                "picture": pictogram(picture),
                "alt_text": alt_text(picture),
            },
        )
        for picture, lines in plan
    ]


def activity_plan(activity: ActivityPage, borough_name: str):
    first = [f"{activity.title} is a {activity.get_kind_display().lower()} in {borough_name}."]
    if activity.beginners_welcome:
        first.append("Beginners are welcome.")
    cost = "It is free." if activity.is_free else "It costs money. Ask how much."
    return [
        ("people", first),
        ("money", [cost]),
        ("pointer", [words.HOW_TO_JOIN.get(activity.access_mode, "Ask how to join.")]),
        ("calendar", ["The days and times are below."]),
        ("phone", ["Have a question? Call or email them.", "Their details are below."]),
    ]


def organisation_plan(organisation: OrganisationPage, borough_name: str):
    return [
        ("people", [f"{organisation.title} runs activities in {borough_name}."]),
        ("search", ["You can see what they run on this page."]),
        ("phone", ["Have a question? Call or email them.", "Their details are below."]),
    ]


def place_plan(place: PlacePage, borough_name: str):
    return [
        ("place", [f"{place.title} is a place in {borough_name}.", "Activities happen here."]),
        ("pointer", ["The address is below."]),
        ("question", ["Read about access below before you go."]),
    ]


def group_plan(group: CommunityGroup, borough_name: str):
    return [
        ("people", [f"{group.name} is a group of people in {borough_name}."]),
        ("helper", ["Members meet and talk about things they like."]),
        ("form", ["You can ask to join."]),
    ]


# "Second Tuesday of the month" as Easy Read says it (recurrence.week_of_month's numbers).
NTH = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def event_when(event: Event) -> list[str]:
    """When it is, in full, one short sentence a line, as an Easy Read writer puts it
    (docs/easy-read.md: dates in full, "Saturday 3 May"; times as "2pm")."""
    start = timezone.localtime(event.starts_at, LONDON)
    end = timezone.localtime(event.ends_at, LONDON)
    with translation.override("en-gb"):  # the demo's words are English
        date, day = date_in_words(start.date()), day_name(start.date())
        lines = {
            Event.Repeat.NEVER: [f"It is on {date}."],
            Event.Repeat.WEEKLY: [f"It is every {day}.", f"The first one is on {date}."],
            Event.Repeat.FORTNIGHTLY: [
                f"It is every other {day}.",
                f"The first one is on {date}.",
            ],
            Event.Repeat.MONTHLY: [
                f"It is on the {NTH[week_of_month(start.date())]} {day} of each month.",
                f"The first one is on {date}.",
            ],
        }[event.repeat]
        if event.repeat != Event.Repeat.NEVER and event.repeat_until:
            lines.append(f"The last one is on {date_in_words(event.repeat_until)}.")
        lines.append(
            f"It starts at {time_in_words(start.time())} and ends at {time_in_words(end.time())}."
        )
    return lines


def event_plan(event: Event, borough_name: str):
    return [
        ("calendar", [f"{event.title} is an event.", *event_when(event)]),
        ("pointer", ["Read where it is below."]),
        ("question", ["Have a question? Ask the people who run it."]),
    ]


def _fill(item, plan, borough_name: str) -> int:
    if item.easy_read:
        return 0  # an editor's (or an earlier run's) words are kept
    item.easy_read = points(plan, borough_name)
    if hasattr(item, "save_revision"):
        item.save_revision().publish()
    else:
        item.save(update_fields=["easy_read"])
    return 1


def _picture(page, pictures) -> int:
    """Give the starting Easy Read points of ``page`` the demo's pictures, in order; an
    Editor's (or an earlier run's) points, with a picture or a different count, are kept."""
    stream = list(page.easy_read or [])
    if len(stream) != len(pictures) or any(point.value["picture"] for point in stream):
        return 0
    page.easy_read = [
        (
            "point",
            {"text": point.value["text"], "picture": pictogram(name), "alt_text": alt_text(name)},
        )
        for point, name in zip(stream, pictures, strict=True)
    ]
    page.save_revision().publish()
    return 1


def seed_easy_read(borough) -> EasyReadSeeded:
    seeded = EasyReadSeeded()
    name = borough.name
    site = Site.objects.get(is_default_site=True)
    seeded.pages += _fill(site.root_page.specific, words.HOME, name)
    for kind, plan in words.STANDARD_PAGES.items():
        page = StandardPage.objects.filter(kind=kind).first()
        if page is not None:
            seeded.pages += _fill(page, plan, name)
    for kind, pictures in words.STARTING_PICTURES.items():
        page = StandardPage.objects.filter(kind=kind).first()
        if page is not None:
            seeded.pages += _picture(page, pictures)
    settings = ConnectingSettings.for_site(site)
    if not settings.get_support_easy_read:
        settings.get_support_easy_read = points(words.GET_SUPPORT, name)
        settings.save()
        seeded.pages += 1
    listings = [
        (
            ActivityPage.objects.live().order_by("-learning_disability_friendly", "title"),
            activity_plan,
        ),
        (OrganisationPage.objects.live().order_by("title"), organisation_plan),
        (PlacePage.objects.live().order_by("title"), place_plan),
        (CommunityGroup.objects.filter(status=CommunityGroup.Status.APPROVED), group_plan),
        (Event.objects.filter(status=Event.Status.PUBLISHED).order_by("starts_at"), event_plan),
    ]
    for queryset, plan_of in listings:
        for item in queryset[:LISTINGS_EACH]:
            seeded.listings += _fill(item, plan_of(item, name), name)
    return seeded
