"""Daily: anonymise participant records closed longer ago than the borough keeps them, and
closed referrals that never became a record, after the same period.

The period is Settings → Community Connecting → "Months before closed records are
anonymised" (default 24). See docs/community-connecting.md and infrastructure/scheduling.md.
"""

from django.core.management.base import BaseCommand

from sites.connecting.retention import anonymise_closed_records
from sites.directory.management.commands._boroughs import run_in_boroughs


class Command(BaseCommand):
    help = (
        "Anonymise closed Community Connecting records, and closed referrals without a "
        "record, older than each borough's period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", help="Only this borough.")

    def handle(self, *args, **options):
        run_in_boroughs(self, options["borough"], anonymise_closed_records)
