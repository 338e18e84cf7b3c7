"""Search demand: what people look for in the borough's search box, and what it could
not find ("unmet needs"), for Editors (Reports → Unmet search needs).

What is kept: one row per day and normalised words (lower case, words only, in the
order typed), with how many searches asked for them and how many found nothing or
little. Never who searched, their address, session or the time of day.

What is not recorded (``words_to_record`` says None):
- searches without words (only filters or a postcode), a page after the first, and
  searches with filters chosen or "within N miles" (the words alone decide what was
  found, so the report compares like with like);
- anything that may be about a person: an email address, a phone number or any run
  of 5 or more digits, a full postcode (a district such as "SW9" is kept), a web
  address;
- more than MAX_WORDS words or MAX_CHARACTERS characters (pasted text, not a search).

Recording must never slow or break a search: one statement in a savepoint, and any
database error is logged and forgotten. Outside a transaction (a request) the search
does not wait for the count to reach the disk (``synchronous_commit`` off for that one
statement): the counts are statistics, not anyone's acknowledged write, and a crash
could lose at most the last fraction of a second of them. Rows older than the borough's
``SearchSettings.demand_months`` are deleted by ``prune_search_demand``.
"""

import datetime
import logging
import re
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from .models import SearchDemand, SearchSettings
from .postcodes.services import parse_postcode

logger = logging.getLogger(__name__)

MAX_WORDS = 8
MAX_CHARACTERS = 100
LITTLE = 3  # this many results or fewer is "found little"
EMAIL = re.compile(r"\S+@\S+")
WEB_ADDRESS = re.compile(r"(https?:|www\.|\.(com|org|uk|net)\b)", re.IGNORECASE)
DIGITS = re.compile(r"\d")
# One statement, safe when two searches for the same words arrive at once.
UPSERT = """
    INSERT INTO borough_search_searchdemand (day, query, searches, found_nothing, found_little)
    VALUES (%s, %s, 1, %s, %s)
    ON CONFLICT (day, query) DO UPDATE SET
        searches = borough_search_searchdemand.searches + 1,
        found_nothing = borough_search_searchdemand.found_nothing + EXCLUDED.found_nothing,
        found_little = borough_search_searchdemand.found_little + EXCLUDED.found_little
"""
# In autocommit, one query string is one transaction: SET LOCAL ends with it.
WITHOUT_WAITING_FOR_THE_DISK = "SET LOCAL synchronous_commit TO OFF; "
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _has_full_postcode(words: list[str]) -> bool:
    for first, second in zip(words, [*words[1:], ""], strict=False):
        for candidate in (first, f"{first} {second}"):
            try:
                postcode, district = parse_postcode(candidate)
            except ValueError:
                continue
            if postcode != district:
                return True
    return False


def words_to_record(query: str) -> str | None:
    """The normalised words of ``query``, or None when it must not be recorded."""
    if not query or len(query) > MAX_CHARACTERS or EMAIL.search(query):
        return None
    if WEB_ADDRESS.search(query) or len(DIGITS.findall(query)) >= 5:
        return None
    words = WORD.findall(query.lower())
    if not words or len(words) > MAX_WORDS or _has_full_postcode(words):
        return None
    return " ".join(words)[:MAX_CHARACTERS]


def record_search(request, outcome, today: datetime.date | None = None) -> None:
    """Count one search (see the module's docstring for what is left out). Never raises."""
    if request.page > 1 or outcome.chosen or request.within or not outcome.searched:
        return
    words = words_to_record(outcome.query)
    if words is None:
        return
    nothing = int(outcome.total == 0)
    little = int(0 < outcome.total <= LITTLE)
    # One query string is its own transaction in autocommit (no BEGIN and COMMIT round
    # trips); inside a caller's transaction a savepoint keeps a failure from spoiling it,
    # and the caller's commit keeps its own durability.
    if connection.in_atomic_block:
        guard, statement = transaction.atomic(), UPSERT
    else:
        guard, statement = nullcontext(), WITHOUT_WAITING_FOR_THE_DISK + UPSERT
    try:
        with guard, connection.cursor() as cursor:
            cursor.execute(statement, [today or timezone.localdate(), words, nothing, little])
    except DatabaseError:
        logger.warning("Could not record a search for the demand report", exc_info=True)


def prune_search_demand(today: datetime.date | None = None) -> int:
    """Delete the current borough's rows older than its ``demand_months``."""
    today = today or timezone.localdate()
    months = SearchSettings.load().demand_months
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    first_kept = datetime.date(year, month + 1, 1)
    deleted, _ = SearchDemand.objects.filter(day__lt=first_kept).delete()
    return deleted


# --- The report ----------------------------------------------------------------------------


@dataclass
class UnmetNeed:
    query: str
    searches: int
    found_nothing: int
    found_little: int
    per_week: list[int] = field(default_factory=list)  # unmet searches, oldest week first

    @property
    def unmet(self) -> int:
        return self.found_nothing + self.found_little


def week_starts(today: datetime.date, weeks: int) -> list[datetime.date]:
    """The Mondays of the last ``weeks`` weeks, oldest first (this week last)."""
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday - datetime.timedelta(weeks=n) for n in reversed(range(weeks))]


def unmet_needs(
    today: datetime.date | None = None, weeks: int = 8, limit: int = 50
) -> tuple[list[datetime.date], list[UnmetNeed]]:
    """The searches that most often found nothing or little in the last ``weeks``
    weeks (this one included), most unmet first, with their unmet count per week."""
    starts = week_starts(today or timezone.localdate(), weeks)
    # Bounded after this week too: a day recorded ahead (a server's clock set wrong) is
    # not one of the report's weeks.
    rows = SearchDemand.objects.filter(
        day__gte=starts[0], day__lt=starts[-1] + datetime.timedelta(weeks=1)
    )
    totals = (
        rows.values("query")
        .annotate(
            searches=Sum("searches"), nothing=Sum("found_nothing"), little=Sum("found_little")
        )
        .filter(Q(nothing__gt=0) | Q(little__gt=0))
    )
    needs = {
        row["query"]: UnmetNeed(
            row["query"], row["searches"], row["nothing"], row["little"], [0] * weeks
        )
        for row in totals
    }
    top = sorted(needs.values(), key=lambda n: (-n.unmet, -n.searches, n.query))[:limit]
    wanted = {need.query: need for need in top}
    for day, query, nothing, little in rows.filter(query__in=wanted).values_list(
        "day", "query", "found_nothing", "found_little"
    ):
        week = (day - starts[0]).days // 7
        wanted[query].per_week[week] += nothing + little
    return starts, top
