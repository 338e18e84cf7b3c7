"""Suggestions as someone types in the search box (``/search/autocomplete.json``): titles
the viewer may see, in the reader's language, from the engine or else PostgreSQL."""

from .engine import autocomplete_matches
from .fallback import database_backend, engine_backend, engine_failed, engine_usable
from .languages import in_reader_language, reader_language
from .outcome import result_url, viewer_of
from .registry import result_types
from .text import clean_query


def autocomplete(
    text: str, http_request=None, limit: int = 8, viewer=None
) -> tuple[list[dict], str]:
    """Up to ``limit`` titles ``viewer`` may see starting with what was typed, and the
    mode used."""
    viewer = viewer_of(http_request, viewer)
    query = clean_query(text)
    if len(query) < 2:
        return [], "database"
    types = [result_type for result_type in result_types() if result_type.autocomplete]
    mode, matches = "database", None
    engine = engine_backend()
    if engine is not None and engine_usable(engine):
        try:
            matches = autocomplete_matches(engine, query, types, limit * 3)
            mode = "engine"
        except Exception as error:
            engine_failed(engine, error)
    if matches is None:
        mode = "fallback" if engine is not None else "database"
        matches = autocomplete_matches(database_backend(), query, types, limit * 3)
    position = {(t.key, pk): n for n, (t, pk) in enumerate(matches)}
    suggestions = []
    for result_type in types:
        pks = [pk for t, pk in matches if t is result_type]
        if not pks:
            continue
        shown = in_reader_language(result_type.visible(viewer), reader_language())
        visible = result_type.prepare(shown.filter(pk__in=pks))
        for obj in visible:
            suggestion = {
                "title": result_type.title_of(obj),
                "type": result_type.label,
                "url": result_url(result_type, obj, http_request),
            }
            suggestions.append((position[(result_type.key, obj.pk)], suggestion))
    suggestions.sort(key=lambda item: item[0])
    return [suggestion for _, suggestion in suggestions[:limit]], mode
