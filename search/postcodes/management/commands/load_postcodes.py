"""python manage.py load_postcodes FILE [--include-terminated]

FILE is the ONS Postcode Directory CSV (ONSPD, "Data/ONSPD_<month>_UK.csv" inside the
zip the ONS publishes; unzip it first), or a .csv.gz of it, or any CSV with the columns
``pcds``, ``lat`` and ``long``. The table is shared by every borough (public schema).
Without FILE, the bundled approximate centres of the demo boroughs' districts are
loaded (migrations already do this).
"""

from django.core.management.base import BaseCommand, CommandError

from ...services import BUNDLED_DISTRICTS, PostcodeError, load_postcodes


class Command(BaseCommand):
    help = "Load UK postcodes and their coordinates from the ONS Postcode Directory CSV."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(BUNDLED_DISTRICTS))
        parser.add_argument(
            "--include-terminated",
            action="store_true",
            help="Also load postcodes that are no longer in use (they have a 'doterm').",
        )

    def handle(self, *args, **options):
        try:
            result = load_postcodes(
                options["file"], include_terminated=options["include_terminated"]
            )
        except FileNotFoundError as error:
            raise CommandError(f"There is no file at {options['file']}.") from error
        except PostcodeError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Loaded {result.postcodes} postcodes and {result.districts} district centres "
            f"({result.skipped} rows skipped: terminated, or without a location)."
        )
