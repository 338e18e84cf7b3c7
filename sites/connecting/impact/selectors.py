"""The impact report's figures for one borough (the current schema), counted in SQL.

Every figure is a count or a sum; means and percentages are worked out from them only
when the small-number rules are applied (``shown.py``). The all-boroughs report never
adds these exact figures: it adds what each borough's report shows (``shown.add_up``).

The figures are only ever of one whole calendar quarter that has ended
(``borough_figures`` refuses anything else, ``period.closed_quarter``), and are read
once: ``frozen.py`` keeps them, suppressed, the first time the quarter is read.

What falls in a quarter (its first to its last day, both included):

- **referred**: referrals received in the period, by kind;
- **supported**: people whose coaching went on during the period (started by its end,
  not ended before its start);
- **completed**: journeys that ended as completed in the period; **coaching time** is
  theirs (every contact of those journeys, whenever it was);
- **wellbeing**: people whose 12-week SWEMWBS was in the period and who have a start one;
- **follow-up**: answers given in the period, per question (a question left unanswered
  is not counted in its ``n``);
- both only where the time point fitted (``timepoints.py``): a 12-week score from week 11
  or after the end, follow-up answers from 12 weeks after the end; answers entered before
  that rule, at a time that did not fit, are left out;
- **went on to do**: people with an outcome of that kind recorded in the period;
- **organisations and activities featured**: listings the public can see now that were
  first published by the end of the period;
- **visitors**: the daily visitor counts of the period's days, added up.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from sites.directory.selectors import visible_activities, visible_organisations

from ..models import (
    Contact,
    FollowUpAnswers,
    Outcome,
    Participant,
    Referral,
    Timepoint,
    WellbeingResponse,
)
from ..timepoints import FITTING_FOLLOW_UP, FITTING_WEEK_12
from .models import DailyVisitors
from .period import Quarter, closed_quarter


@dataclass
class Figures:
    referred: Counter = field(default_factory=Counter)  # kind -> referrals
    supported: int = 0
    completed: int = 0
    wellbeing_n: int = 0
    wellbeing_start_total: Decimal = Decimal(0)
    wellbeing_end_total: Decimal = Decimal(0)
    follow_up_yes: Counter = field(default_factory=Counter)  # question -> said yes
    follow_up_n: Counter = field(default_factory=Counter)  # question -> answered
    went_on_to: Counter = field(default_factory=Counter)  # outcome kind -> people
    channel_minutes: Counter = field(default_factory=Counter)  # channel -> minutes
    channel_contacts: Counter = field(default_factory=Counter)  # channel -> contacts
    organisations: int = 0
    activities: int = 0
    visitors: int = 0
    visitor_days: int = 0


def _day_bounds(start: datetime.date, end: datetime.date):
    zone = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time(), tzinfo=zone)
    after = datetime.datetime.combine(end, datetime.time(), tzinfo=zone) + datetime.timedelta(1)
    return begin, after


def borough_figures(quarter: Quarter, *, today: datetime.date | None = None) -> Figures:
    """The exact figures of the borough whose schema is current, for ``quarter``, a whole
    calendar quarter that has ended by ``today`` (``NotAClosedQuarter`` otherwise). Exact:
    only ``shown.shown_figures`` of them is ever kept or shown."""
    quarter = closed_quarter(quarter, today)
    return _counted(quarter.start, quarter.end)


def _counted(start: datetime.date, end: datetime.date) -> Figures:
    figures = Figures()
    begin, after = _day_bounds(start, end)
    figures.referred.update(
        dict(
            Referral.objects.filter(created_at__gte=begin, created_at__lt=after)
            .values_list("kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    people = Participant.objects.filter(started_on__lte=end).exclude(ended_on__lt=start)
    completed = Participant.objects.filter(
        status=Participant.Status.COMPLETED, ended_on__range=(start, end)
    )
    figures.supported, figures.completed = people.count(), completed.count()
    _wellbeing(figures, start, end)
    _follow_up(figures, start, end)
    figures.went_on_to.update(
        dict(
            Outcome.objects.filter(recorded_on__range=(start, end))
            .values_list("kind")
            .annotate(n=Count("participant", distinct=True))
            .order_by()
        )
    )
    for channel, minutes, contacts in (
        Contact.objects.filter(participant__in=completed.values("pk"))
        .values_list("channel")
        .annotate(minutes=Sum("minutes"), contacts=Count("pk"))
        .order_by()
    ):
        figures.channel_minutes[channel] = minutes
        figures.channel_contacts[channel] = contacts
    _directory_and_visitors(figures, start, end, after)
    return figures


def _wellbeing(figures: Figures, start, end) -> None:
    twelve_weeks = WellbeingResponse.objects.filter(
        FITTING_WEEK_12, timepoint=Timepoint.WEEK_12, completed_on__range=(start, end)
    )
    paired = WellbeingResponse.objects.filter(
        timepoint=Timepoint.START, participant__in=twelve_weeks.values("participant")
    )
    start_scores = paired.aggregate(n=Count("pk"), total=Sum("metric_score"))
    end_scores = twelve_weeks.filter(participant__in=paired.values("participant")).aggregate(
        total=Sum("metric_score")
    )
    figures.wellbeing_n = start_scores["n"]
    figures.wellbeing_start_total = start_scores["total"] or Decimal(0)
    figures.wellbeing_end_total = end_scores["total"] or Decimal(0)


def _follow_up(figures: Figures, start, end) -> None:
    aggregates = {}
    for question in FollowUpAnswers.QUESTIONS:
        aggregates[f"{question}__yes"] = Count("pk", filter=Q(**{question: True}))
        aggregates[f"{question}__n"] = Count("pk", filter=Q(**{f"{question}__isnull": False}))
    answered = FollowUpAnswers.objects.filter(
        FITTING_FOLLOW_UP, completed_on__range=(start, end)
    ).aggregate(**aggregates)
    for question in FollowUpAnswers.QUESTIONS:
        figures.follow_up_yes[question] = answered[f"{question}__yes"]
        figures.follow_up_n[question] = answered[f"{question}__n"]


def _directory_and_visitors(figures: Figures, start, end, after) -> None:
    published = Q(first_published_at__lt=after)
    # One listing in several languages is one listing.
    figures.organisations = (
        visible_organisations().filter(published).values("translation_key").distinct().count()
    )
    figures.activities = (
        visible_activities().filter(published).values("translation_key").distinct().count()
    )
    visitors = DailyVisitors.objects.filter(day__range=(start, end)).aggregate(
        total=Sum("visitors"), days=Count("pk")
    )
    figures.visitors = visitors["total"] or 0
    figures.visitor_days = visitors["days"]
