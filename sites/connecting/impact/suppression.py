"""Small numbers are never shown: the rules every figure of the impact report goes through.

1. **Primary.** A count under 5 (0 to 4) is shown as "fewer than 5", everywhere: on the
   page, in the charts, in the CSV, in the all-boroughs console. Counts of listings
   (organisations and activities the public can see) and of site visitors (counted
   without cookies, a visit to a public website, nothing about who came) are about no
   one, and are shown as they are (``exact``): "3 organisations featured" is on the
   public site anyway. Being exact, they are never hidden by rule 2 either.
2. **Secondary.** Where counts add up to a total that is shown (self + professional
   referrals = all referrals), a hidden count
   could be worked out by subtraction. So if exactly one count of such a group is hidden,
   the next smallest count of the group is hidden too ("not shown"); with two hidden, the
   subtraction gives only their sum. If the total itself is under 5, everything is.
3. **Percentages** (the follow-up questions) are of people who answered yes out of ``n``
   who answered. The yes and no counts are a group adding up to ``n`` (shown): a
   percentage is shown only if ``n``, the yes count and the no count are each 5 or more,
   otherwise "not shown" (87 % of 23 would tell that 3 said no).
4. **Means** (wellbeing scores, coaching time) are shown only for 5 people or more, and
   wellbeing results for under 30 people are marked "indicative".
5. **Rounding.** A number of people that is shown is rounded to the nearest 5, as NHS
   England and the ONS publish health figures, so a count is only known to within 2
   either way. Percentages and means are worked out from the exact counts; the people
   they are of are shown rounded. Listings and visitors are not about anyone, and stay
   exact.
6. **Periods.** A report covers one whole calendar quarter that has ended
   (``period.py``), never a run of months of one's choosing: any two reports are then
   the same or about different people, and no difference between two of them is a
   group of its own. (With overlapping periods, September's mean over 5 people and
   September and October's over 7 gave October's 2 people's mean away, rounding or not.)
   Each quarter is frozen at its first reading (``frozen.py``), so two readings of one
   quarter agree too.
7. **All boroughs.** The console adds up only the boroughs' shown figures
   (``shown.add_up``), never their exact counts, so it shows nothing their reports hide.

A hidden value is never put in a page, a chart, a data table or a CSV; ``Cell.value`` is
for the code that builds them, ``str(cell)`` is what anyone sees.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

SMALL = 5
INDICATIVE_UNDER = 30
PEOPLE_ROUNDED_TO = 5
FEWER_THAN_5 = gettext_lazy("fewer than 5")
NOT_SHOWN = gettext_lazy("not shown")


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown."""

    value: int  # exact: for the rules, never shown
    hidden_as: str = ""  # "", FEWER_THAN_5 or NOT_SHOWN
    rounded_to: int = 1  # rule 5: PEOPLE_ROUNDED_TO for a number of people

    @property
    def shown(self) -> bool:
        return not self.hidden_as

    @property
    def visible_value(self) -> int | None:
        """What may be shown: None if hidden, else the value rounded (halves up)."""
        if self.hidden_as:
            return None
        return (self.value + self.rounded_to // 2) // self.rounded_to * self.rounded_to

    def __str__(self):
        return str(self.hidden_as) if self.hidden_as else f"{self.visible_value:,}"


def count(value: int, rounded_to: int = 1) -> Cell:
    """Rule 1: a count on its own (or in a group whose total is not shown)."""
    return Cell(value, FEWER_THAN_5 if value < SMALL else "", rounded_to)


def exact(value: int) -> Cell:
    """Rule 1's exception: a number about no one (public listings, site visitors), shown
    as it is."""
    return Cell(value)


def people(value: int) -> Cell:
    """Rules 1 and 5: a number of people on its own."""
    return count(value, PEOPLE_ROUNDED_TO)


def group(
    parts: dict[str, int], total: int | None = None, rounded_to: int = 1
) -> tuple[dict[str, Cell], Cell]:
    """Rules 1 and 2 (and 5 with ``rounded_to``): counts that add up to a total that is
    shown alongside them.

    ``total`` defaults to the sum of the parts; give it when the parts may overlap or
    not cover everything (then subtraction still tells the hidden one, within the rest).
    """
    total_cell = count(sum(parts.values()) if total is None else total, rounded_to)
    cells = {name: count(value, rounded_to) for name, value in parts.items()}
    if not total_cell.shown:
        return {name: Cell(v, FEWER_THAN_5, rounded_to) for name, v in parts.items()}, total_cell
    hidden = [name for name, cell in cells.items() if not cell.shown]
    if len(hidden) == 1:
        shown = sorted((cell.value, name) for name, cell in cells.items() if cell.shown)
        if shown:
            name = shown[0][1]
            cells[name] = Cell(cells[name].value, NOT_SHOWN, rounded_to)
    return cells, total_cell


@dataclass(frozen=True)
class Share:
    """Rule 3: a percentage of people who said yes, out of ``n`` who answered."""

    yes: int
    n: int

    @property
    def shown(self) -> bool:
        return self.n >= SMALL and self.yes >= SMALL and self.n - self.yes >= SMALL

    @property
    def percent(self) -> int | None:
        return round(100 * self.yes / self.n) if self.shown else None

    @property
    def n_cell(self) -> Cell:
        return people(self.n)

    def __str__(self):
        return f"{self.percent} %" if self.shown else str(NOT_SHOWN)


@dataclass(frozen=True)
class Mean:
    """Rule 4: a mean over ``n`` people (or journeys)."""

    total: float
    n: int
    places: int = 1

    @property
    def shown(self) -> bool:
        return self.n >= SMALL

    @property
    def value(self) -> float | None:
        return round(self.total / self.n, self.places) if self.shown else None

    @property
    def indicative(self) -> bool:
        return self.n < INDICATIVE_UNDER

    def __str__(self):
        return f"{self.value:,.{self.places}f}" if self.shown else str(NOT_SHOWN)
