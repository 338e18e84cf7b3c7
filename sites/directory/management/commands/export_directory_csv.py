"""Export a borough's activities as CSV for commissioners (one row per activity)."""

import io
from pathlib import Path

from django_tenants.utils import schema_context

from django.core.management.base import BaseCommand

from sites.directory.services.csv_export import write_directory_csv
from tenants.emails import borough_base_url

from ._boroughs import borough_by_slug


class Command(BaseCommand):
    help = "Write a borough's activities as CSV, to a file or to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", required=True)
        parser.add_argument("--output", type=Path, help="A file to write (default: stdout).")

    def handle(self, *args, **options):
        borough = borough_by_slug(options["borough"])
        with schema_context(borough.schema_name):
            if options["output"]:
                with options["output"].open("w", encoding="utf-8", newline="") as out:
                    count = write_directory_csv(out, borough_base_url(borough))
                self.stderr.write(f"{borough.name}: {count} activities to {options['output']}")
            else:
                out = io.StringIO()
                write_directory_csv(out, borough_base_url(borough))
                self.stdout.write(out.getvalue(), ending="")
