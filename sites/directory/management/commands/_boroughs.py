"""Choosing the boroughs a scheduled command runs in."""

import logging

from django_tenants.utils import schema_context

from django.core.management.base import CommandError

from tenants.models import Borough
from tenants.progress import Progress

logger = logging.getLogger(__name__)


def borough_by_slug(slug: str) -> Borough:
    borough = Borough.objects.filter(slug=slug).first()
    if borough is None:
        known = ", ".join(Borough.objects.values_list("slug", flat=True)) or "none yet"
        raise CommandError(f"There is no borough called “{slug}” (boroughs: {known}).")
    if borough.status == Borough.Status.ARCHIVED:
        raise CommandError(f"{borough.name} is archived: restore it first.")
    return borough


def live_boroughs() -> list[Borough]:
    return list(Borough.objects.filter(status=Borough.Status.LIVE).order_by("slug"))


def run_in_boroughs(command, slug: str | None, job) -> None:
    """Run ``job(borough)`` in the schema of the borough ``slug`` (or every live one).

    ``job`` returns a summary with ``failures``; each summary is printed on one line (with
    progress over the boroughs and a last line with the time taken), and
    a line on stderr says when any email could not be sent. A borough whose job fails
    (or that was retired since the list was read) does not stop the others; the command
    then ends with an error naming it.
    """
    boroughs = [borough_by_slug(slug)] if slug else live_boroughs()
    failed, broken = False, []
    name = command.__module__.rsplit(".", 1)[-1]
    with Progress(name, total=len(boroughs), stream=command.stdout) as bar:
        for borough in boroughs:
            bar.advance(note=borough.slug)  # counted as started: a borough may fail
            if not Borough.objects.filter(pk=borough.pk, status=Borough.Status.LIVE).exists():
                continue  # retired or archived while the others ran
            try:
                with schema_context(borough.schema_name):
                    summary = job(borough)
            except Exception:
                logger.exception("%s failed in %s", command.__module__, borough.slug)
                broken.append(borough.slug)
                continue
            command.stdout.write(str(summary))
            failed = failed or bool(summary.failures)
        bar.summary = f"failed in {len(broken)}" if broken else "every borough ran"
    if failed:
        command.stderr.write("Some emails could not be sent; they are tried again next run.")
    if broken:
        raise CommandError(f"Failed in {', '.join(broken)}; the other boroughs ran.")
