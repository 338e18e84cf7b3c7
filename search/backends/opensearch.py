"""OpenSearch (server 2.x or 3.x, client opensearch-py 3), one set of indexes per borough."""

from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend

from .borough import BoroughIndexMixin


class BoroughOpenSearchBackend(BoroughIndexMixin, OpenSearch3SearchBackend):
    pass


SearchBackend = BoroughOpenSearchBackend
