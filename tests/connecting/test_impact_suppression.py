"""Small numbers are never shown, and never given away by a total (no database)."""

from collections import Counter
from decimal import Decimal

import pytest

from sites.connecting.impact.period import Quarter
from sites.connecting.impact.report import boroughs_section
from sites.connecting.impact.report import build_report as build_shown_report
from sites.connecting.impact.selectors import Figures
from sites.connecting.impact.shown import add_up, shown_figures
from sites.connecting.impact.suppression import Mean, Share, count, group, people

Q2 = Quarter(2025, 2)


def build_report(figures: Figures, scope: str):
    return build_shown_report(shown_figures(figures), scope, Q2)


def boroughs_table(per_borough: dict[str, Figures]):
    shown = {name: shown_figures(figures) for name, figures in per_borough.items()}
    return boroughs_section(shown, add_up(list(shown.values())))


@pytest.mark.parametrize("value, shown", [(0, "fewer than 5"), (4, "fewer than 5"), (5, "5")])
def test_counts_under_5_are_fewer_than_5(value, shown):
    assert str(count(value)) == shown
    assert count(value).visible_value == (None if value < 5 else value)


@pytest.mark.parametrize(
    "value, shown",
    [(4, "fewer than 5"), (5, "5"), (7, "5"), (8, "10"), (22, "20"), (23, "25"), (1502, "1,500")],
)
def test_numbers_of_people_are_rounded_to_the_nearest_5(value, shown):
    assert str(people(value)) == shown
    assert people(value).value == value, "the exact count stays for the rules"


def test_rounded_a_single_person_cannot_be_worked_out_from_two_figures():
    """One more person changes the figure shown by 0 or 5, never by 1: a difference of 5
    between two reports is 1 to 9 people, and none is 0 to 4."""
    for n in range(5, 500):
        difference = people(n + 1).visible_value - people(n).visible_value
        assert difference in (0, 5)
    assert people(22).visible_value == people(21).visible_value == people(18).visible_value


def test_one_hidden_count_hides_the_next_smallest_so_the_total_cannot_reveal_it():
    cells, total = group({"self": 3, "professional": 14, "other": 9})
    assert {name: str(cell) for name, cell in cells.items()} == {
        "self": "fewer than 5",
        "professional": "14",
        "other": "not shown",
    }
    assert str(total) == "26"
    # From what is shown, self could be anything from 0 to 4 with other 12 to 8.
    assert cells["other"].visible_value is None


def test_two_hidden_counts_need_nothing_more_and_a_small_total_hides_everything():
    cells, total = group({"a": 2, "b": 3, "c": 40})
    assert [str(cell) for cell in cells.values()] == ["fewer than 5", "fewer than 5", "40"]
    cells, total = group({"a": 2, "b": 1})
    assert str(total) == "fewer than 5"
    assert all(not cell.shown for cell in cells.values())
    cells, total = group({"a": 3, "b": 30})
    assert [str(cell) for cell in cells.values()] == ["fewer than 5", "not shown"]
    assert str(total) == "33"


def test_a_percentage_hides_a_small_yes_or_no():
    assert str(Share(yes=20, n=25)) == "80 %"
    assert str(Share(yes=20, n=23)) == "not shown", "87 % of 23 would tell that 3 said no"
    assert str(Share(yes=3, n=23)) == "not shown"
    assert str(Share(yes=0, n=0)) == "not shown" and str(Share(0, 0).n_cell) == "fewer than 5"


def test_means_need_5_people_and_under_30_are_indicative():
    assert str(Mean(80, 4)) == "not shown" and Mean(80, 4).value is None
    assert str(Mean(100, 5)) == "20.0" and Mean(100, 5).indicative
    assert not Mean(900, 30).indicative


def rows(section) -> dict:
    return {row.label: row.cells for row in section.rows}


def test_the_report_hides_a_small_kind_of_referral_and_its_partner():
    figures = Figures(referred=Counter({"self": 3, "professional": 14}), supported=17)
    section = build_report(figures, "Lambeth").sections[0]
    assert rows(section)["Self-referral"] == ("fewer than 5",)
    assert rows(section)["Professional referral"] == ("not shown",)
    assert rows(section)["Referred in all"] == ("15",), "17, rounded"
    chart = {bar.label: bar for bar in section.chart.bars}
    assert chart["Self-referral"].value is None and chart["Professional referral"].value is None


def test_wellbeing_under_5_people_shows_no_means_and_under_30_says_indicative():
    few = Figures(wellbeing_n=4, wellbeing_start_total=Decimal(70), wellbeing_end_total=Decimal(90))
    section = build_report(few, "Lambeth").sections[1]
    assert rows(section)["At the start"] == ("not shown", "fewer than 5")
    some = Figures(
        wellbeing_n=6, wellbeing_start_total=Decimal(105), wellbeing_end_total=Decimal(126)
    )
    section = build_report(some, "Lambeth").sections[1]
    assert rows(section)["Change"] == ("+3.5", "5"), "the mean of 6 people; 6 rounded"
    assert any(note.startswith("Indicative only") for note in section.notes)


def test_the_boroughs_table_shows_each_borough_as_its_report_and_totals_only_that():
    """A borough's row is its own report's figures; the total adds up what the rows show,
    so a hidden borough (Brent's 3) is in no total, and nothing else need hide."""
    per_borough = {
        "Brent": Figures(supported=3, visitors=400, referred=Counter({"self": 20})),
        "Ealing": Figures(supported=12, visitors=500, referred=Counter({"self": 32})),
        "Lambeth": Figures(supported=151, visitors=3001, referred=Counter({"self": 200})),
    }
    table = rows(boroughs_table(per_borough))
    assert table["Brent"] == ("20", "fewer than 5", "fewer than 5", "400")
    assert table["Ealing"] == ("30", "10", "fewer than 5", "500")
    assert table["Lambeth"] == ("200", "150", "fewer than 5", "3,001"), "visitors: exact"
    assert table["All boroughs"] == ("250", "160", "not shown", "3,901")


def test_listings_and_visitors_are_not_about_anyone_and_stay_exact():
    figures = Figures(organisations=22, activities=123, visitors=1502)
    site = build_report(figures, "Lambeth").sections[-1]
    assert list(rows(site).values()) == [("22",), ("123",), ("1,502",)]
    few = build_report(Figures(organisations=3, activities=0, visitors=4), "Lambeth")
    assert list(rows(few.sections[-1]).values()) == [("3",), ("0",), ("4",)], (
        "listings are public anyway; a visitor count says nothing about who came"
    )


def supported_and_visitors(cells: tuple) -> tuple:
    return cells[1], cells[3]  # Referred, Supported, Completed, Site visitors


def test_a_borough_with_few_visitors_hides_no_other_boroughs_visitors():
    """Trial: Hounslow's visitors said "not shown" in the console because another borough
    had fewer than 5; people's columns still hide, visitors' never do."""
    per_borough = {
        "Hounslow": Figures(supported=40, visitors=812),
        "Merton": Figures(supported=3, visitors=0),
        "Sutton": Figures(supported=20, visitors=2),
    }
    table = rows(boroughs_table(per_borough))
    assert supported_and_visitors(table["Hounslow"]) == ("40", "812")
    assert supported_and_visitors(table["Merton"]) == ("fewer than 5", "0")
    assert supported_and_visitors(table["Sutton"]) == ("20", "2"), "as Sutton's report"
    assert supported_and_visitors(table["All boroughs"]) == ("60", "814"), "40 + 20"
