from django.core.management.base import BaseCommand, CommandError

from tenants.progress import say_to
from tenants.services import BoroughError, retire_borough


class Command(BaseCommand):
    help = "Export a borough (schema and media) to one archive, then remove it."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--export", required=True, help="Archive file to write (.tar.gz).")

    def handle(self, *args, **options):
        try:
            result = retire_borough(options["slug"], options["export"], say=say_to(self.stdout))
        except BoroughError as error:
            raise CommandError(error.message) from error
        style = self.style.SUCCESS if result.cache_keys is not None else self.style.WARNING
        self.stdout.write(style(result.summary()))
