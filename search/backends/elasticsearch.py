"""Elasticsearch 9, indexes shared by all boroughs."""

from elasticsearch import BadRequestError

from modelsearch.backends.elasticsearch9 import Elasticsearch9Index, Elasticsearch9SearchBackend

from .borough import BoroughIndexMixin
from .shared import SharedIndexMixin


class BoroughElasticsearchIndex(SharedIndexMixin, Elasticsearch9Index):
    pass


class BoroughElasticsearchBackend(BoroughIndexMixin, Elasticsearch9SearchBackend):
    index_class = BoroughElasticsearchIndex
    RequestError = BadRequestError


SearchBackend = BoroughElasticsearchBackend
