"""What a demo directory plan is made of: its records and sizes (``sites.demo.directory_plan``
makes them)."""

from dataclasses import dataclass, field

from sites.demo.data.directory import (
    ActivityIdea,
)


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
