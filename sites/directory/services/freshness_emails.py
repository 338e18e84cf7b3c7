"""What the "is your listing still right?" reminders say, in the active language.

``freshness`` writes each one once for every language its readers read
(``in_each_reader_language``): an organisation's managers and the Editors in their own
admin language, an organisation's public address (nobody's account) in the platform's.
"""

import datetime

from dateutil.relativedelta import relativedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext

from tenants.emails import borough_base_url


def _day(day: datetime.date) -> str:
    return date_format(day, "j E Y")  # "2 marca 2026" in Polish


def _listing_lines(borough, pages) -> list[str]:
    base = borough_base_url(borough)
    lines = []
    for page in pages:
        parts = page.get_url_parts()
        url = base + parts[2] if parts else ""
        words = {
            "title": page.title,
            "kind": str(page._meta.verbose_name),
            "day": _day(page.last_checked_on),
        }
        lines.append(
            "- "
            + gettext("%(title)s (%(kind)s), last checked on %(day)s") % words
            + (f"\n  {url}" if url else "")
        )
    return lines


def hide_date(settings, pages) -> datetime.date:
    """The first day on which the longest-unchecked of these listings is hidden."""
    oldest = min(page.last_checked_on for page in pages)
    return oldest + relativedelta(months=settings.hide_after_months) + datetime.timedelta(days=1)


def _confirm_lines(link: str, valid_days: int) -> list[str]:
    return [
        gettext(
            "If they are all still right, open this link and press the button (the link "
            "works for %(days)s days):"
        )
        % {"days": valid_days},
        link,
    ]


def organisation_email(
    borough, settings, organisation, pages, on, link: str, valid_days: int
) -> tuple[str, str]:
    words = {
        "borough": borough.name,
        "name": organisation.title,
        "admin": f"{borough_base_url(borough)}/admin/",
        "day": _day(hide_date(settings, pages)),
    }
    subject = gettext("Is your listing on Connect & Do %(borough)s still right?") % words
    lines = [
        gettext("Hello,"),
        "",
        gettext(
            "People find %(name)s on Connect & Do %(borough)s. To keep the site trustworthy, "
            "we ask every organisation to check its listings now and then. These have not "
            "been checked for a while:"
        )
        % words,
        "",
        *_listing_lines(borough, pages),
        "",
        *_confirm_lines(link, valid_days),
        "",
        gettext(
            "If something has changed, sign in at %(admin)s and update it, or reply to this "
            "email and tell us what to change."
        )
        % words,
        "",
    ]
    if hide_date(settings, pages) <= on:
        lines.append(
            gettext(
                "These listings are hidden from the site until you confirm them. "
                "Nothing has been deleted."
            )
        )
    else:
        lines.append(
            gettext(
                "If we do not hear from you, we will hide them from the site from %(day)s "
                "until you confirm them. Nothing is deleted."
            )
            % words
        )
    lines += ["", gettext("Thank you,\nThe Connect & Do %(borough)s team") % words]
    return subject, "\n".join(lines) + "\n"


def editors_email(borough, settings, pages, link: str, valid_days: int) -> tuple[str, str]:
    words = {
        "borough": borough.name,
        "months": settings.reminder_after_months,
        "hide": settings.hide_after_months,
    }
    subject = gettext("Listings to check on Connect & Do %(borough)s") % words
    lines = [
        gettext("Hello,"),
        "",
        gettext(
            "These listings have not been checked for more than %(months)s months, and there "
            "is no organisation to ask (places, or organisations without an email address or "
            "managers):"
        )
        % words,
        "",
        *_listing_lines(borough, pages),
        "",
        *_confirm_lines(link, valid_days),
        "",
        gettext("Every listing waiting for a check is under Directory > Stale listings:"),
        borough_base_url(borough) + reverse("directory_stale_listings:index"),
        "",
        gettext(
            "Listings unchecked for %(hide)s months are hidden from the public until someone "
            "confirms them. Nothing is deleted."
        )
        % words,
    ]
    return subject, "\n".join(lines) + "\n"
