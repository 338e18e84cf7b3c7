"""When each questionnaire makes sense, and when one is due: the one place these rules live.

- **At the start**: any time.
- **At 12 weeks**: from week 11 of coaching (``WEEK_12_FROM``: a questionnaire filled in
  at the last meetings, which are often a week early), or once coaching has ended, early
  or not (then it is the end-of-coaching score).
- **Three months after the end** (the follow-up): only once coaching has ended, and from
  12 weeks after the end day (``FOLLOW_UP_AFTER``). It measures whether the change lasted
  without a coach; answers given earlier measure something else and would be reported
  as if they were three months on. Twelve weeks, not a calendar three months, so the day
  is the same kind of count as the coaching's own 12 weeks and never falls on a day a
  short month does not have.

The same dates decide when the participant list says a check is due (``due_checks``), so
a check that is flagged can always be done. Used by the forms, the links (made and
answered), the participant list and the daily reminder.
"""

import datetime

from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from .models import Participant, Timepoint

WEEK_12_FROM = datetime.timedelta(weeks=10)  # the first day of week 11
FOLLOW_UP_AFTER = datetime.timedelta(weeks=12)
# How long the follow-up stays due once it opens. After that it is missed: still accepted
# if the person answers, but no longer on the list or in the coach's daily email.
FOLLOW_UP_DUE_FOR = datetime.timedelta(weeks=8)

# The same rules as ``refusal``, for answers in the database (the impact report).
FITTING_WEEK_12 = Q(completed_on__gte=F("participant__started_on") + WEEK_12_FROM) | (
    ~Q(participant__status=Participant.Status.ACTIVE)
    & Q(participant__ended_on__isnull=False, completed_on__gte=F("participant__ended_on"))
)
FITTING_FOLLOW_UP = ~Q(participant__status=Participant.Status.ACTIVE) & Q(
    participant__ended_on__isnull=False,
    completed_on__gte=F("participant__ended_on") + FOLLOW_UP_AFTER,
)

WEEK_12_DUE = gettext_lazy("12-week check due")
FOLLOW_UP_DUE = gettext_lazy("Follow-up due")


def coaching_week(participant: Participant, today: datetime.date) -> int | None:
    """The week of coaching ``today`` is in (1 on the start day), while it goes on."""
    if participant.status != Participant.Status.ACTIVE or today < participant.started_on:
        return None
    return (today - participant.started_on).days // 7 + 1


def _ended(participant: Participant) -> bool:
    return participant.status != Participant.Status.ACTIVE and participant.ended_on is not None


def follow_up_from(participant: Participant) -> datetime.date | None:
    return participant.ended_on + FOLLOW_UP_AFTER if _ended(participant) else None


def refusal(participant: Participant, timepoint: str, on: datetime.date) -> str | None:
    """Why a questionnaire for ``timepoint`` completed ``on`` that day cannot count; None
    when it can."""
    if timepoint == Timepoint.WEEK_12:
        opens = participant.started_on + WEEK_12_FROM
        if _ended(participant):  # the end-of-coaching score: from the end day at the latest
            opens = min(opens, participant.ended_on)
        if on < opens:
            return gettext(
                "The 12-week questionnaire is for week 11 of coaching or later (from "
                "%(date)s), or once coaching has ended."
            ) % {"date": date_format(opens, "j E Y")}
    if timepoint == Timepoint.FOLLOW_UP:
        opens = follow_up_from(participant)
        if opens is None:
            return gettext(
                "The follow-up is for three months after coaching ends, and this person "
                "is still in coaching. Record the end of coaching first."
            )
        if on < opens:
            return gettext(
                "The follow-up is for three months after coaching ends: from %(date)s."
            ) % {"date": date_format(opens, "j E Y")}
    return None


def due_checks(
    participant: Participant, today: datetime.date, done: set[str], *, swemwbs: bool = True
) -> list[str]:
    """What is due for this person ``today`` (words), given what is already answered
    (``done``: SWEMWBS time points, and FOLLOW_UP once the follow-up answers are in).

    The 12-week check is due from week 11 until its SWEMWBS is in (only where SWEMWBS is
    offered), and after an end only until the follow-up opens; the follow-up is due from
    12 weeks after the end until its answers are in, for ``FOLLOW_UP_DUE_FOR`` at most
    (a coach is not reminded every day, for two years, of someone who ended long ago).
    """
    due = []
    opens = follow_up_from(participant)
    if swemwbs and Timepoint.WEEK_12 not in done:
        started = today >= participant.started_on + WEEK_12_FROM
        if (opens is None and started) or (opens is not None and today < opens):
            due.append(WEEK_12_DUE)
    follow_up_open = opens is not None and opens <= today < opens + FOLLOW_UP_DUE_FOR
    if Timepoint.FOLLOW_UP not in done and follow_up_open:
        due.append(FOLLOW_UP_DUE)
    return due
