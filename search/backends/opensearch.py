"""OpenSearch (server 2.x or 3.x, client opensearch-py 3), indexes shared by all boroughs.

Also Amazon OpenSearch Service: search/conf.py puts a SigV4 signer in OPTIONS.
"""

from opensearchpy import RequestError
from opensearchpy.exceptions import OpenSearchException

from modelsearch.backends.opensearch3 import (
    OpenSearch3Index,
    OpenSearch3Mapping,
    OpenSearch3SearchBackend,
)

from .borough import BoroughIndexMixin
from .mapping import ResolvedFieldsMapping
from .shared import SharedIndexMixin


class BoroughOpenSearchMapping(ResolvedFieldsMapping, OpenSearch3Mapping):
    pass


class BoroughOpenSearchIndex(SharedIndexMixin, OpenSearch3Index):
    pass


class BoroughOpenSearchBackend(BoroughIndexMixin, OpenSearch3SearchBackend):
    index_class = BoroughOpenSearchIndex
    mapping_class = BoroughOpenSearchMapping
    RequestError = RequestError
    # Whatever the client raises when the engine is down, slow or refuses.
    EngineErrors = (OpenSearchException,)

    def _get_host_config_from_url(self, url):
        # modelsearch writes "http_auth": None into every host; opensearch-py lets host
        # settings override client options, which would silently drop the AWS signer
        # (OPTIONS["http_auth"]). Only credentials actually in the URL are kept.
        config = super()._get_host_config_from_url(url)
        return {key: value for key, value in config.items() if value is not None}


SearchBackend = BoroughOpenSearchBackend
