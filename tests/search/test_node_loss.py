"""One node of several not answering: the engine client tries another node, so searches
stay on the engine and saves are indexed, with nothing noted for a catch-up.

The full run (a real three-node cluster, one node killed while searches and saves run,
then started again) is bench/search_node_loss.py: it takes minutes.
"""

import copy

import pytest

from modelsearch.backends import get_search_backend
from wagtail.models import Site

from search.conf import search_backends
from search.models import IndexState
from search.selectors import SearchRequest, search_borough
from sites.standard.models import StandardPage
from tests.conftest import inside
from tests.search.conftest import make_canary_word, refresh_engine

DOWN = "http://127.0.0.1:9"  # nothing listens there


def test_several_urls_make_several_nodes(settings):
    backends = search_backends("http://a:9200, http://b:9200,http://c:9200", "opensearch", "x_")
    assert backends["default"]["URLS"] == ["http://a:9200", "http://b:9200", "http://c:9200"]


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_node_that_does_not_answer_is_skipped(lambeth, settings):
    backends = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    backends["default"]["URLS"] = [DOWN, *backends["default"]["URLS"]]
    settings.WAGTAILSEARCH_BACKENDS = backends
    word = make_canary_word("node")
    with inside(lambeth):
        Site.objects.get().root_page.add_child(
            instance=StandardPage(title=f"Node {word}", slug=word)
        )
        refresh_engine()
        backend = get_search_backend()
        assert [len(backend.search(word, StandardPage)) for _ in range(6)] == [1] * 6
        outcomes = [search_borough(SearchRequest(query="garden")) for _ in range(6)]
        assert {outcome.mode for outcome in outcomes} == {"engine"}
        assert IndexState.load().failures == 0
