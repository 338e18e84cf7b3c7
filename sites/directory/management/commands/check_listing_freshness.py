"""Daily: remind organisations to check their listings, and hide the ones nobody checks.

Runs in every live borough, or in one (--borough). Safe to run more than once a day:
each listing is reminded once per check, and hiding is idempotent. See
infrastructure/scheduling.md for running it every day.
"""

from django.core.management.base import BaseCommand

from sites.directory.services.freshness import check_listing_freshness

from ._boroughs import run_in_boroughs


class Command(BaseCommand):
    help = "Send 'still up to date?' reminders and hide stale listings, per borough."

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", help="Only this borough.")

    def handle(self, *args, **options):
        run_in_boroughs(self, options["borough"], check_listing_freshness)
