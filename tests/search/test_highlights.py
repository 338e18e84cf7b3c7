"""The engine's highlighter marks the words a search found, asked with a query of its
own (search/answers.py ``words_to_mark``): the same marks as the search's own query,
for less of the engine's work."""

import pytest

from search import answers
from search.selectors import SearchRequest, search_borough
from tests.conftest import inside
from tests.search.test_languages import polish_garden  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.search_engine]


@pytest.mark.parametrize("search_backend", ["engine"], indirect=True)
def test_the_highlighters_query_marks_what_the_searchs_query_would(
    lambeth,
    polish_garden,  # noqa: F811
    monkeypatch,
):
    searches = [
        ("garden club", "en-gb"),  # every word
        ("gardn clb", "en-gb"),  # typos: the guesses are marked
        ("walking choir", "en-gb"),  # one word naming an interest is enough
        (polish_garden, "en-gb"),  # a rare word in two summaries
        (polish_garden, "pl"),  # the reader's language first, with its own analyser
        ("ogrodzie", "pl"),
    ]

    def marks() -> list[list[tuple[str, str]]]:
        with inside(lambeth):
            return [
                [
                    (str(result.title_html), str(result.snippet_html))
                    for result in search_borough(SearchRequest(query=query, language=lang)).results
                ]
                for query, lang in searches
            ]

    own_query = marks()
    monkeypatch.setattr(answers, "words_to_mark", lambda query: query)
    search_query = marks()
    assert own_query == search_query
    marked = [
        search for search, found in zip(searches, own_query, strict=True) if "<mark>" in str(found)
    ]
    assert marked == searches, "every search found something and marked its words"


def test_the_highlighters_query_keeps_the_words_and_drops_the_rest():
    search_query = {
        "bool": {
            "must": {
                "dis_max": {
                    "queries": [
                        {
                            "function_score": {
                                "query": {
                                    "multi_match": {
                                        "query": "yoga",
                                        "fields": ["_all_text", "_all_text_boost_2_0^2.0"],
                                        "operator": "and",
                                        "boost": 3.0,
                                    }
                                },
                                "functions": [{"weight": 2_000_000.0}],
                            }
                        },
                        {"match": {"words_pl": {"query": "joga", "operator": "and"}}},
                        {
                            "multi_match": {
                                "query": "yoga",
                                "fields": ["interests_object.name^3"],
                                "fuzziness": "AUTO",
                                "prefix_length": 1,
                            }
                        },
                    ]
                }
            },
            "should": [{"constant_score": {"filter": {"term": {"code": "pl"}}, "boost": 5}}],
        }
    }
    assert answers.words_to_mark(search_query) == {
        "bool": {
            "should": [
                {"match": {"_all_text": {"query": "yoga"}}},
                {"match": {"words_pl": {"query": "joga", "operator": "and"}}},
                {
                    "match": {
                        "_all_text": {"query": "yoga", "fuzziness": "AUTO", "prefix_length": 1}
                    }
                },
            ]
        }
    }
