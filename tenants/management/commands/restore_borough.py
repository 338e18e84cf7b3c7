from django.core.management.base import BaseCommand, CommandError

from tenants.progress import say_to
from tenants.services import BoroughError, restore_borough


class Command(BaseCommand):
    help = "Bring a retired borough back from its archive."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, **options):
        try:
            result = restore_borough(options["archive"], say=say_to(self.stdout))
        except BoroughError as error:
            raise CommandError(error.message) from error
        complete = result.search_rebuilt and result.cache_keys is not None
        style = self.style.SUCCESS if complete else self.style.WARNING
        self.stdout.write(style(result.summary()))
