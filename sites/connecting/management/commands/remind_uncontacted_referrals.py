"""Daily: remind each borough's Community Connecting team lead(s) of referrals nobody contacted.

A referral still "new" after the borough's number of working days (weekends and England
and Wales bank holidays not counted) gets one reminder email, once. See
infrastructure/scheduling.md.
"""

from django_tenants.utils import schema_context

from django.core.management.base import BaseCommand

from sites.connecting.services import remind_uncontacted_referrals
from sites.directory.management.commands._boroughs import borough_by_slug, live_boroughs


class Command(BaseCommand):
    help = "Email team leads once about referrals not contacted within the set working days."

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", help="Only this borough.")

    def handle(self, *args, **options):
        boroughs = [borough_by_slug(options["borough"])] if options["borough"] else live_boroughs()
        failed = False
        for borough in boroughs:
            with schema_context(borough.schema_name):
                summary = remind_uncontacted_referrals(borough)
            self.stdout.write(str(summary))
            failed = failed or bool(summary.failures)
        if failed:
            self.stderr.write("Some emails could not be sent; they are tried again next run.")
