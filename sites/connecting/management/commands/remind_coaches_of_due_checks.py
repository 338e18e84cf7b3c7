"""Daily: email each coach the first names of their participants with a check due (the
12-week questionnaire from week 11, the follow-up from 12 weeks after the end), at most
once a day. See infrastructure/scheduling.md."""

from django.core.management.base import BaseCommand

from sites.connecting.check_reminders import remind_coaches_of_due_checks
from sites.directory.management.commands._boroughs import run_in_boroughs


class Command(BaseCommand):
    help = "Email each coach, once a day, which of their participants have a check due."

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", help="Only this borough.")

    def handle(self, *args, **options):
        run_in_boroughs(self, options["borough"], remind_coaches_of_due_checks)
