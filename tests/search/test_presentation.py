"""The search page's words worked out in Python (search/presentation.py): remembered per
language, never shown in the language that asked first."""

from django.utils import translation
from django.utils.translation import gettext_lazy, ngettext

from search.outcome import FacetCounts, FacetOptionCount, SearchOutcome
from search.presentation import facet_fieldsets, label_in


def test_a_lazy_label_is_the_readers_language_each_time():
    label = gettext_lazy("Free")
    for language in ["en-gb", "pl", "ar", "en-gb", "pl"]:
        with translation.override(language):
            assert label_in(language, label) == str(label)
    with translation.override("pl"):
        assert label_in("pl", label) != "Free"
    assert label_in("pl", "A borough's own words") == "A borough's own words"


def test_each_option_has_its_id_and_the_plural_its_count_needs():
    outcome = SearchOutcome(
        facets=[
            FacetCounts(
                "cost", "Cost", [FacetOptionCount("free", "Free", n, n == 2) for n in (1, 2, 5)]
            ),
            FacetCounts("day", "Day", []),  # nothing to choose: not shown
        ]
    )
    for language in ["en-gb", "pl", "en-gb"]:
        with translation.override(language):
            (cost,) = facet_fieldsets(outcome, language)
            assert [option["id"] for option in cost["options"]] == [
                "facet-cost-1",
                "facet-cost-2",
                "facet-cost-3",
            ]
            assert [option["results"] for option in cost["options"]] == [
                ngettext("result", "results", n) for n in (1, 2, 5)
            ]
            assert [option["chosen"] for option in cost["options"]] == [False, True, False]
    with translation.override("pl"):
        # Polish has three forms: wynik, wyniki, wyników.
        assert (
            len({option["results"] for option in facet_fieldsets(outcome, "pl")[0]["options"]}) == 3
        )
