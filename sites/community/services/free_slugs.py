"""Rows with a slug of their own (groups, events): made again when another request took
the same slug between choosing it and saving."""

from django.db import IntegrityError, transaction

ATTEMPTS = 3


def made_with_a_free_slug(create):
    """``create()`` (which chooses a free slug) in a transaction of its own, tried again
    when the slug it chose was taken meanwhile."""
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return create()
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
