"""Elasticsearch 9, one set of indexes per borough."""

from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend

from .borough import BoroughIndexMixin


class BoroughElasticsearchBackend(BoroughIndexMixin, Elasticsearch9SearchBackend):
    pass


SearchBackend = BoroughElasticsearchBackend
