"""Frozen quarters: a closed quarter's figures are kept the first time it is read, and
every later reading shows them.

Without this, an answer entered late or a person erased changed a quarter already read:
two readings of one quarter then differed by that one entry (and gave away what the
small-number rules hide), and commissioners saw a total move.

**When.** A quarter is frozen the first time anyone reads it (a borough's page, print or
CSV, or the console, which reads every live borough), not by a daily job: then every
figure anyone has ever been shown is the frozen one. A job would leave the quarter's
first days after its end, before the job ran, showing live figures that the frozen ones
could differ from, and would freeze quarters nobody reads. Two first readings at once
make one row (the unique quarter; the second reads the first's).

**What.** Only the figures as shown (``shown.shown_figures``): nothing about anyone, so
erasure and anonymisation leave a frozen quarter as it is.

**Refreeze.** A Community Connecting team lead may freeze a quarter again when a
correction matters, giving a reason: the figures are counted afresh, the report says
when it was first frozen and when again (so readers know the figures changed, and why
two readings differ), and ``QuarterRefrozen`` keeps who, when and why.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from ..access import is_team_lead
from .models import FrozenQuarter, QuarterRefrozen
from .period import Quarter, closed_quarter
from .selectors import borough_figures
from .shown import shown_figures

REASON_LENGTH = 500


class RefreezeRefused(ValueError):
    """A refreeze that was not done; the message says why, in plain words."""


def _today(now: datetime.datetime) -> datetime.date:
    return timezone.localdate(now)


def _counted(quarter: Quarter, now: datetime.datetime) -> dict:
    return shown_figures(borough_figures(quarter, today=_today(now)))


def frozen_quarter(quarter: Quarter, *, now: datetime.datetime | None = None) -> FrozenQuarter:
    """The frozen figures of the current borough's ``quarter``, freezing them now if this
    is the first reading. ``NotAClosedQuarter`` for anything but a closed quarter."""
    now = now or timezone.now()
    quarter = closed_quarter(quarter, _today(now))
    found = FrozenQuarter.objects.filter(year=quarter.year, quarter=quarter.number).first()
    if found:
        return found
    figures = _counted(quarter, now)
    try:
        with transaction.atomic():
            return FrozenQuarter.objects.create(
                year=quarter.year,
                quarter=quarter.number,
                figures=figures,
                first_frozen_at=now,
                frozen_at=now,
            )
    except IntegrityError:  # another reading froze it a moment ago: theirs stands
        return FrozenQuarter.objects.get(year=quarter.year, quarter=quarter.number)


def refreeze(
    quarter: Quarter, user, reason: str, *, now: datetime.datetime | None = None
) -> FrozenQuarter:
    """Count ``quarter`` afresh and keep that instead, audited. Team leads only; a reason
    is needed. Refused (``RefreezeRefused``, nothing changed) otherwise."""
    now = now or timezone.now()
    quarter = closed_quarter(quarter, _today(now))
    if not is_team_lead(user):
        raise RefreezeRefused(
            gettext("Only a Community Connecting team lead can freeze a quarter again.")
        )
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise RefreezeRefused(gettext("Say why the figures need freezing again."))
    if len(reason) > REASON_LENGTH:
        raise RefreezeRefused(
            gettext("Keep the reason to %(most)s characters or fewer.") % {"most": REASON_LENGTH}
        )
    frozen_quarter(quarter, now=now)  # a first freezing, if nobody has read it yet
    with transaction.atomic():
        frozen = FrozenQuarter.objects.select_for_update().get(
            year=quarter.year, quarter=quarter.number
        )
        frozen.figures = _counted(quarter, now)
        frozen.frozen_at = now
        frozen.times_frozen += 1
        frozen.save(update_fields=["figures", "frozen_at", "times_frozen"])
        QuarterRefrozen.objects.create(
            year=quarter.year,
            quarter=quarter.number,
            at=now,
            user=user,
            username=user.get_username(),
            reason=reason,
        )
    return frozen


def _day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j E Y")


def frozen_words(frozen: FrozenQuarter) -> str:
    """The plain-words line a borough's report shows about its figures."""
    if frozen.times_frozen <= 1:
        return gettext(
            "These figures were frozen on %(day)s, the first time this quarter's report was "
            "read. Records entered, changed or deleted since do not change them."
        ) % {"day": _day(frozen.first_frozen_at)}
    return ngettext(
        "These figures were first frozen on %(first)s and frozen again on %(day)s by a "
        "Community Connecting team lead, after a correction (%(times)s time in all). "
        "They may differ from a copy of this report read before then.",
        "These figures were first frozen on %(first)s and frozen again on %(day)s by a "
        "Community Connecting team lead, after a correction (%(times)s times in all). "
        "They may differ from a copy of this report read before then.",
        frozen.times_frozen,
    ) % {
        "first": _day(frozen.first_frozen_at),
        "day": _day(frozen.frozen_at),
        "times": frozen.times_frozen,
    }
