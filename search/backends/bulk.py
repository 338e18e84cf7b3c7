"""A rebuild's bulk requests, written by hand: one ``index`` line and the document per
object, serialised with orjson.

The clients' bulk helpers serialise each line with the standard library's json (with a
Python ``default`` for every date) and walk each document through ``expand_action``:
about a tenth of a rebuild's Python time. orjson writes the same JSON (dates as
``isoformat()``, UUIDs as strings), ten times faster. The response names only the
failed items (``filter_path``), so a good request parses almost nothing.
"""

from decimal import Decimal

import orjson

# What a bulk response is read for: whether any item failed, and the failed items' errors.
BULK_RESPONSE = "errors,items.*.error"
_OPTIONS = orjson.OPT_NON_STR_KEYS  # as json.dumps: {1: ...} becomes {"1": ...}


class BulkWriteError(RuntimeError):
    """Some documents of a bulk request were not written; ``errors`` says why."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} document(s) failed to index: {errors[:3]}")
        self.errors = errors


def _default(value):
    """What the clients' serialisers do with the one type orjson leaves to us."""
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"Unable to serialize {value!r} (type: {type(value)})")


def bulk_body(documents: list[dict]) -> bytes:
    """NDJSON: ``{"index": {"_id": ...}}`` then the document without its ``_id``."""
    lines = []
    for document in documents:
        source = dict(document)
        action = {"index": {"_id": source.pop("_id")}}
        lines.append(orjson.dumps(action, option=_OPTIONS))
        lines.append(orjson.dumps(source, default=_default, option=_OPTIONS))
    lines.append(b"")
    return b"\n".join(lines)


def send_bulk(backend, index_name: str, documents: list[dict]) -> None:
    """Index ``documents`` (each with its ``_id``) through the alias ``index_name``; a
    write for an alias that is gone fails (``require_alias``) instead of creating an
    index. Raises BulkWriteError if any document was refused."""
    if not documents:
        return
    body = bulk_body(documents)
    options = {"index": index_name, "require_alias": True, "filter_path": BULK_RESPONSE}
    if getattr(backend, "use_new_elasticsearch_api", False):
        response = backend.es.bulk(operations=body, **options)
    else:
        response = backend.es.bulk(body=body, **options)
    response = getattr(response, "body", response)
    if response.get("errors"):
        raise BulkWriteError(response.get("items", []))
