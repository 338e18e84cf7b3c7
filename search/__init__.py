"""Search for every borough: backends, index naming, tenant context and query building.

Other apps only declare their ``search_fields``, and, in a ``search_results.py``, what
they add to the search box (registry.py). The map:

- ``conf.py``: WAGTAILSEARCH_BACKENDS from SEARCH_URL / SEARCH_ENGINE (incl. AWS signing)
- ``backends/``: indexes shared by all boroughs, each borough behind its own filtered
  alias (``shared.py``), atomic per-borough rebuilds by generation, failures noted
- ``services.py``: create, rebuild, catch up and delete a borough's indexes
- ``engine.py``: the queries (engine and PostgreSQL); ``fallback.py``: which one answers
- ``selectors.py``: a search from words to one page of results, with facets and distances
- ``synonyms.py``: everyday words ("wheelchair" also means "step-free access"), per borough
- ``text.py``: cleaning queries, safe highlighting; ``postcodes/``: the shared postcode table
- ``views.py`` / ``urls.py``: /search/, /search.json, /search/autocomplete.json
"""
