"""Stable UUIDs for Open Referral records, derived rather than stored.

Every id is ``uuid5(borough namespace, "<kind>:<key>")``: the same record keeps the same
id for as long as the borough exists (across deploys, search rebuilds and a retire and
restore, which keep primary keys), and two boroughs never share an id. Nothing is added
to the models, so nothing needs backfilling.

Going back from an id to a record means deriving the ids of the few candidates the
public may see and comparing: a borough's directory is small (hundreds or a few thousand
rows), and ``uuid5`` costs about a microsecond.
"""

import uuid
from collections.abc import Iterable
from typing import TypeVar

# Fixed for ever: changing it would change every id every borough has published.
ROOT_NAMESPACE = uuid.UUID("bb3126df-469c-447f-9514-010d75f306ab")

Key = TypeVar("Key")


class Ids:
    """The id factory for one borough."""

    def __init__(self, borough_slug: str):
        self.namespace = uuid.uuid5(ROOT_NAMESPACE, f"borough:{borough_slug}")

    def make(self, kind: str, *keys) -> str:
        return str(uuid.uuid5(self.namespace, ":".join([kind, *map(str, keys)])))

    # The records the API serves, by kind.
    def service(self, activity_pk: int) -> str:
        return self.make("service", activity_pk)

    def organization(self, organisation_pk: int) -> str:
        return self.make("organization", organisation_pk)

    def location(self, place_pk: int) -> str:
        return self.make("location", place_pk)

    def service_at_location(self, activity_pk: int, place_pk: int) -> str:
        return self.make("service_at_location", activity_pk, place_pk)

    def taxonomy(self, key: str) -> str:
        return self.make("taxonomy", key)

    def taxonomy_term(self, key: str) -> str:
        return self.make("taxonomy_term", key)

    def find(self, wanted: uuid.UUID, candidates: Iterable[Key], kind: str) -> Key | None:
        """The candidate whose ``kind`` id is ``wanted``; a candidate is a key or a tuple."""
        text = str(wanted)
        for candidate in candidates:
            keys = candidate if isinstance(candidate, tuple) else (candidate,)
            if self.make(kind, *keys) == text:
                return candidate
        return None
