"""Daily: delete, in every live borough, the records older than the privacy notice says
they are kept (the periods in sites/core/retention.py; each app's part through the
``delete_old_records`` hook). Here beside the other per-borough jobs' helper (_boroughs).

See infrastructure/scheduling.md and docs/operations/retention.md.
"""

import logging

from django.core.management.base import BaseCommand, CommandError

from sites.core.retention import delete_old_console_records, delete_old_records

from ._boroughs import run_in_boroughs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Delete requests, listing reports, safety records and technical records older "
        "than the privacy notice says they are kept (never a safeguarding case still open)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", help="Only this borough.")

    def handle(self, *args, **options):
        console_failed = False
        if not options["borough"]:  # the console's own, once a run of every borough
            try:
                self.stdout.write(str(delete_old_console_records()))
            except Exception:  # the boroughs' records still go; the run then fails
                logger.exception("delete_old_records failed for the platform console")
                console_failed = True
        run_in_boroughs(self, options["borough"], delete_old_records)
        if console_failed:
            raise CommandError("Failed for the platform console; every borough ran.")
