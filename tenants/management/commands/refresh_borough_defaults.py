from django.core.management.base import BaseCommand, CommandError

from tenants.deploy import borough_names, live_borough_schemas, refresh_schema, split_by_defaults
from tenants.parallel import SchemaOutcome, default_workers, run_step

UNCHANGED = "already up to date"  # how RefreshedDefaults says it added nothing


def refresh_defaults(
    schemas, *, workers, stdout, unchanged_too=True, force=False
) -> tuple[list[SchemaOutcome], float]:
    """Refresh, in the pool, every schema the check finds anything to do in (every schema
    with ``force``); a line for each borough (only those it changed unless
    ``unchanged_too``), then the summary."""
    to_refresh, skipped = (list(schemas), []) if force else split_by_defaults(schemas)
    if unchanged_too:
        names = borough_names(skipped)
        for schema in skipped:
            stdout.write(f"{names[schema]}: {UNCHANGED}")

    def said(outcome):
        if unchanged_too or not outcome.said.endswith(UNCHANGED):
            stdout.write(outcome.said)

    def summary(outcomes):
        failed = sum(outcome.failed for outcome in outcomes)
        changed = sum(not outcome.said.endswith(UNCHANGED) for outcome in outcomes)
        return f"{changed - failed} changed, {len(skipped)} skipped (up to date), {failed} failed"

    outcomes, seconds = run_step(
        "Refreshed borough defaults",
        to_refresh,
        refresh_schema,
        workers=workers,
        stream=stdout,
        already_done=len(skipped),
        summary=summary,
        said=said,
    )
    return [outcome for outcome in outcomes if outcome.failed], seconds


class Command(BaseCommand):
    help = (
        "Give boroughs launched earlier what new boroughs now start with (staff groups and "
        "their permissions, sections, default interests and topics). Only adds, except "
        "that Moderators lose page and media permissions beyond their defaults (docs/roles.md). "
        "Boroughs that already hold every default are skipped (one query finds them) unless "
        "--force. Run on deploy (migrate_boroughs runs it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--borough", help="Only this borough (its slug).")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes (default BOROUGH_DEPLOY_WORKERS, or one per CPU).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Refresh every borough, even those up to date."
        )

    def handle(self, *args, **options):
        schemas = live_borough_schemas(options["borough"])
        if options["borough"] and not schemas:
            raise CommandError(f"There is no live borough called {options['borough']!r}.")
        workers = options["workers"] or default_workers()
        failed, _ = refresh_defaults(
            schemas, workers=workers, stdout=self.stdout, force=options["force"]
        )
        for outcome in failed:
            self.stderr.write(f"{outcome.schema} failed: {outcome.error}")
        if failed:
            raise CommandError(f"{len(failed)} borough(s) failed.")
