"""The impact report's figures as they may be shown: every small-number rule applied once.

``shown_figures`` turns a borough's exact ``Figures`` into plain numbers that are safe to
show and to keep: counts of people rounded to 5, hidden ones as ``"fewer"`` or
``"not-shown"``, means and percentages already worked out (or ``None`` where hidden). This
is all a frozen quarter keeps (``frozen.py``): nothing in it is about one person, and
nothing in it is more than the report shows.

``add_up`` makes the all-boroughs figures from the boroughs' shown figures alone, so a
total never holds more than the boroughs' reports show: a count is the sum of the counts
the boroughs show (a hidden one is left out), and a mean or percentage is the mean of the
boroughs' shown ones, weighted by the number of people each shows. Nothing set against
one borough's report can then give away a number that report hides.

A count cell is an ``int`` (shown, already rounded) or one of ``HIDDEN``'s keys; ``cell``
turns it back into a ``suppression.Cell`` for the page, the charts and the CSV.
"""

from ..models import Contact, FollowUpAnswers, Outcome, Referral
from .selectors import Figures
from .suppression import (
    FEWER_THAN_5,
    INDICATIVE_UNDER,
    NOT_SHOWN,
    PEOPLE_ROUNDED_TO,
    Cell,
    Mean,
    Share,
    group,
    people,
)

VERSION = 1
HIDDEN = {"fewer": FEWER_THAN_5, "not-shown": NOT_SHOWN}
ALL_CHANNELS = "all"


def _kept(cell: Cell) -> int | str:
    if cell.shown:
        return cell.visible_value
    return "fewer" if str(cell.hidden_as) == str(FEWER_THAN_5) else "not-shown"


def cell(kept: int | str) -> Cell:
    """A kept count as the report shows it."""
    if isinstance(kept, int):
        return Cell(kept)
    return Cell(0, HIDDEN.get(kept, NOT_SHOWN))


def shown_figures(figures: Figures) -> dict:
    """What one borough's report shows, as JSON-ready numbers (rules in ``suppression``)."""
    referred, total = group(
        {kind.value: figures.referred[kind.value] for kind in Referral.Kind},
        rounded_to=PEOPLE_ROUNDED_TO,
    )
    n = figures.wellbeing_n
    start_total, end_total = figures.wellbeing_start_total, figures.wellbeing_end_total
    journeys = figures.completed
    coaching = {}
    channels = [channel.value for channel in Contact.Channel]
    for channel in [*channels, ALL_CHANNELS]:
        if channel == ALL_CHANNELS:
            contacts = sum(figures.channel_contacts[c] for c in channels)
            minutes = sum(figures.channel_minutes[c] for c in channels)
        else:
            contacts, minutes = figures.channel_contacts[channel], figures.channel_minutes[channel]
        coaching[channel] = {
            "contacts": Mean(contacts, journeys).value,
            "minutes": Mean(minutes, journeys, places=0).value,
        }
    return {
        "version": VERSION,
        "referred": {kind: _kept(c) for kind, c in referred.items()},
        "referred_total": _kept(total),
        "supported": _kept(people(figures.supported)),
        "completed": _kept(people(journeys)),
        "wellbeing": {
            "n": _kept(people(n)),
            "start": Mean(float(start_total), n).value,
            "end": Mean(float(end_total), n).value,
            "change": Mean(float(end_total - start_total), n).value,
            "indicative": n < INDICATIVE_UNDER,
        },
        "follow_up": {
            question: _share(figures.follow_up_yes[question], figures.follow_up_n[question])
            for question in FollowUpAnswers.QUESTIONS
        },
        "went_on_to": {
            kind.value: _kept(people(figures.went_on_to[kind.value])) for kind in Outcome.Kind
        },
        "coaching": coaching,
        "organisations": figures.organisations,
        "activities": figures.activities,
        "visitors": figures.visitors,
        "visitor_days": figures.visitor_days,
    }


def _share(yes: int, n: int) -> dict:
    share = Share(yes, n)
    return {"percent": share.percent, "n": _kept(share.n_cell)}


def _sum(kept: list) -> int | str:
    """The sum of the shown counts; hidden ones are left out ("not-shown" if all are)."""
    numbers = [value for value in kept if isinstance(value, int)]
    return sum(numbers) if numbers else "not-shown"


def _weighted(pairs: list[tuple[float | None, int | str]], places: int) -> float | None:
    """The mean of shown values, each weighted by the shown number of people behind it."""
    pairs = [(value, weight) for value, weight in pairs if value is not None]
    pairs = [(value, weight) for value, weight in pairs if isinstance(weight, int) and weight]
    if not pairs:
        return None
    weights = sum(weight for _value, weight in pairs)
    return round(sum(value * weight for value, weight in pairs) / weights, places)


def add_up(boroughs: list[dict]) -> dict:
    """The all-boroughs figures, from the boroughs' shown figures only (see above)."""
    first = shown_figures(Figures())  # the keys, whatever the list holds

    def counts(*path) -> list:
        values = []
        for borough in boroughs:
            for key in path:
                borough = borough[key]
            values.append(borough)
        return values

    wellbeing = [b["wellbeing"] for b in boroughs]
    well_n = [w["n"] for w in wellbeing]
    with_means = _sum([w["n"] for w in wellbeing if w["start"] is not None])
    return {
        "version": VERSION,
        "referred": {kind: _sum(counts("referred", kind)) for kind in first["referred"]},
        "referred_total": _sum(counts("referred_total")),
        "supported": _sum(counts("supported")),
        "completed": _sum(counts("completed")),
        "wellbeing": {
            "n": _sum(well_n),
            **{
                key: _weighted([(w[key], w["n"]) for w in wellbeing], 1)
                for key in ("start", "end", "change")
            },
            "indicative": not isinstance(with_means, int) or with_means < INDICATIVE_UNDER,
        },
        "follow_up": {
            question: {
                "percent": _weighted(
                    [
                        (b["follow_up"][question]["percent"], b["follow_up"][question]["n"])
                        for b in boroughs
                    ],
                    0,
                ),
                "n": _sum(counts("follow_up", question, "n")),
            }
            for question in first["follow_up"]
        },
        "went_on_to": {kind: _sum(counts("went_on_to", kind)) for kind in first["went_on_to"]},
        "coaching": {
            channel: {
                key: _weighted(
                    [(b["coaching"][channel][key], b["completed"]) for b in boroughs],
                    1 if key == "contacts" else 0,
                )
                for key in ("contacts", "minutes")
            }
            for channel in first["coaching"]
        },
        "organisations": sum(counts("organisations")),
        "activities": sum(counts("activities")),
        "visitors": sum(counts("visitors")),
        # Days of the quarter with a count, in the borough with most: not a sum of days.
        "visitor_days": max(counts("visitor_days"), default=0),
    }
