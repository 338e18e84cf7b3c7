"""The impact report as people read it: the figures, with small numbers hidden, in sections.

Each section is a table (its data), and most have a chart of the same rows. The page,
the print version, the CSV and the all-boroughs console all show this one object, so
what one hides, all hide (rules in ``suppression.py``).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from ..models import Contact, FollowUpAnswers, Outcome, Referral
from .selectors import Figures
from .suppression import (
    FEWER_THAN_5,
    INDICATIVE_UNDER,
    NOT_SHOWN,
    PEOPLE_ROUNDED_TO,
    SMALL,
    Cell,
    Mean,
    Share,
    exact,
    group,
    people,
)


@dataclass
class Bar:
    label: str
    value: float | None  # None: hidden, no bar drawn
    text: str  # what the bar's label says ("42", "87 %", "fewer than 5")


@dataclass
class Chart:
    title: str
    description: str
    bars: list[Bar]
    scale_max: float | None = None  # None: the largest bar


@dataclass
class Row:
    label: str
    cells: tuple[str, ...]


@dataclass
class Section:
    slug: str
    title: str
    columns: tuple[str, ...]  # the first heads the row labels
    rows: list[Row]
    intro: str = ""
    notes: list[str] = field(default_factory=list)
    chart: Chart | None = None


@dataclass
class Report:
    scope: str  # a borough's name, or _("All boroughs")
    start: datetime.date
    end: datetime.date
    sections: list[Section]
    boroughs: Section | None = None  # the all-boroughs report's table of boroughs

    @property
    def period(self) -> str:
        return _("%(start)s to %(end)s") % {
            # E: the month as a date writes it ("5 grudnia", not "5 grudzień")
            "start": date_format(self.start, "j E Y"),
            "end": date_format(self.end, "j E Y"),
        }


def _bar(label: str, cell: Cell) -> Bar:
    return Bar(label, cell.visible_value, str(cell))


def build_report(figures: Figures, scope: str, start, end) -> Report:
    return Report(
        scope,
        start,
        end,
        [
            _people(figures),
            _wellbeing(figures),
            _follow_up(figures),
            _went_on_to(figures),
            _coaching_time(figures),
            _site_and_directory(figures),
        ],
    )


def _people(figures: Figures) -> Section:
    kinds = {kind.label: figures.referred[kind.value] for kind in Referral.Kind}
    referred, total = group(kinds, rounded_to=PEOPLE_ROUNDED_TO)
    completed, supported = people(figures.completed), people(figures.supported)
    return Section(
        "people",
        _("People"),
        ("", _("People")),
        [
            *[Row(label, (str(cell),)) for label, cell in referred.items()],
            Row(_("Referred in all"), (str(total),)),
            Row(_("Supported by a coach"), (str(supported),)),
            Row(_("Completed the 12 weeks"), (str(completed),)),
        ],
        intro=_("Referred in the period; supported at any time in it; completed in it."),
        chart=Chart(
            _("People referred, supported and completed"),
            _("Bars of the number of people; the table beside it has the same numbers."),
            [
                *[_bar(label, cell) for label, cell in referred.items()],
                _bar(_("Supported"), supported),
                _bar(_("Completed"), completed),
            ],
        ),
    )


def _signed(mean: Mean) -> str:
    return f"{mean.value:+.1f}" if mean.shown else str(mean)


def _wellbeing(figures: Figures) -> Section:
    n = figures.wellbeing_n
    at_start = Mean(float(figures.wellbeing_start_total), n)
    at_12 = Mean(float(figures.wellbeing_end_total), n)
    change = Mean(float(figures.wellbeing_end_total - figures.wellbeing_start_total), n)
    how_many = str(people(n))
    notes = [_("SWEMWBS metric scores run from 7 to 35; higher is better.")]
    if at_start.shown and change.indicative:
        notes.append(
            _(
                "Indicative only: fewer than %(n)s people had both scores, too few "
                "to be sure of the change."
            )
            % {"n": INDICATIVE_UNDER}
        )
    return Section(
        "wellbeing",
        _("Wellbeing (SWEMWBS) at the start and at 12 weeks"),
        ("", _("Mean metric score"), _("People")),
        [
            Row(_("At the start"), (str(at_start), how_many)),
            Row(_("At 12 weeks"), (str(at_12), how_many)),
            Row(
                pgettext("a score at 12 weeks less the score at the start", "Change"),
                (_signed(change), how_many),
            ),
        ],
        intro=_("People whose 12-week score was in the period and who had a score at the start."),
        notes=notes,
        chart=Chart(
            _("Mean wellbeing score at the start and at 12 weeks"),
            _("Two bars on the SWEMWBS metric scale, 0 to 35."),
            [
                Bar(_("At the start"), at_start.value, str(at_start)),
                Bar(_("At 12 weeks"), at_12.value, str(at_12)),
            ],
            scale_max=35,
        ),
    )


def _follow_up(figures: Figures) -> Section:
    shares = {
        question: Share(figures.follow_up_yes[name], figures.follow_up_n[name])
        for name, question in FollowUpAnswers.QUESTIONS.items()
    }
    return Section(
        "follow-up",
        _("Three months after the end"),
        (_("Question"), _("Said yes"), _("People who answered")),
        [Row(question, (str(share), str(share.n_cell))) for question, share in shares.items()],
        intro=_("Answers given in the period."),
        notes=[
            _(
                "A percentage is not shown when fewer than 5 people answered, or when fewer "
                "than 5 answered yes or fewer than 5 answered no."
            )
        ],
        chart=Chart(
            _("Share of people who said yes, three months after the end"),
            _("A bar for each question, from 0 to 100 per cent."),
            [Bar(question, share.percent, str(share)) for question, share in shares.items()],
            scale_max=100,
        ),
    )


def _went_on_to(figures: Figures) -> Section:
    cells = {kind.label: people(figures.went_on_to[kind.value]) for kind in Outcome.Kind}
    return Section(
        "went-on-to",
        _("What people went on to do"),
        ("", _("People")),
        [Row(label, (str(cell),)) for label, cell in cells.items()],
        intro=_(
            "People with an outcome of each kind recorded in the period (one person may "
            "have several)."
        ),
        chart=Chart(
            _("What people went on to do"),
            _("A bar for each kind of activity: the number of people."),
            [_bar(label, cell) for label, cell in cells.items()],
        ),
    )


def _minutes(mean: Mean) -> str:
    if not mean.shown:
        return str(mean)
    hours, minutes = divmod(round(mean.value), 60)
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


def _coaching_time(figures: Figures) -> Section:
    journeys = figures.completed
    rows, bars = [], []
    channels = [(channel.label, channel.value) for channel in Contact.Channel]
    for label, value in [*channels, (pgettext("every channel together", "All"), None)]:
        if value is None:
            contacts = sum(figures.channel_contacts.values())
            minutes = sum(figures.channel_minutes.values())
        else:
            contacts, minutes = figures.channel_contacts[value], figures.channel_minutes[value]
        per_journey = Mean(contacts, journeys)
        time = Mean(minutes, journeys, places=0)
        rows.append(Row(label, (str(per_journey), _minutes(time))))
        if value is not None:
            bars.append(Bar(label, time.value, _minutes(time)))
    return Section(
        "coaching-time",
        _("Coaching time per completed journey"),
        (_("Channel"), _("Contacts"), pgettext("how long coaching took", "Time")),
        rows,
        intro=_("Means over the journeys completed in the period (%(n)s).")
        % {"n": people(journeys)},
        notes=[] if journeys >= SMALL else [_("Not shown for fewer than 5 completed journeys.")],
        chart=Chart(
            _("Coaching time per completed journey, by channel"),
            _("A bar for each channel: the mean minutes per completed journey."),
            bars,
        ),
    )


def _site_and_directory(figures: Figures) -> Section:
    visitors = exact(figures.visitors)
    return Section(
        "site",
        _("The site and its directory"),
        ("", _("Number")),
        [
            Row(_("Organisations featured"), (str(exact(figures.organisations)),)),
            Row(_("Activities featured"), (str(exact(figures.activities)),)),
            Row(_("Site visitors (each counted once a day)"), (str(visitors),)),
        ],
        intro=_("Listings the public can see, published by the end of the period."),
        notes=[
            ngettext(
                "Visitors are counted without cookies, on %(days)s day of the period; people "
                "who asked not to be tracked are not counted, and a person who came on three "
                "days counts three times.",
                "Visitors are counted without cookies, on %(days)s days of the period; people "
                "who asked not to be tracked are not counted, and a person who came on three "
                "days counts three times.",
                figures.visitor_days,
            )
            % {"days": figures.visitor_days}
        ],
    )


BOROUGH_COLUMNS = (
    gettext_lazy("Borough"),
    gettext_lazy("Referred"),
    gettext_lazy("Supported"),
    gettext_lazy("Completed"),
    gettext_lazy("Site visitors"),
)


def _exact_column(values: dict[str, int]) -> tuple[dict[str, Cell], Cell]:
    return {name: exact(value) for name, value in values.items()}, exact(sum(values.values()))


def boroughs_section(per_borough: dict[str, Figures]) -> Section:
    """All boroughs, one row each, with totals: each column of people hides small numbers
    as a group, so no total gives a hidden borough's figure away; site visitors are about
    no one and stay exact (a borough with few never hides another's)."""
    people_measures = [
        lambda f: sum(f.referred.values()),
        lambda f: f.supported,
        lambda f: f.completed,
    ]
    columns = [
        group({name: measure(f) for name, f in per_borough.items()}, rounded_to=PEOPLE_ROUNDED_TO)
        for measure in people_measures
    ]
    columns.append(_exact_column({name: f.visitors for name, f in per_borough.items()}))
    rows = [Row(name, tuple(str(cells[name]) for cells, _total in columns)) for name in per_borough]
    rows.append(Row(_("All boroughs"), tuple(str(total) for _cells, total in columns)))
    return Section(
        "boroughs",
        _("Boroughs"),
        BOROUGH_COLUMNS,
        rows,
        notes=[
            _(
                "“%(fewer)s” hides a small number; “%(not_shown)s” hides the next smallest in "
                "its column, so that a hidden number cannot be worked out from the total. "
                "Numbers of people are rounded to the nearest %(rounded)s, so a total "
                "may differ from the sum of its column."
            )
            % {"fewer": FEWER_THAN_5, "not_shown": NOT_SHOWN, "rounded": PEOPLE_ROUNDED_TO}
        ],
    )
