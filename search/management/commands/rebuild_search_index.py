"""python manage.py rebuild_search_index [--borough SLUG] [--outdated]

Rebuilds the search indexes of one borough, or of every live borough, from the
database. On an engine each index is rebuilt atomically: a new index is filled while
searches keep using the old one, then the alias moves to the new one in one step.
``--outdated`` (run by every deploy) rebuilds only the boroughs whose documents an
older release wrote in a form this one reads otherwise (search/document.py
``DOCUMENT_VERSION``): usually none, in seconds.
"""

from django.core.management.base import BaseCommand, CommandError

from tenants.progress import Progress

from ...backends.shared import SharedMappingConflict
from ...services import (
    boroughs_to_index,
    boroughs_with_outdated_documents,
    compact_after_deletes,
    engine_errors,
    rebuild_borough_index,
)


class Command(BaseCommand):
    help = "Rebuild the search indexes of one borough (--borough) or of every live borough."

    def add_arguments(self, parser):
        parser.add_argument("--borough", help="The borough's short name, such as lambeth.")
        parser.add_argument(
            "--outdated",
            action="store_true",
            help="Only the boroughs whose documents an older release wrote (after a deploy).",
        )

    def handle(self, *args, **options):
        try:
            boroughs = boroughs_to_index(options["borough"])
        except LookupError as error:
            raise CommandError(str(error)) from error
        if options["outdated"]:
            every = len(boroughs)
            try:
                outdated = boroughs_with_outdated_documents(b.schema_name for b in boroughs)
            except engine_errors() as error:  # the engine is down: a deploy goes on without it
                self.stderr.write(
                    f"The search engine did not answer ({error}), so no borough's search "
                    "documents were checked. Run `manage.py rebuild_search_index --outdated` "
                    "when it is back."
                )
                return
            boroughs = [b for b in boroughs if b.schema_name in outdated]
            self.stdout.write(
                f"{len(boroughs)} of {every} boroughs have outdated search documents."
            )
        elif not boroughs:
            self.stdout.write("There are no live boroughs to index.")
        with Progress("Rebuilt search indexes", total=len(boroughs), stream=self.stdout) as bar:
            objects = 0
            for borough in boroughs:
                try:
                    result = rebuild_borough_index(borough.schema_name)
                except SharedMappingConflict as error:  # says what to do: no traceback
                    raise CommandError(str(error)) from error
                self.stdout.write(
                    f"{borough.slug}: indexed {result.objects} objects in {result.seconds:.1f} s"
                )
                objects += result.objects
                bar.summary = f"{objects} objects"
                bar.advance(note=borough.slug)
        if boroughs:
            # The old generations' documents (backends/compaction.py), once the engine
            # lets go of them: up to half a minute.
            self.stdout.write("Reclaiming the old generations' deleted documents...")
            compact_after_deletes(wait_for_history=True)
