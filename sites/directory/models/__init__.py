"""The community directory: organisations, the activities they run, and places."""

from .activities import ActivityPage
from .join_requests import OrganisationJoinRequest
from .pages import OrganisationPage, PlacePage
from .reports import ListingReport
from .schedule import ActivityClosure, ActivitySchedule
from .sections import OrganisationIndexPage, PlaceIndexPage, ThingsToDoPage
from .settings import DirectorySettings
from .taxonomy import Interest

__all__ = [
    "ActivityClosure",
    "ActivityPage",
    "ActivitySchedule",
    "DirectorySettings",
    "Interest",
    "ListingReport",
    "OrganisationIndexPage",
    "OrganisationJoinRequest",
    "OrganisationPage",
    "PlaceIndexPage",
    "PlacePage",
    "ThingsToDoPage",
]
