"""Often (every 15 minutes): email the safeguarding lead and the Borough admins about
each safeguarding case still open after the borough's number of hours. Each case is
escalated once. Runs in every live borough, or in one (--borough). See
infrastructure/scheduling.md."""

from django_tenants.utils import schema_context

from django.core.management.base import BaseCommand

from sites.community.services.safeguarding import escalate_overdue_cases
from sites.directory.management.commands._boroughs import borough_by_slug, live_boroughs


class Command(BaseCommand):
    help = "Escalate safeguarding cases nobody has closed in time, per borough."

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", help="Only this borough.")

    def handle(self, *args, **options):
        boroughs = [borough_by_slug(options["borough"])] if options["borough"] else live_boroughs()
        for borough in boroughs:
            with schema_context(borough.schema_name):
                escalated = escalate_overdue_cases(borough=borough)
            self.stdout.write(f"{borough.slug}: {len(escalated)} case(s) escalated")
