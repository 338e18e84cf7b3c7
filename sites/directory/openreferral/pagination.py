"""The profile's page envelope: ``{total_items, total_pages, page_number, size, first_page,
last_page, empty, contents}``, where ``size`` is the number of items on this page."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict

from . import params

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
# Far more pages than any borough has; keeps the number a plain integer for the database.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class PageRequest:
    number: int
    per_page: int

    @classmethod
    def from_query(cls, query: QueryDict) -> "PageRequest":
        return cls(
            number=params.integer(query, "page", 1, 1, MAX_PAGE),
            per_page=params.integer(query, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        )


def paginate(items: QuerySet | Sequence, page: PageRequest, serialize: Callable) -> dict:
    """One page of ``items``; ``serialize`` turns that page's list into dicts.

    An empty result is still one (empty) page. A page after the last is an empty page
    with the same totals, so a client that pages until it gets an empty page stops
    there (as with Spring's Page, which the profile's envelope follows: ``empty`` and
    ``last_page`` are about this page).
    """
    total = items.count() if isinstance(items, QuerySet) else len(items)
    total_pages = max(1, math.ceil(total / page.per_page))
    start = (page.number - 1) * page.per_page
    on_page = list(items[start : start + page.per_page]) if page.number <= total_pages else []
    contents = serialize(on_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page.number,
        "size": len(contents),
        "first_page": page.number == 1,
        "last_page": page.number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
