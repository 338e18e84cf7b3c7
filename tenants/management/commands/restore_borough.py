from django.core.management.base import BaseCommand, CommandError

from tenants.services import BoroughError, restore_borough


class Command(BaseCommand):
    help = "Bring a retired borough back from its archive."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, **options):
        try:
            borough = restore_borough(options["archive"])
        except BoroughError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {borough.name} at {borough.primary_host}."))
