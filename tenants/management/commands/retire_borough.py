from django.core.management.base import BaseCommand, CommandError

from tenants.services import BoroughError, retire_borough


class Command(BaseCommand):
    help = "Export a borough (schema and media) to one archive, then remove it."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--export", required=True, help="Archive file to write (.tar.gz).")

    def handle(self, *args, **options):
        try:
            result = retire_borough(options["slug"], options["export"])
        except BoroughError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Retired {result.borough.name}: {result.media_files} media files and the "
                f"database schema are in {result.archive}."
            )
        )
