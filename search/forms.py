"""Reading the search page's query string. Lenient: nothing in a URL can cause an error;
anything unrecognised is left out (facet values are checked in selectors.py)."""

from django.http import QueryDict

from .registry import facets, postcode_example
from .selectors import PER_PAGE, SORTS, WITHIN_MILES, SearchRequest

MAX_VALUES_PER_FACET = 30


def _number(value: str, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def read_search_request(params: QueryDict, http_request=None) -> SearchRequest:
    chosen = {}
    for facet in facets():
        values = [value for value in params.getlist(facet.key) if value][:MAX_VALUES_PER_FACET]
        if values:
            chosen[facet.key] = values
    within = _number(params.get("within", ""), 0)
    sort = params.get("sort", "")
    postcode = params.get("postcode", "")[:20]
    return SearchRequest(
        query=params.get("q", "")[:2000],
        chosen=chosen,
        postcode=postcode,
        # Looked up only when there is a postcode that may be wrong.
        postcode_example=postcode_example(http_request) if postcode.strip() else "",
        within=within if within in WITHIN_MILES else None,
        sort=sort if sort in SORTS else "",
        page=max(1, min(_number(params.get("page", ""), 1), 10_000)),
        per_page=PER_PAGE,
    )
