"""Elasticsearch 9 with one set of indexes per borough (``<prefix><schema>__<app>_<model>``)."""

from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend

from .naming import current_borough_schema, index_name_for_model


class BoroughElasticsearchBackend(Elasticsearch9SearchBackend):
    def get_index_for_model(self, model):
        name = index_name_for_model(self.index_prefix, current_borough_schema(), model)
        return self.index_class(self, name)


SearchBackend = BoroughElasticsearchBackend
