"""python manage.py migrate_boroughs: migrate every borough's schema, with progress.

django-tenants' ``migrate_schemas --tenant`` (which this runs) says nothing at
verbosity 0 and a line per migration per borough otherwise; with many boroughs neither
tells how far it is. This shows a bar (a line every few seconds in a log) and ends with
one line: how many boroughs, in how long.
"""

from django_tenants.signals import schema_migrated

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.models import Borough
from tenants.progress import Progress


class Command(BaseCommand):
    help = "Migrate every borough's schema (migrate_schemas --tenant), showing progress."

    def handle(self, *args, **options):
        schemas = Borough.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME).count()
        with Progress("Migrated boroughs", total=schemas, stream=self.stdout) as bar:

            def migrated(sender, schema_name, **kwargs):
                bar.advance(note=schema_name)

            schema_migrated.connect(migrated, weak=False)
            try:
                call_command(
                    "migrate_schemas", tenant=True, verbosity=max(0, options["verbosity"] - 1)
                )
            finally:
                schema_migrated.disconnect(migrated)
