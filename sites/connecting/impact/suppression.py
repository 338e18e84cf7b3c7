"""Small numbers are never shown: the rules every figure of the impact report goes through.

1. **Primary.** A count under 5 (0 to 4) is shown as "fewer than 5", everywhere: on the
   page, in the charts, in the CSV, in the all-boroughs console.
2. **Secondary.** Where counts add up to a total that is shown (self + professional
   referrals = all referrals; each borough's figure + … = all boroughs), a hidden count
   could be worked out by subtraction. So if exactly one count of such a group is hidden,
   the next smallest count of the group is hidden too ("not shown"); with two hidden, the
   subtraction gives only their sum. If the total itself is under 5, everything is.
3. **Percentages** (the follow-up questions) are of people who answered yes out of ``n``
   who answered. The yes and no counts are a group adding up to ``n`` (shown): a
   percentage is shown only if ``n``, the yes count and the no count are each 5 or more,
   otherwise "not shown" (87 % of 23 would tell that 3 said no).
4. **Means** (wellbeing scores, coaching time) are shown only for 5 people or more, and
   wellbeing results for under 30 people are marked "indicative".

A hidden value is never put in a page, a chart, a data table or a CSV; ``Cell.value`` is
for the code that builds them, ``str(cell)`` is what anyone sees.
"""

from dataclasses import dataclass

SMALL = 5
INDICATIVE_UNDER = 30
FEWER_THAN_5 = "fewer than 5"
NOT_SHOWN = "not shown"


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown."""

    value: int
    hidden_as: str = ""  # "", FEWER_THAN_5 or NOT_SHOWN

    @property
    def shown(self) -> bool:
        return not self.hidden_as

    @property
    def visible_value(self) -> int | None:
        return None if self.hidden_as else self.value

    def __str__(self):
        return self.hidden_as or f"{self.value:,}"


def count(value: int) -> Cell:
    """Rule 1: a count on its own (or in a group whose total is not shown)."""
    return Cell(value, FEWER_THAN_5 if value < SMALL else "")


def group(parts: dict[str, int], total: int | None = None) -> tuple[dict[str, Cell], Cell]:
    """Rules 1 and 2: counts that add up to a total that is shown alongside them.

    ``total`` defaults to the sum of the parts; give it when the parts may overlap or
    not cover everything (then subtraction still tells the hidden one, within the rest).
    """
    total_cell = count(sum(parts.values()) if total is None else total)
    cells = {name: count(value) for name, value in parts.items()}
    if not total_cell.shown:
        return {name: Cell(value, FEWER_THAN_5) for name, value in parts.items()}, total_cell
    hidden = [name for name, cell in cells.items() if not cell.shown]
    if len(hidden) == 1:
        shown = sorted((cell.value, name) for name, cell in cells.items() if cell.shown)
        if shown:
            name = shown[0][1]
            cells[name] = Cell(cells[name].value, NOT_SHOWN)
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
        return count(self.n)

    def __str__(self):
        return f"{self.percent} %" if self.shown else NOT_SHOWN


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
        return f"{self.value:,.{self.places}f}" if self.shown else NOT_SHOWN
