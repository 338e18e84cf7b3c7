"""Often (every 15 minutes): email the safeguarding lead and the Borough admins about
each safeguarding case still open after the borough's number of hours. Each case is
escalated once; one whose email could not be sent is tried again next run. Runs in every
live borough, or in one (--borough). See infrastructure/scheduling.md."""

from django.core.management.base import BaseCommand

from sites.community.services.safeguarding import escalate_overdue_cases
from sites.directory.management.commands._boroughs import run_in_boroughs


class Command(BaseCommand):
    help = "Escalate safeguarding cases nobody has closed in time, per borough."

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", help="Only this borough.")

    def handle(self, *args, **options):
        run_in_boroughs(self, options["borough"], escalate_overdue_cases)
