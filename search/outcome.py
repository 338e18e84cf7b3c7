"""What a search is asked and what it answers (search/selectors.py fills them in)."""

from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from .postcodes.services import PostcodeLocation
from .registry import ResultDetails, ResultType

PER_PAGE = 20


@dataclass
class SearchRequest:
    query: str = ""
    chosen: dict[str, list[str]] = field(default_factory=dict)  # facet key -> option values
    postcode: str = ""
    within: float | None = None
    sort: str = ""
    page: int = 1
    per_page: int = PER_PAGE
    language: str = ""  # content language; empty: the request's (search/languages.py)
    postcode_example: str = ""  # the district a postcode error gives as its example


@dataclass(frozen=True)
class Distance:
    miles: float
    approximate: bool  # from the centre of a postcode district, never an exact address

    @property
    def in_words(self) -> str:
        if self.approximate:
            if self.miles < 0.5:
                return gettext("Less than half a mile away (roughly)")
            return gettext("About %(distance)s away") % {"distance": _miles(self.miles)}
        if self.miles < 0.1:
            return gettext("Less than 0.1 miles away")
        return gettext("%(distance)s away") % {"distance": _miles(self.miles)}


def _miles(value: float) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return gettext("1 mile") if text == "1" else gettext("%(miles)s miles") % {"miles": text}


@dataclass
class Result:
    type: ResultType
    object: Model
    url: str
    title: str
    title_html: SafeString
    snippet_html: SafeString
    details: ResultDetails
    distance: Distance | None = None


@dataclass
class FacetOptionCount:
    value: str
    label: str
    count: int
    chosen: bool


@dataclass
class FacetCounts:
    key: str
    label: str
    options: list[FacetOptionCount]
    options_in_original_language: bool = False  # interests: English for every reader


@dataclass
class SearchOutcome:
    query: str = ""
    searched: bool = False
    mode: str = "database"  # "engine", "database", or "fallback" (engine down)
    notices: list[str] = field(default_factory=list)
    total: int = 0
    capped: bool = False  # the database found more than it can rank: only the best were used
    page: int = 1
    pages: int = 1
    sort: str = ""
    results: list[Result] = field(default_factory=list)
    facets: list[FacetCounts] = field(default_factory=list)
    chosen: dict[str, list[str]] = field(default_factory=dict)
    also: list[str] = field(default_factory=list)  # everyday words searched too (synonyms)
    location: PostcodeLocation | None = None
    postcode_error: str = ""
    within: float | None = None
    # Nothing found in a language the borough has little in: English words may find more.
    mostly_english: bool = False


def viewer_of(http_request, viewer=None):
    """Who is searching: ``viewer`` if given, else the request's user (None: anonymous)."""
    if viewer is not None:
        return viewer
    return getattr(http_request, "user", None)


def result_url(result_type: ResultType, obj, http_request) -> str:
    if result_type.url is not None:
        return result_type.url(obj, http_request) or ""
    if hasattr(obj, "get_url"):
        return obj.get_url(request=http_request) or ""
    return obj.get_absolute_url() or ""
