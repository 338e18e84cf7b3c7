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
from ...services import boroughs_to_index

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Delete search words older than each borough keeps them (or --borough SLUG)."

    def add_arguments(self, parser):
        parser.add_argument("--borough", help="The borough's short name, such as lambeth.")

    def handle(self, *args, **options):
        try:
            boroughs = boroughs_to_index(options["borough"])
        except LookupError as error:
            raise CommandError(str(error)) from error
        failed = 0
        for borough in boroughs:
            try:
                with schema_context(borough.schema_name):
                    deleted = prune_search_demand()
            except DatabaseError:
                logger.exception("Could not prune the search demand of %s", borough.slug)
                failed += 1
                continue
            self.stdout.write(f"{borough.slug}: deleted {deleted} old search rows")
        if failed:
            raise CommandError(f"{failed} borough(s) could not be pruned (see the log).")
