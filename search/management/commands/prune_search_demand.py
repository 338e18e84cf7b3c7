"""python manage.py prune_search_demand [--borough SLUG]

Deletes what people searched for (the "Unmet search needs" report's rows) older than
each borough's Settings → Search → "keep search words for (months)". Run it daily
from the scheduler, like check_listing_freshness. One borough failing does not stop
the others.
"""

import logging

from django_tenants.utils import schema_context

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from ...demand import prune_search_demand
from ..boroughs import BOROUGH_HELP, chosen_boroughs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Delete search words older than each borough keeps them (or --borough SLUG)."

    def add_arguments(self, parser):
        parser.add_argument("--borough", help=BOROUGH_HELP)

    def handle(self, *args, **options):
        boroughs = chosen_boroughs(options)
        failed = [borough.slug for borough in boroughs if not self._prune(borough)]
        if failed:
            raise CommandError(f"Not pruned: {', '.join(failed)} (see the log).")

    def _prune(self, borough) -> bool:
        """One borough; a failure is logged and does not stop the others."""
        try:
            with schema_context(borough.schema_name):
                deleted = prune_search_demand()
        except DatabaseError:
            logger.exception("Could not prune the search demand of %s", borough.slug)
            return False
        self.stdout.write(f"{borough.slug}: deleted {deleted} old search rows")
        return True
