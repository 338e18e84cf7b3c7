"""Shared indexes: every borough's documents in one index per kind of content, each
borough behind its own filtered alias. Nothing crosses between boroughs, even between
twins (the same primary key in two boroughs, as clones of one template have), and no
write can create a bare index.

The canaries of test_isolation.py, on the shared layout: results, counts, highlights,
autocomplete, typo matching ("did you mean"), and sorting by distance.
"""

import copy
import logging
import random

import pytest

from django.apps import apps
from django.conf import settings
from django.db import connection

from modelsearch.backends import get_search_backend
from wagtail.models import Page, Site

from search.backends.aliases import aliases_matching, update_aliases
from search.backends.mapping import RELATED_OBJECT_SUFFIX
from search.backends.naming import kind_of_model, shared_index_name
from search.backends.shared import (
    SharedMappingConflict,
    delete_borough_documents,
    index_names,
)
from search.models import IndexState
from search.registry import result_type_for_model
from search.selectors import SearchRequest, search_borough
from search.services import (
    borough_document_count,
    create_borough_indexes,
    rebuild_borough_index,
)
from sites.community.factories import EventFactory
from sites.directory.models import Interest
from sites.standard.models import StandardPage
from tests.conftest import inside
from tests.search.conftest import make_canary_word, refresh_engine
from tests.search.test_isolation import (
    INDEXED_MODELS,
    has_autocomplete,
    hits,
    listed_parent,
    make_canary,
)


def typo(word: str) -> str:
    """One letter changed near the end: within the engine's AUTO edit distance."""
    return word[:-2] + ("z" if word[-2] != "z" else "y") + word[-1]


def next_pk_is(model, pk: int) -> None:
    """The next object of ``model`` made in this borough gets primary key ``pk``: twins
    in two boroughs, as their clones of one template have. (Wagtail cannot save a new
    page with a chosen id, so the borough's own sequence is moved.)"""
    while model._meta.pk.remote_field is not None:  # a page type: ids come from Page
        model = model._meta.pk.remote_field.model
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
            [model._meta.db_table, model._meta.pk.column, pk - 1],
        )


def engine_boroughs_with_pk(model, pk: int) -> set[str]:
    """Which boroughs have a document with this pk in the shared index (all generations)."""
    backend = get_search_backend()
    body = {"query": {"term": {"pk": str(pk)}}, "_source": ["borough", "_django_content_type"]}
    index = shared_index_name(backend.index_prefix, model)
    found = backend.es.search(index=index, body=body)["hits"]["hits"]
    return {hit["_source"]["borough"] for hit in found}


@pytest.mark.django_db
@pytest.mark.parametrize("label", INDEXED_MODELS)
def test_twins_in_two_boroughs_stay_apart(lambeth, southwark, search_backend, label):
    model = apps.get_model(label)
    twin_pk = random.randint(10**8, 2 * 10**8)
    words = {"lambeth": make_canary_word("lamb"), "southwark": make_canary_word("south")}
    for borough in (lambeth, southwark):
        with inside(borough):
            parent = listed_parent(model)
            next_pk_is(model, twin_pk)
            assert make_canary(model, words[borough.slug], parent).pk == twin_pk
    result_type = result_type_for_model(model)

    for borough, other in ((lambeth, southwark), (southwark, lambeth)):
        own, theirs = words[borough.slug], words[other.slug]
        with inside(borough):
            assert hits(model, own) >= (2 if has_autocomplete(model) else 1)
            assert hits(model, theirs) == 0  # results, counts and autocomplete
            if result_type is None:
                continue
            # The search page, as typed, with a typo, and nearest first: our words find
            # our twin here, theirs find, count and highlight nothing.
            for shape in (
                lambda word: SearchRequest(query=word),
                lambda word: SearchRequest(query=typo(word)),
                lambda word: SearchRequest(query=word, postcode="SW2", sort="distance"),
            ):
                found = search_borough(shape(own)).results
                [ours] = [r for r in found if (r.type, r.object.pk) == (result_type, twin_pk)]
                assert "<mark>" in ours.title_html + ours.snippet_html, shape(own)
                assert search_borough(shape(theirs)).total == 0, shape(theirs)

    if search_backend == "engine":
        # One shared index holds both twins: two documents, one per borough.
        assert engine_boroughs_with_pk(model, twin_pk) == {"lambeth", "southwark"}


@pytest.mark.search_engine
@pytest.mark.django_db
def test_boroughs_share_one_index_per_kind_of_content(lambeth, southwark):
    backend = get_search_backend()
    kinds = {kind_of_model(apps.get_model(label)) for label in INDEXED_MODELS}
    by_borough = {}
    for borough in (lambeth, southwark):
        pattern = f"{settings.SEARCH_INDEX_PREFIX}{borough.schema_name}__*"
        by_borough[borough.slug] = aliases_matching(backend, pattern)
        assert len(by_borough[borough.slug]) == len(kinds)
    lambeth_indexes = {index for index, _ in by_borough["lambeth"].values()}
    assert lambeth_indexes == {index for index, _ in by_borough["southwark"].values()}
    assert lambeth_indexes == {f"{settings.SEARCH_INDEX_PREFIX}shared-{kind}" for kind in kinds}
    # Every alias filters on its borough and routes by it.
    aliases = backend.es.indices.get_alias(index=",".join(sorted(lambeth_indexes)))
    for info in aliases.values():
        for alias, details in info["aliases"].items():
            schema = alias.removeprefix(settings.SEARCH_INDEX_PREFIX).split("__")[0]
            assert details["index_routing"] == details["search_routing"] == schema
            assert {"term": {"borough": schema}} in details["filter"]["bool"]["filter"]
    # On a single node no replicas (green); one primary shard per kind.
    shards = backend.es.cat.shards(index=",".join(sorted(lambeth_indexes)), format="json")
    nodes = len(backend.es.cat.nodes(format="json"))
    assert len(shards) == len(kinds) * (1 if nodes == 1 else 2)


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_page_is_one_engine_document_with_its_interests_inside(lambeth, engine_directory):
    """Related fields (interests, an event's place) are plain objects: no hidden nested
    documents for the engine to write at every rebuild and join at every search."""
    shared = f"{settings.SEARCH_INDEX_PREFIX}shared-*"
    with inside(lambeth):
        backend = get_search_backend()
        engine_directory.activity.interests.set(Interest.objects.all()[:3])
        EventFactory()  # with its place
        rebuild_borough_index(lambeth.schema_name)
        refresh_engine()
        names = index_names(backend, shared)
        searchable = sum(backend.es.count(index=name)["count"] for name in names)
        stored = backend.es.cat.indices(index=shared, format="json")
        mappings = backend.es.indices.get_mapping(index=shared)
    assert searchable == sum(int(row["docs.count"]) for row in stored)
    related = {
        name: field.get("type", "object")  # the engine leaves out an object's type
        for info in mappings.values()
        for name, field in info["mappings"]["properties"].items()
        if name.endswith(RELATED_OBJECT_SUFFIX)
    }
    assert related and set(related.values()) == {"object"}


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_rebuild_is_atomic_and_touches_one_borough(lambeth, southwark):
    backend = get_search_backend()
    word, their_word = make_canary_word("rebuild"), make_canary_word("keep")
    with inside(southwark):
        make_canary(StandardPage, their_word)
    with inside(southwark):
        theirs = hits(StandardPage, their_word)
    with inside(lambeth):
        make_canary(StandardPage, word)
        found = hits(StandardPage, word)
        assert found >= 1
        alias = backend.get_index_for_model(StandardPage)
        generation = alias.write_generation()
        # While a new generation fills, searchers keep the live one.
        rebuilder = backend.rebuilder_class(alias)
        rebuilder.start().add_items(StandardPage, list(StandardPage.objects.all()))
        assert hits(StandardPage, word) == found
        refresh_engine()
    southwark_documents = borough_document_count("southwark")

    rebuild_borough_index("lambeth")

    with inside(lambeth):
        fresh = backend.get_index_for_model(StandardPage)
        assert fresh.write_generation() not in (generation, rebuilder.generation)
        assert hits(StandardPage, word) == found
    with inside(southwark):
        assert hits(StandardPage, their_word) == theirs >= 1
    assert borough_document_count("southwark") == southwark_documents
    # The old generation and the abandoned one are gone: only live documents are left.
    with inside(lambeth):
        refresh_engine()
        live = sum(backend.es.count(index=index.name)["count"] for index in backend.all_indexes())
    assert borough_document_count("lambeth") == live


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_write_cannot_create_a_bare_index(lambeth):
    """An operator deletes a live borough's aliases, then someone saves a page."""
    backend = get_search_backend()
    pattern = f"{settings.SEARCH_INDEX_PREFIX}lambeth__*"
    aliases = aliases_matching(backend, pattern)
    update_aliases(
        backend,
        [{"remove": {"index": index, "alias": name}} for name, (index, _) in aliases.items()],
    )
    try:
        with inside(lambeth):
            index = backend.get_index_for_model(Page)
            home = Site.objects.get().root_page
            home.add_child(instance=StandardPage(title="Bare index bait", slug="bare-bait"))
            assert IndexState.load().failures >= 1  # noted for the catch-up
            # Even a write that names a generation (skipping the alias lookup) is refused.
            blind = type(index)(
                backend, index.name, schema="lambeth", shared=index.shared, generation="g0"
            )
            with pytest.raises(Exception, match="(?i)alias"):
                blind.add_items(StandardPage, list(StandardPage.objects.all()[:1]))
        assert not backend.es.indices.exists(index=index.name)
        assert backend.es.indices.get(index=pattern) == {}
    finally:
        create_borough_indexes("lambeth")
        rebuild_borough_index("lambeth")
    with inside(lambeth):
        assert hits(StandardPage, "Bare index bait") >= 1  # the rebuild brought it in


@pytest.mark.search_engine
@pytest.mark.django_db
def test_an_index_made_by_another_version_is_named_with_the_way_out(lambeth):
    """A shared index whose field has another type (an older version made it): the
    operator is told which index and field, and what to do, not a bare engine 400."""
    backend = get_search_backend()
    with inside(lambeth):
        index = backend.get_index_for_model(StandardPage)
    properties = index.mapping_class(StandardPage).get_mapping()["properties"]
    field = next(name for name, spec in properties.items() if spec.get("type") == "text")
    stale = f"{settings.SEARCH_INDEX_PREFIX}stale-{make_canary_word('stale')}"
    mappings = {"properties": {field: {"type": "long"}}}
    backend.es.indices.create(index=stale, body={**backend.settings, "mappings": mappings})
    try:
        older = type(index)(backend, index.name, schema="lambeth", shared=stale, generation="g0")
        with pytest.raises(SharedMappingConflict) as refused:
            older.add_models([StandardPage])
        message = str(refused.value)
        assert stale in message and field in message and "SEARCH_INDEX_PREFIX" in message
        mapped = backend.es.indices.get_mapping(index=stale)[stale]["mappings"]["properties"]
        assert mapped == {field: {"type": "long"}}  # nothing changed
    finally:
        backend.es.indices.delete(index=stale)


@pytest.mark.search_engine
@pytest.mark.django_db
def test_deleting_a_boroughs_documents_takes_what_was_written_a_moment_ago(lambeth):
    """A retire (or a test's clean slate) must not leave behind a document written in the
    last second, before the engine's periodic refresh made it visible to a query."""
    backend = get_search_backend()
    shared = shared_index_name(backend.index_prefix, StandardPage)
    ghost = make_canary_word("ghost")
    backend.es.index(
        index=shared,
        id=f"{ghost}:g0:1",
        body={"borough": ghost, "borough_generation": "g0"},
        routing=ghost,
    )
    assert delete_borough_documents(backend, shared, ghost) == 1


@pytest.mark.search_engine
@pytest.mark.django_db
def test_launching_again_keeps_the_boroughs_live_aliases(lambeth):
    """create_borough_indexes for a borough that has its aliases changes nothing: its
    searchers keep the generation that holds its documents."""
    backend = get_search_backend()
    with inside(lambeth):
        live = backend.get_index_for_model(Page).write_generation()
    assert create_borough_indexes("lambeth") == []
    with inside(lambeth):
        assert backend.get_index_for_model(Page).write_generation() == live


@pytest.mark.search_engine
@pytest.mark.django_db
def test_an_expected_404_is_not_logged_as_a_warning(lambeth, caplog):
    """A missing alias (a borough being retired or restored) or a document that was
    never indexed is an answer, not an engine problem: no WARNING for operators."""
    backend = get_search_backend()
    missing = f"{settings.SEARCH_INDEX_PREFIX}lambeth__no_such_kind"
    with caplog.at_level(logging.WARNING):
        assert aliases_matching(backend, missing) == {}
        with inside(lambeth):
            index = backend.get_index_for_model(StandardPage)
            index.delete_item(StandardPage(pk=987654321, title="Never indexed"))
            assert index.write_generation()  # the borough's own alias still answers
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_deploy_rebuilds_the_boroughs_an_older_release_wrote_and_only_those(
    lambeth, southwark, monkeypatch
):
    """A release that changes what documents hold raises DOCUMENT_VERSION; each deploy
    runs ``rebuild_search_index --outdated``, which rebuilds the boroughs whose
    generation an older release wrote and leaves the others as they are."""
    from io import StringIO

    from django.core.management import call_command

    from search import services
    from search.backends import aliases as alias_names
    from search.backends.aliases import generation_version
    from search.document import DOCUMENT_VERSION
    from search.services import boroughs_with_outdated_documents

    def outdated(*schemas) -> set[str]:
        return boroughs_with_outdated_documents(schemas)

    def deploy() -> str:
        out = StringIO()
        call_command("rebuild_search_index", "--outdated", "--borough", "lambeth", stdout=out)
        return out.getvalue()

    def generations() -> set[str]:
        backend = get_search_backend()
        aliases = aliases_matching(backend, f"{backend.index_prefix}{lambeth.schema_name}__*")
        return {generation for _, generation in aliases.values()}

    word = make_canary_word("outdated")
    with inside(lambeth):
        make_canary(StandardPage, word)
        found = hits(StandardPage, word)
    rebuild_borough_index("lambeth")
    assert outdated("lambeth") == set()
    current = generations()
    assert "0 of 1 boroughs" in deploy() and generations() == current  # nothing to do

    for module in (alias_names, services):  # the next release
        monkeypatch.setattr(module, "DOCUMENT_VERSION", DOCUMENT_VERSION + 1)
    assert outdated("lambeth", "southwark") == {"lambeth", "southwark"}
    assert "1 of 1 boroughs" in deploy()
    assert {generation_version(g) for g in generations()} == {DOCUMENT_VERSION + 1}
    assert outdated("lambeth", "southwark") == {"southwark"}
    with inside(lambeth):
        assert hits(StandardPage, word) == found >= 1


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_field_of_another_type_is_caught_even_when_no_field_is_new(lambeth):
    """An index holding every field this version maps, one of them with another type:
    nothing is new, yet the conflict is named (not left to answer searches wrongly)."""
    backend = get_search_backend()
    with inside(lambeth):
        index = backend.get_index_for_model(StandardPage)
    mappings = index.mapping_class(StandardPage).get_mapping()
    field = next(
        name for name, spec in mappings["properties"].items() if spec.get("type") == "text"
    )
    mappings["properties"][field] = {"type": "long"}
    stale = f"{settings.SEARCH_INDEX_PREFIX}stale-{make_canary_word('stale')}"
    backend.es.indices.create(index=stale, body={**backend.settings, "mappings": mappings})
    try:
        older = type(index)(backend, index.name, schema="lambeth", shared=stale, generation="g0")
        with pytest.raises(SharedMappingConflict, match=field):
            older.add_models([StandardPage])
    finally:
        backend.es.indices.delete(index=stale)


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_refusal_that_is_not_a_conflict_keeps_the_engines_own_words(lambeth):
    """Too many fields for the index is not "made by another version": the operator gets
    the engine's reason, not advice to move every borough to new indexes."""
    backend = get_search_backend()
    with inside(lambeth):
        index = backend.get_index_for_model(StandardPage)
    stale = f"{settings.SEARCH_INDEX_PREFIX}small-{make_canary_word('small')}"
    body = copy.deepcopy(backend.settings)
    body.setdefault("settings", {})["index.mapping.total_fields.limit"] = 3
    backend.es.indices.create(index=stale, body=body)
    try:
        small = type(index)(backend, index.name, schema="lambeth", shared=stale, generation="g0")
        with pytest.raises(backend.RequestError) as refused:
            small.add_models([StandardPage])
        assert not isinstance(refused.value, SharedMappingConflict)
        assert "limit" in str(refused.value).lower()
    finally:
        backend.es.indices.delete(index=stale)


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_deploy_with_the_engine_down_goes_on_and_says_what_to_run_later(lambeth, settings):
    """The deploy's check of search documents cannot reach the engine: it says so and what
    to run when the engine is back, and the deploy is not stopped (no error)."""
    import copy
    from io import StringIO

    from django.core.management import call_command

    down = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    down["default"]["URLS"] = ["http://127.0.0.1:9"]  # nothing listens there
    settings.WAGTAILSEARCH_BACKENDS = down
    out, err = StringIO(), StringIO()
    call_command("rebuild_search_index", "--outdated", stdout=out, stderr=err)
    assert "rebuild_search_index --outdated" in err.getvalue()
    assert "boroughs have outdated" not in out.getvalue()


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_bug_in_the_deploys_check_stops_the_deploy_instead_of_passing_for_an_outage(
    lambeth, monkeypatch
):
    """Only the engine client's own errors mean "the engine did not answer"; anything
    else is a bug in this release, and the deploy must stop on it, not go on."""
    from io import StringIO

    from django.core.management import call_command

    def broken(*args, **kwargs):
        raise KeyError("generation")

    monkeypatch.setattr("search.services.aliases_matching", broken)
    err = StringIO()
    with pytest.raises(KeyError):
        call_command("rebuild_search_index", "--outdated", stdout=StringIO(), stderr=err)
    assert "did not answer" not in err.getvalue()
