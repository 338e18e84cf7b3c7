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


def test_each_checkbox_shows_its_option_escaped_and_its_choice_kept():
    # What a borough's editors name an interest is shown as text, never as markup.
    named = '<b>Tea & "cake"</b>'
    outcome = SearchOutcome(
        facets=[
            FacetCounts(
                "interest",
                "Interest",
                [FacetOptionCount('a"b', named, 3, True), FacetOptionCount("c", "Chess", 1, False)],
                options_in_original_language=True,
            )
        ]
    )
    with translation.override("pl"):
        (interest,) = facet_fieldsets(outcome, "pl")
        html = interest["options_html"]
        three_results = ngettext("result", "results", 3)
    first, second = html.split('<div class="checkbox">')[1:]
    assert 'id="facet-interest-1" name="interest" value="a&quot;b" checked>' in first
    assert (
        '<span lang="en-gb" dir="ltr">&lt;b&gt;Tea &amp; &quot;cake&quot;&lt;/b&gt;</span>' in first
    )
    assert f'(3<span class="visually-hidden"> {three_results}</span>)' in first
    assert 'id="facet-interest-2" name="interest" value="c">' in second
    assert "<b>" not in html
