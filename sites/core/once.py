"""The same form sent twice makes one thing.

A double click on "Post", Back and Send, a page reloaded: the second request is the same
request. ``made_once`` makes the thing only if the same person has not just sent the same
words; otherwise it returns what the first request made, so the view leads to it as if
this were the first press (no error, nothing doubled, no second email).

Two presses a moment apart arrive together: a PostgreSQL advisory lock, held until the
transaction ends and keyed by the borough's schema and what ``key`` names (the person,
the place), makes the second wait for the first's commit, then find what it made.
"""

import datetime
from collections.abc import Callable
from typing import TypeVar

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

T = TypeVar("T")

# How long the same words from the same person, in the same place, are the same press.
# Long enough for a page reloaded or sent again after Back; short enough that saying
# "Thank you" again later is a new post.
SENT_AGAIN_WITHIN = datetime.timedelta(minutes=10)


def sent_within(queryset: QuerySet, within: datetime.timedelta, field: str = "created_at"):
    """The first of ``queryset`` made in the last ``within`` (what the first press made)."""
    since = timezone.now() - within
    return queryset.filter(**{f"{field}__gte": since}).order_by("pk").first()


def made_once(key: tuple, earlier: Callable[[], T | None], make: Callable[[], T]) -> tuple[T, bool]:
    """(what ``make()`` made, True), or (what ``earlier()`` found, False) when the same
    thing was sent already. Both run in one transaction under the lock ``key`` names;
    checks that may refuse the request (a rate limit) belong in ``make``, so a second
    press is never refused for the first."""
    name = ":".join(str(part) for part in (connection.schema_name, *key))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
        found = earlier()
        if found is not None:
            return found, False
        return make(), True
