"""Each borough's way into the shared indexes: its filtered aliases, and the generation
each one names (the documents searchers read; a rebuild fills a new one beside it and
moves the alias in one ``_aliases`` call). A generation's name carries the
DOCUMENT_VERSION its documents were written in.
"""

import re
import secrets

from ..document import DOCUMENT_VERSION

BOROUGH_FIELD = "borough"
GENERATION_FIELD = "borough_generation"


def new_api(backend) -> bool:
    """Elasticsearch 8/9's client (keyword arguments, no ``body``)."""
    return getattr(backend, "use_new_elasticsearch_api", False)


def new_generation() -> str:
    """A new generation's name, with the DOCUMENT_VERSION its documents are written in."""
    return f"v{DOCUMENT_VERSION}g{secrets.token_hex(4)}"


def generation_version(generation: str | None) -> int:
    """The DOCUMENT_VERSION a generation was written in (1: named before versions were)."""
    found = re.fullmatch(r"v(\d+)g[0-9a-f]+", generation or "")
    return int(found.group(1)) if found else 1


def alias_filter(schema_name: str, generation: str) -> dict:
    return {
        "bool": {
            "filter": [
                {"term": {BOROUGH_FIELD: schema_name}},
                {"term": {GENERATION_FIELD: generation}},
            ]
        }
    }


def add_alias_action(shared: str, alias: str, schema_name: str, generation: str) -> dict:
    return {
        "add": {
            "index": shared,
            "alias": alias,
            "filter": alias_filter(schema_name, generation),
            "routing": schema_name,
        }
    }


def answering_404(backend):
    """(client, options) with which a 404 is an answer, returned as the response body:
    not raised, and not logged as a WARNING by the client (an expected "missing")."""
    if new_api(backend):
        return backend.es.options(ignore_status=404), {}
    return backend.es, {"ignore": 404}


def is_404(response) -> bool:
    body = getattr(response, "body", response)
    return isinstance(body, dict) and body.get("status") == 404


def update_aliases(backend, actions: list[dict]) -> None:
    """One ``_aliases`` call: every action applies at once, or none does."""
    if not actions:
        return
    if new_api(backend):
        backend.es.indices.update_aliases(actions=actions)
    else:
        backend.es.indices.update_aliases(body={"actions": actions})


def add_aliases_if_indexes_exist(backend, actions: list[dict]) -> bool:
    """``update_aliases`` in one round trip, but False (nothing changed, nothing logged)
    when an index the actions name does not exist yet."""
    es, options = answering_404(backend)
    if new_api(backend):
        response = es.indices.update_aliases(actions=actions)
    else:
        response = es.indices.update_aliases(body={"actions": actions}, **options)
    return not is_404(response)


def _generation_in(filter_: dict | list | None) -> str | None:
    """The generation an alias's filter names (engines may return the term expanded)."""
    if isinstance(filter_, list):
        return next(filter(None, map(_generation_in, filter_)), None)
    if not isinstance(filter_, dict):
        return None
    term = filter_.get("term")
    if isinstance(term, dict) and GENERATION_FIELD in term:
        value = term[GENERATION_FIELD]
        return value.get("value") if isinstance(value, dict) else value
    return next(filter(None, map(_generation_in, filter_.values())), None)


def aliases_matching(backend, name_pattern: str) -> dict[str, tuple[str, str | None]]:
    """{alias: (index, generation)} for the aliases called ``name_pattern`` (wildcards
    allowed); empty if there are none. A missing alias is an expected answer here (a
    borough being launched, restored or retired), so its 404 is not logged."""
    es, options = answering_404(backend)
    found = es.indices.get_alias(name=name_pattern, **options)
    aliases = {}
    for index, info in getattr(found, "body", found).items():
        if not isinstance(info, dict):  # a 404's "error" and "status"
            continue
        for alias, details in info.get("aliases", {}).items():
            aliases[alias] = (index, _generation_in(details.get("filter")))
    return aliases
