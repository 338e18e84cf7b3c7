from django.core.management.base import BaseCommand

from tenants.schema_pool import fill_pool, pool_size
from tenants.template_schema import TEMPLATE_SCHEMA, prepare_template_schema, template_is_current
from tenants.template_script import current_script


class Command(BaseCommand):
    help = (
        "Create or migrate the template schema new boroughs are cloned from, and fill the "
        "pool of schemas cloned ahead of time. Run on deploy."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Rebuild it even if it looks up to date."
        )

    def handle(self, *args, **options):
        if template_is_current() and not options["force"]:
            self.stdout.write(f"The template schema {TEMPLATE_SCHEMA} is up to date.")
        else:
            prepare_template_schema(verbosity=max(0, options["verbosity"] - 1))
            self.stdout.write(
                self.style.SUCCESS(f"The template schema {TEMPLATE_SCHEMA} is ready.")
            )
        script = "ready" if current_script() is not None else "not made (launches clone it)"
        self.stdout.write(f"The template's SQL script for new boroughs: {script}.")
        if pool_size():
            filled = fill_pool()
            self.stdout.write(
                f"Borough schema pool: {filled['added']} cloned, {filled['dropped']} stale "
                f"dropped (size {pool_size()})."
            )
