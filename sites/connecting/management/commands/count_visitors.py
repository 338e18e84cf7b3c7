"""Daily, after midnight: keep each borough's number of visitors for the days that ended,
and delete those days' hashes and salts from Redis (sites/connecting/impact/visitors.py).
"""

from django.core.management.base import BaseCommand

from sites.connecting.impact.visitors import close_days
from sites.directory.management.commands._boroughs import run_in_boroughs


class Command(BaseCommand):
    help = "Keep the number of site visitors of each finished day; delete its hashes."

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", help="Only this borough.")

    def handle(self, *args, **options):
        run_in_boroughs(self, options["borough"], close_days)
