"""Import organisations, places and activities from a CSV file (docs/csv-import.md).

A dry run unless --commit: every row is checked and nothing is written. With --commit,
every row is checked again and, only if none has a problem, all are written together,
with progress and a summary line (each row's line with -v 2).
"""

from pathlib import Path

from django_tenants.utils import schema_context

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sites.directory.services.csv_import import import_directory_csv
from tenants.progress import Progress

from ._boroughs import borough_by_slug


class Command(BaseCommand):
    help = "Import a borough's directory from a CSV file (a dry run unless --commit)."

    def add_arguments(self, parser):
        parser.add_argument("--borough", metavar="SLUG", required=True)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--commit", action="store_true", help="Write the listings (default: only check)."
        )
        parser.add_argument(
            "--user", metavar="EMAIL", help="The borough account the changes are recorded as."
        )

    def handle(self, *args, **options):
        borough = borough_by_slug(options["borough"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        with schema_context(borough.schema_name):
            user = None
            if options["user"]:
                user = get_user_model().objects.filter(email__iexact=options["user"]).first()
                if user is None:
                    raise CommandError(f"{borough.name} has no account {options['user']}.")
            with Progress(f"{borough.name}: rows written", stream=self.stdout) as bar:
                report = import_directory_csv(
                    path.read_bytes(),
                    commit=options["commit"],
                    user=user,
                    on_row=lambda written, total: bar.advance(total=total),
                )
        if options["verbosity"] > 1:  # a line per row only when asked for (-v 2)
            for row in report.rows:
                self.stdout.write(row.description)
        for error in report.errors:
            self.stderr.write(error)
        self.stdout.write(f"{borough.name}: {report.summary}")
        if not report.ok:
            raise CommandError("Nothing was imported.")
        if not options["commit"]:
            self.stdout.write("This was a dry run. Run again with --commit to import.")
