"""The impact report's words are marked for translation: a reader whose admin is in
another language reads the report in it, where a translation exists."""

import datetime

import pytest

from django.utils import translation

from sites.connecting.impact.period import Quarter
from sites.connecting.impact.views import all_boroughs_report

Q1 = Quarter(2026, 1)
APRIL = datetime.datetime(2026, 4, 16, 9, tzinfo=datetime.UTC)  # Q1 is reported


@pytest.mark.django_db
def test_the_report_is_in_the_readers_language(lambeth):
    with translation.override("pl"):
        report = all_boroughs_report(Q1, now=APRIL)
        columns = [str(column) for column in report.boroughs.columns]
        period = report.period
    assert report.boroughs.title == "Dzielnice"
    assert columns[0] == "Dzielnica"
    assert report.boroughs.rows[-1].label == "Wszystkie dzielnice"
    # The month as a date writes it: "1 stycznia", never "1 styczeń" (a heading's form).
    assert "January" not in period and "1 stycznia 2026" in period and "31 marca" in period
    wellbeing = next(section for section in report.sections if section.slug == "wellbeing")
    # "Change" here is a difference of scores, never the verb ("Zmień") of the admin.
    assert "Zmień" not in [row.label for row in wellbeing.rows]


@pytest.mark.django_db
def test_the_kinds_of_contact_and_outcome_are_in_the_readers_language(lambeth):
    with translation.override("pl"):
        report = all_boroughs_report(Q1, now=APRIL)
        labels = {
            section.slug: [str(row.label) for row in section.rows] for section in report.sections
        }
    assert "Rozmowa telefoniczna" in labels["coaching-time"]
    assert "Wolontariat" in labels["went-on-to"]
    coaching = next(section for section in report.sections if section.slug == "coaching-time")
    # "Time" here is how long, never the clock time ("Godzina") of an event.
    assert "Godzina" not in [str(column) for column in coaching.columns]
