"""OpenSearch 2/3 with one set of indexes per borough (``<prefix><schema>__<app>_<model>``)."""

from modelsearch.backends.opensearch2 import OpenSearch2SearchBackend

from .naming import current_borough_schema, index_name_for_model


class BoroughOpenSearchBackend(OpenSearch2SearchBackend):
    def get_index_for_model(self, model):
        # get_search_backend() builds a new backend per call, but the schema is read
        # here, at call time, so a long-lived backend object also stays correct.
        name = index_name_for_model(self.index_prefix, current_borough_schema(), model)
        return self.index_class(self, name)


SearchBackend = BoroughOpenSearchBackend
