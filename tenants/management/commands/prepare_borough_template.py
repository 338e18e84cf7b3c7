from django.core.management.base import BaseCommand

from tenants.template_schema import TEMPLATE_SCHEMA, prepare_template_schema, template_is_current


class Command(BaseCommand):
    help = "Create or migrate the template schema new boroughs are cloned from. Run on deploy."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Rebuild it even if it looks up to date."
        )

    def handle(self, *args, **options):
        if template_is_current() and not options["force"]:
            self.stdout.write(f"The template schema {TEMPLATE_SCHEMA} is up to date.")
            return
        prepare_template_schema(verbosity=max(0, options["verbosity"] - 1))
        self.stdout.write(self.style.SUCCESS(f"The template schema {TEMPLATE_SCHEMA} is ready."))
