"""python manage.py migrate_boroughs: the database part of a deploy, step by step, timed.

1. the public schema (skipped when nothing on disk is unapplied there);
2. the template schema new boroughs are cloned from (skipped when current);
3. every borough's schema, in a pool of processes (``--workers``, default
   ``BOROUGH_DEPLOY_WORKERS`` or one per CPU); boroughs whose applied migrations are
   already the template's are skipped;
4. every live borough's defaults (``refresh_borough_defaults``), in the same pool;
   boroughs that already hold every default are skipped (``--force-defaults``: none).

Each step ends with one line: what it did and how long it took (a bar, or a line every
few seconds in a log, while it runs). A borough that fails is named with its error; the
others are migrated all the same, and the command exits non-zero.
"""

import functools
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tenants.deploy import (
    borough_schemas,
    live_borough_schemas,
    public_is_current,
    schemas_behind,
    split_by_template,
)
from tenants.management.commands.refresh_borough_defaults import refresh_defaults
from tenants.parallel import SchemaOutcome, default_workers, run_step
from tenants.progress import Progress
from tenants.schema_migrate import migrate_schema
from tenants.template_schema import prepare_template_schema, template_is_current


class Command(BaseCommand):
    help = (
        "Migrate the public schema, the borough template and every borough (in parallel, "
        "skipping boroughs already as the template), then refresh every borough's "
        "defaults; each step timed. Exits non-zero if any borough failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes for the borough steps (default BOROUGH_DEPLOY_WORKERS, or CPUs).",
        )
        parser.add_argument(
            "--no-defaults",
            action="store_true",
            help="Leave out step 4 (refresh_borough_defaults).",
        )
        parser.add_argument(
            "--force-defaults",
            action="store_true",
            help="Refresh every borough's defaults, even those up to date.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Migrate nothing: name the schemas behind the code and exit non-zero if any.",
        )

    def handle(self, *args, **options):
        if options["check"]:
            behind = schemas_behind()
            if behind:
                raise CommandError(
                    "The database is behind the code: migrations are not applied in "
                    f"{', '.join(behind)}. Some pages will fail until you run: make migrate"
                )
            self.stdout.write("The database is as the code: nothing to migrate.")
            return
        workers = options["workers"] or default_workers()
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        verbosity = max(0, options["verbosity"] - 1)
        self.timings: dict[str, float] = {}
        started = time.monotonic()
        self._step("public", "Public schema", public_is_current, lambda: self._public(verbosity))
        self._step(
            "template",
            "Borough template",
            template_is_current,
            lambda: prepare_template_schema(verbosity=verbosity),
        )
        failed = self._boroughs(workers, verbosity)
        if not options["no_defaults"]:
            failed += self._defaults(
                workers,
                skip={outcome.schema for outcome in failed},
                force=options["force_defaults"],
            )
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.timings.items())
        self.stdout.write(f"Deploy steps: {steps}; {time.monotonic() - started:.1f} s in all")
        if failed:
            for outcome in failed:
                self.stderr.write(f"{outcome.schema} failed: {outcome.error}")
                if options["verbosity"] >= 2:
                    self.stderr.write(outcome.detail)
            names = ", ".join(sorted({outcome.schema for outcome in failed}))
            raise CommandError(f"{len(failed)} borough step(s) failed: {names}")

    def _public(self, verbosity):
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)

    def _step(self, name, label, is_current, work) -> None:
        with Progress(label, total=1, stream=self.stdout) as bar:
            if is_current():
                bar.summary = "up to date, skipped"
            else:
                work()
                bar.summary = "migrated"
            bar.advance()
        self.timings[name] = time.monotonic() - bar.started

    def _boroughs(self, workers, verbosity) -> list[SchemaOutcome]:
        started = time.monotonic()
        to_migrate, skipped = split_by_template(borough_schemas())

        def summary(outcomes):
            failed = sum(outcome.failed for outcome in outcomes)
            return (
                f"{len(outcomes) - failed} migrated, {len(skipped)} skipped (as the template), "
                f"{failed} failed; {workers} workers"
            )

        outcomes, _ = run_step(
            "Migrated boroughs",
            to_migrate,
            functools.partial(migrate_schema, verbosity=verbosity),
            workers=workers,
            stream=self.stdout,
            already_done=len(skipped),
            summary=summary,
        )
        self.timings["boroughs"] = time.monotonic() - started
        return [outcome for outcome in outcomes if outcome.failed]

    def _defaults(self, workers, skip, force) -> list[SchemaOutcome]:
        schemas = [name for name in live_borough_schemas() if name not in skip]
        failed, self.timings["defaults"] = refresh_defaults(
            schemas, workers=workers, stdout=self.stdout, unchanged_too=False, force=force
        )
        return failed
