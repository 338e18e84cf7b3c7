"""Daily: remind organisations to check their listings, and hide the ones nobody checks.

Runs in every live borough, or in one (--borough). Safe to run more than once a day:
each listing is reminded once per check, and hiding is idempotent. See
infrastructure/scheduling.md for running it every day.
"""

from django_tenants.utils import schema_context

from django.core.management.base import BaseCommand

from sites.directory.services.freshness import check_listing_freshness

from ._boroughs import borough_by_slug, live_boroughs


class Command(BaseCommand):
    help = "Send 'still up to date?' reminders and hide stale listings, per borough."

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", help="Only this borough.")

    def handle(self, *args, **options):
        boroughs = [borough_by_slug(options["borough"])] if options["borough"] else live_boroughs()
        failed = False
        for borough in boroughs:
            with schema_context(borough.schema_name):
                summary = check_listing_freshness(borough)
            self.stdout.write(str(summary))
            failed = failed or bool(summary.failures)
        if failed:
            self.stderr.write("Some emails could not be sent; they are tried again next run.")
