from django.core.management.base import BaseCommand, CommandError

from tenants.deploy import live_borough_schemas, refresh_schema
from tenants.parallel import SchemaOutcome, default_workers, run_step

UNCHANGED = "already up to date"  # how RefreshedDefaults says it added nothing


def refresh_defaults(
    schemas, *, workers, stdout, unchanged_too=True
) -> tuple[list[SchemaOutcome], float]:
    """Every schema's refresh in the pool; a line for each borough (only those it changed
    unless ``unchanged_too``), then the summary."""

    def said(outcome):
        if unchanged_too or not outcome.said.endswith(UNCHANGED):
            stdout.write(outcome.said)

    def summary(outcomes):
        failed = sum(outcome.failed for outcome in outcomes)
        changed = sum(not outcome.said.endswith(UNCHANGED) for outcome in outcomes)
        return f"{changed - failed} changed, {failed} failed"

    outcomes, seconds = run_step(
        "Refreshed borough defaults",
        schemas,
        refresh_schema,
        workers=workers,
        stream=stdout,
        summary=summary,
        said=said,
    )
    return [outcome for outcome in outcomes if outcome.failed], seconds


class Command(BaseCommand):
    help = (
        "Give boroughs launched earlier what new boroughs now start with (staff groups and "
        "their permissions, sections, default interests and topics). Only adds, except "
        "that Moderators lose page and media permissions beyond their defaults (docs/roles.md). "
        "Run on deploy (migrate_boroughs runs it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--borough", help="Only this borough (its slug).")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes (default BOROUGH_DEPLOY_WORKERS, or one per CPU).",
        )

    def handle(self, *args, **options):
        schemas = live_borough_schemas(options["borough"])
        if options["borough"] and not schemas:
            raise CommandError(f"There is no live borough called {options['borough']!r}.")
        workers = options["workers"] or default_workers()
        failed, _ = refresh_defaults(schemas, workers=workers, stdout=self.stdout)
        for outcome in failed:
            self.stderr.write(f"{outcome.schema} failed: {outcome.error}")
        if failed:
            raise CommandError(f"{len(failed)} borough(s) failed.")
