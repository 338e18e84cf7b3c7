"""The search page's list of results, written in Python.

Django's template engine spent 1.3 ms of a search page's web CPU on its twenty results
(a lookup and an escape for each value; docs/operations/search.md "Session 31"). Each
result's words are ready (``search.presentation.result_rows``); here they become its
list item, every value escaped as the template escaped it. It lives here, not in
``search/``, because a place is isolated (``bdi``) and facts are listed (``listed``) as
everywhere else on the site.
"""

from django import template
from django.utils.safestring import mark_safe

from search.text import escaped

from ..languages.isolation import isolated
from ..words import listed

register = template.Library()


@register.simple_tag
def result_items(results: list[dict], when: str, where: str, distance: str, facts: str):
    """``{% result_items results when_label where_label distance_label facts_label %}``:
    each result as an ``<li>``, under the facts' row labels the template translated."""
    labels = {
        "when": escaped(when),
        "where": escaped(where),
        "distance": escaped(distance),
        "facts": escaped(facts),
    }
    return mark_safe("".join(_item(result, labels) for result in results))  # noqa: S308


def _item(result: dict, labels: dict) -> str:
    lang = escaped(result["lang"])
    snippet = result["snippet_html"]
    if snippet:
        snippet = f'<p class="search-result__snippet"{lang}>{escaped(snippet)}</p>'
    return (
        '<li class="listing search-result">'
        f'<p class="muted search-result__type">{escaped(result["type"])}</p>'
        f'<h3 class="listing__title"{lang}><a href="{escaped(result["url"])}">'
        f"{escaped(result['title_html'])}</a></h3>"
        f"{snippet or ''}{_facts(result, labels)}</li>"
    )


def _facts(result: dict, labels: dict) -> str:
    rows = [
        (labels["when"], result["when"] and escaped(result["when"])),
        (labels["where"], result["where"] and isolated(result["where"])),
        (labels["distance"], result["distance"] and escaped(result["distance"])),
        (labels["facts"], result["facts"] and listed(result["facts"])),
    ]
    shown = "".join(
        f'<div class="facts__row"><dt>{label}</dt><dd>{value}</dd></div>'
        for label, value in rows
        if value
    )
    return f'<dl class="facts">{shown}</dl>' if shown else ""
