from django_tenants.utils import schema_context

from django.core.management.base import BaseCommand, CommandError

from tenants.content import borough_content
from tenants.models import Borough


class Command(BaseCommand):
    help = (
        "Give boroughs launched earlier what new boroughs now start with (staff groups and "
        "their permissions, sections, default interests and topics). Only adds, except "
        "that Moderators lose page and media permissions beyond their defaults (docs/roles.md). "
        "Run on deploy."
    )

    def add_arguments(self, parser):
        parser.add_argument("--borough", help="Only this borough (its slug).")

    def handle(self, *args, **options):
        boroughs = Borough.objects.filter(status=Borough.Status.LIVE).order_by("slug")
        if options["borough"]:
            boroughs = boroughs.filter(slug=options["borough"])
            if not boroughs:
                raise CommandError(f"There is no live borough called {options['borough']!r}.")
        for borough in boroughs:
            with schema_context(borough.schema_name):
                refreshed = borough_content().refresh_defaults(borough)
            self.stdout.write(f"{borough.name}: {refreshed}")
