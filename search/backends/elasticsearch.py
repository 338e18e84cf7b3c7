"""Elasticsearch 9, indexes shared by all boroughs."""

from elasticsearch import ApiError, BadRequestError, TransportError

from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9Index,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
)

from .borough import BoroughIndexMixin
from .mapping import ResolvedFieldsMapping
from .shared import SharedIndexMixin


class BoroughElasticsearchMapping(ResolvedFieldsMapping, Elasticsearch9Mapping):
    pass


class BoroughElasticsearchIndex(SharedIndexMixin, Elasticsearch9Index):
    pass


class BoroughElasticsearchBackend(BoroughIndexMixin, Elasticsearch9SearchBackend):
    index_class = BoroughElasticsearchIndex
    mapping_class = BoroughElasticsearchMapping
    RequestError = BadRequestError
    # Whatever the client raises when the engine is down, slow or refuses.
    EngineErrors = (ApiError, TransportError)


SearchBackend = BoroughElasticsearchBackend
