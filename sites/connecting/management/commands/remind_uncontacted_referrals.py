"""Daily: remind each borough's Community Connecting team lead(s) of referrals nobody contacted.

A referral still "new" after the borough's number of working days (weekends and England
and Wales bank holidays not counted) gets one reminder email, once. See
infrastructure/scheduling.md.
"""

from django.core.management.base import BaseCommand

from sites.connecting.services import remind_uncontacted_referrals
from sites.directory.management.commands._boroughs import run_in_boroughs


class Command(BaseCommand):
    help = "Email team leads once about referrals not contacted within the set working days."

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", help="Only this borough.")

    def handle(self, *args, **options):
        run_in_boroughs(self, options["borough"], remind_uncontacted_referrals)
