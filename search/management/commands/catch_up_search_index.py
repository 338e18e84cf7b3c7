"""python manage.py catch_up_search_index [--borough SLUG] [--since ISO-DATETIME]

After the search engine was down: re-index what changed while it was, and remove
what was deleted meanwhile. By default each borough starts from the first write to
the engine that failed (recorded in the borough's schema), or else from its last
rebuild or catch-up; --since overrides that, e.g. --since 2026-03-01T09:00.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from tenants.progress import Progress

from ...catch_up import catch_up_borough_index
from ...services import boroughs_to_index


def _parse_since(value: str):
    moment = parse_datetime(value)
    if moment is None and (day := parse_date(value)):
        moment = datetime.datetime.combine(day, datetime.time.min)
    if moment is None:
        raise CommandError(
            f"--since must be a date, or a date and time such as 2026-03-01T09:00, not {value!r}."
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Re-index what changed in one borough (--borough) or every live borough since a time."

    def add_arguments(self, parser):
        parser.add_argument("--borough", help="The borough's short name, such as lambeth.")
        parser.add_argument("--since", help="Re-index what changed since then (ISO 8601).")

    def handle(self, *args, **options):
        since = _parse_since(options["since"]) if options["since"] else None
        try:
            boroughs = boroughs_to_index(options["borough"])
        except LookupError as error:
            raise CommandError(str(error)) from error
        failed = []
        with Progress("Caught up search indexes", total=len(boroughs), stream=self.stdout) as bar:
            for borough in boroughs:
                if not self._catch_up(borough, since):
                    failed.append(borough.slug)
                bar.advance(note=borough.slug)
            bar.summary = f"{len(failed)} failed" if failed else "none failed"
        if failed:
            raise CommandError(f"Not caught up: {', '.join(failed)}. Is the search engine up?")

    def _catch_up(self, borough, since) -> bool:
        """One borough, and its line; False if it failed (the others still run)."""
        try:
            result = catch_up_borough_index(borough.schema_name, since=since)
        except Exception as error:
            self.stderr.write(f"{borough.slug}: could not catch up ({error})")
            return False
        start = f"since {result.since:%Y-%m-%d %H:%M:%S %Z}" if result.since else "(everything)"
        self.stdout.write(
            f"{borough.slug}: re-indexed {result.objects} objects {start}, removed "
            f"{result.removed} deleted ones, in {result.seconds:.1f} s"
        )
        return True
