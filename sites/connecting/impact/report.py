"""The impact report as people read it: the figures, with small numbers hidden, in sections.

Each section is a table (its data), and most have a chart of the same rows. The page,
the print version, the CSV and the all-boroughs console all show this one object, so
what one hides, all hide. It is built from shown figures only (``shown.py``: the rules
of ``suppression.py`` already applied), as a frozen quarter keeps them (``frozen.py``).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from ..models import Contact, FollowUpAnswers, Outcome, Referral
from .period import Quarter
from .shown import ALL_CHANNELS, cell
from .suppression import (
    FEWER_THAN_5,
    INDICATIVE_UNDER,
    NOT_SHOWN,
    PEOPLE_ROUNDED_TO,
    Cell,
    exact,
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
    frozen: list[str] = field(default_factory=list)  # when its figures were frozen, in words

    @property
    def period(self) -> str:
        return _("%(start)s to %(end)s") % {
            # E: the month as a date writes it ("5 grudnia", not "5 grudzień")
            "start": date_format(self.start, "j E Y"),
            "end": date_format(self.end, "j E Y"),
        }


def _bar(label: str, cell: Cell) -> Bar:
    return Bar(label, cell.visible_value, str(cell))


def _mean_text(value: float | None, places: int = 1) -> str:
    return str(NOT_SHOWN) if value is None else f"{value:,.{places}f}"


def build_report(shown: dict, scope: str, quarter: Quarter, frozen: list[str] = ()) -> Report:
    """The report of ``shown`` figures (``shown.shown_figures``, or ``add_up`` of several
    boroughs'): nothing here is worked out from anything a reader may not see."""
    return Report(
        scope,
        quarter.start,
        quarter.end,
        [
            _people(shown),
            _wellbeing(shown),
            _follow_up(shown),
            _went_on_to(shown),
            _coaching_time(shown),
            _site_and_directory(shown),
        ],
        frozen=list(frozen),
    )


def _people(shown: dict) -> Section:
    referred = {kind.label: cell(shown["referred"][kind.value]) for kind in Referral.Kind}
    total = cell(shown["referred_total"])
    completed, supported = cell(shown["completed"]), cell(shown["supported"])
    return Section(
        "people",
        _("People"),
        ("", _("People")),
        [
            *[Row(label, (str(c),)) for label, c in referred.items()],
            Row(_("Referred in all"), (str(total),)),
            Row(_("Supported by a coach"), (str(supported),)),
            Row(_("Completed the 12 weeks"), (str(completed),)),
        ],
        intro=_("Referred in the period; supported at any time in it; completed in it."),
        chart=Chart(
            _("People referred, supported and completed"),
            _("Bars of the number of people; the table beside it has the same numbers."),
            [
                *[_bar(label, c) for label, c in referred.items()],
                _bar(_("Supported"), supported),
                _bar(_("Completed"), completed),
            ],
        ),
    )


def _signed(value: float | None) -> str:
    return str(NOT_SHOWN) if value is None else f"{value:+.1f}"


def _wellbeing(shown: dict) -> Section:
    wellbeing = shown["wellbeing"]
    at_start, at_12 = wellbeing["start"], wellbeing["end"]
    how_many = str(cell(wellbeing["n"]))
    notes = [_("SWEMWBS metric scores run from 7 to 35; higher is better.")]
    if at_start is not None and wellbeing["indicative"]:
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
            Row(_("At the start"), (_mean_text(at_start), how_many)),
            Row(_("At 12 weeks"), (_mean_text(at_12), how_many)),
            Row(
                pgettext("a score at 12 weeks less the score at the start", "Change"),
                (_signed(wellbeing["change"]), how_many),
            ),
        ],
        intro=_("People whose 12-week score was in the period and who had a score at the start."),
        notes=notes,
        chart=Chart(
            _("Mean wellbeing score at the start and at 12 weeks"),
            _("Two bars on the SWEMWBS metric scale, 0 to 35."),
            [
                Bar(_("At the start"), at_start, _mean_text(at_start)),
                Bar(_("At 12 weeks"), at_12, _mean_text(at_12)),
            ],
            scale_max=35,
        ),
    )


def _percent_text(percent: float | None) -> str:
    return str(NOT_SHOWN) if percent is None else f"{round(percent)} %"


def _follow_up(shown: dict) -> Section:
    answers = {
        question: shown["follow_up"][name] for name, question in FollowUpAnswers.QUESTIONS.items()
    }
    return Section(
        "follow-up",
        _("Three months after the end"),
        (_("Question"), _("Said yes"), _("People who answered")),
        [
            Row(question, (_percent_text(a["percent"]), str(cell(a["n"]))))
            for question, a in answers.items()
        ],
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
            [
                Bar(question, a["percent"], _percent_text(a["percent"]))
                for question, a in answers.items()
            ],
            scale_max=100,
        ),
    )


def _went_on_to(shown: dict) -> Section:
    cells = {kind.label: cell(shown["went_on_to"][kind.value]) for kind in Outcome.Kind}
    return Section(
        "went-on-to",
        _("What people went on to do"),
        ("", _("People")),
        [Row(label, (str(c),)) for label, c in cells.items()],
        intro=_(
            "People with an outcome of each kind recorded in the period (one person may "
            "have several)."
        ),
        chart=Chart(
            _("What people went on to do"),
            _("A bar for each kind of activity: the number of people."),
            [_bar(label, c) for label, c in cells.items()],
        ),
    )


def _minutes(value: float | None) -> str:
    if value is None:
        return str(NOT_SHOWN)
    hours, minutes = divmod(round(value), 60)
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


def _coaching_time(shown: dict) -> Section:
    rows, bars = [], []
    channels = [(channel.label, channel.value) for channel in Contact.Channel]
    for label, value in [*channels, (pgettext("every channel together", "All"), ALL_CHANNELS)]:
        means = shown["coaching"][value]
        rows.append(Row(label, (_mean_text(means["contacts"]), _minutes(means["minutes"]))))
        if value != ALL_CHANNELS:
            bars.append(Bar(label, means["minutes"], _minutes(means["minutes"])))
    journeys = cell(shown["completed"])
    hidden = shown["coaching"][ALL_CHANNELS]["contacts"] is None
    return Section(
        "coaching-time",
        _("Coaching time per completed journey"),
        (_("Channel"), _("Contacts"), pgettext("how long coaching took", "Time")),
        rows,
        intro=_("Means over the journeys completed in the period (%(n)s).") % {"n": journeys},
        notes=[_("Not shown for fewer than 5 completed journeys.")] if hidden else [],
        chart=Chart(
            _("Coaching time per completed journey, by channel"),
            _("A bar for each channel: the mean minutes per completed journey."),
            bars,
        ),
    )


def _site_and_directory(shown: dict) -> Section:
    visitors = exact(shown["visitors"])
    return Section(
        "site",
        _("The site and its directory"),
        ("", _("Number")),
        [
            Row(_("Organisations featured"), (str(exact(shown["organisations"])),)),
            Row(_("Activities featured"), (str(exact(shown["activities"])),)),
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
                shown["visitor_days"],
            )
            % {"days": shown["visitor_days"]}
        ],
    )


BOROUGH_COLUMNS = (
    gettext_lazy("Borough"),
    gettext_lazy("Referred"),
    gettext_lazy("Supported"),
    gettext_lazy("Completed"),
    gettext_lazy("Site visitors"),
)


def boroughs_section(per_borough: dict[str, dict], total: dict) -> Section:
    """All boroughs, one row each as that borough's own report shows it, and the total of
    what they show (``shown.add_up``): a hidden number is in no row and in no total, so
    no subtraction gives it away. Site visitors are about no one and stay exact."""

    def shown_row(shown: dict) -> tuple[str, ...]:
        people_cells = [shown["referred_total"], shown["supported"], shown["completed"]]
        return (*[str(cell(kept)) for kept in people_cells], str(exact(shown["visitors"])))

    rows = [Row(name, shown_row(shown)) for name, shown in per_borough.items()]
    rows.append(Row(_("All boroughs"), shown_row(total)))
    return Section(
        "boroughs",
        _("Boroughs"),
        BOROUGH_COLUMNS,
        rows,
        notes=[
            _(
                "Each borough's row is as its own report shows it. The totals add up what "
                "the boroughs show: a number a borough hides (“%(fewer)s”, “%(not_shown)s”) "
                "is not in them, so a total may be lower than the true number. Numbers of "
                "people are rounded to the nearest %(rounded)s."
            )
            % {"fewer": FEWER_THAN_5, "not_shown": NOT_SHOWN, "rounded": PEOPLE_ROUNDED_TO}
        ],
    )
