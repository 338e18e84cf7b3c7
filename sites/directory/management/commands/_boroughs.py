"""Choosing the boroughs a directory command runs in."""

from django.core.management.base import CommandError

from tenants.models import Borough


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
