"""The search page's words worked out in Python (search/presentation.py): remembered per
language, never shown in the language that asked first; and the HTML written in Python
for its filters and results ({% result_items %}), every value escaped."""

import re

from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, ngettext

from search.outcome import FacetCounts, FacetOptionCount, SearchOutcome
from search.presentation import facet_fieldsets, label_in
from sites.core.templatetags.search_results import result_items


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
            checkboxes = _checkboxes(cost["options_html"])
            assert [box["id"] for box in checkboxes] == [
                "facet-cost-1",
                "facet-cost-2",
                "facet-cost-3",
            ]
            assert [box["results"] for box in checkboxes] == [
                ngettext("result", "results", n) for n in (1, 2, 5)
            ]
            assert [box["checked"] for box in checkboxes] == [False, True, False]
    with translation.override("pl"):
        # Polish has three forms: wynik, wyniki, wyników.
        checkboxes = _checkboxes(facet_fieldsets(outcome, "pl")[0]["options_html"])
        assert len({box["results"] for box in checkboxes}) == 3


CHECKBOX = re.compile(
    r'<input type="checkbox"[^>]* id="(?P<id>[^"]*)"[^>]*?(?P<checked> checked)?>'
    r'<label for="(?P=id)">.*?<span class="visually-hidden"> (?P<results>[^<]*)</span>'
)


def _checkboxes(html: str) -> list[dict]:
    """Each checkbox's id, whether it is ticked, and the hidden word after its count."""
    return [
        {"id": m["id"], "checked": bool(m["checked"]), "results": m["results"]}
        for m in CHECKBOX.finditer(html)
    ]


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


def test_each_result_shows_its_words_escaped_and_only_the_facts_it_has():
    row = {
        "type": "Activity & more",
        "url": '/things/a"b/',
        "title_html": format_html("<mark>{}</mark> for <all>", "Yoga"),  # marked by search
        "snippet_html": "",
        "when": "Mondays <2pm>",
        "where": "Hall <B>",
        "distance": "",
        "facts": ["Free", "<i>Step-free</i>"],
        "lang": "",
    }
    with translation.override("en-gb"):
        html = result_items([row, {**row, "when": "", "where": "", "facts": []}], *"WXDF")
    first, second = html.split('<li class="listing search-result">')[1:]
    assert '<p class="muted search-result__type">Activity &amp; more</p>' in first
    assert '<a href="/things/a&quot;b/"><mark>Yoga</mark> for <all></a>' in first
    assert "<dt>W</dt><dd>Mondays &lt;2pm&gt;</dd>" in first
    assert "<dt>X</dt><dd><bdi>Hall &lt;B&gt;</bdi></dd>" in first
    assert "<dt>F</dt><dd>Free, &lt;i&gt;Step-free&lt;/i&gt;</dd>" in first
    assert "<dt>D</dt>" not in first and "search-result__snippet" not in first
    assert "<dl" not in second  # no facts: no empty list
