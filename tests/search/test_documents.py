"""What a rebuild sends the engine is what modelsearch would send, only built faster
(search/backends/mapping.py), and the shortcuts it takes never serve stale answers."""

import dataclasses
import datetime
import json
import uuid
from decimal import Decimal

import pytest
from opensearchpy.serializer import JSONSerializer

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from modelsearch.backends import get_search_backend
from modelsearch.backends.opensearch3 import OpenSearch3Mapping
from modelsearch.index import RelatedFields, get_indexed_models
from wagtail.rich_text import get_text_for_indexing

from search.backends.bulk import bulk_body
from search.backends.mapping import RELATED_OBJECT_SUFFIX
from search.backends.opensearch import BoroughOpenSearchMapping
from search.backends.plain_text import text_for_indexing
from search.bulk_reading import for_bulk_reading, read_chunk
from search.document import ANSWERS, EngineValues, answer_field, pack_until, until_range
from search.postcodes.models import PostcodeDistrict
from search.postcodes.services import district_centre, remembering_district_centres
from search.services import in_chunks, indexable_objects
from sites.community.factories import EventFactory, PostFactory
from sites.directory.factories import (
    ActivityPageFactory,
    ActivityScheduleFactory,
    OrganisationPageFactory,
    PlacePageFactory,
)
from sites.directory.models import (
    ActivityPage,
    Interest,
    OrganisationIndexPage,
    PlaceIndexPage,
    PlacePage,
)
from sites.directory.models.mixins import ACCESSIBILITY_FEATURES
from tests.conftest import inside
from tests.directory.conftest import build_directory


def _indexed_objects():
    for model in get_indexed_models():
        yield from model.get_indexed_objects()


def _modelsearch_document(obj) -> dict:
    """modelsearch's own document, its related fields under our names (plain objects,
    not nested: search/backends/mapping.py)."""
    mapping = OpenSearch3Mapping(type(obj))
    document = mapping.get_document(obj)
    for field in type(obj).get_search_fields():
        if isinstance(field, RelatedFields):
            name = mapping.get_field_column_name(field)
            document[name + RELATED_OBJECT_SUFFIX] = document.pop(name)
    return document


@pytest.mark.django_db
def test_every_indexed_type_gets_the_document_modelsearch_would_build(lambeth):
    build_directory(lambeth)
    with inside(lambeth):
        PostFactory()  # with its thread
        EventFactory()  # with its group
        compared = set()
        for obj in _indexed_objects():
            ours = BoroughOpenSearchMapping(type(obj)).get_document(obj)
            theirs = _modelsearch_document(obj)
            assert ours == theirs, type(obj).__name__
            compared.add(type(obj))
    # Every kind of result a visitor can find was compared, not only pages.
    names = {model.__name__ for model in compared}
    assert {"ActivityPage", "PlacePage", "OrganisationPage", "Post", "Thread"} <= names


@pytest.mark.django_db
def test_the_bulk_body_carries_what_the_clients_serialiser_would_write(lambeth):
    """search/backends/bulk.py writes bulk requests with orjson: every document, dates,
    identifiers and words in other scripts included, reads back as the JSON the client's
    own serialiser writes."""
    build_directory(lambeth)
    with inside(lambeth):
        PostFactory()
        EventFactory()
        documents = [
            {"_id": f"lambeth:{n}", **BoroughOpenSearchMapping(type(obj)).get_document(obj)}
            for n, obj in enumerate(_indexed_objects())
        ]
    documents.append(
        {
            "_id": "odd",
            "title": "Café ☕ دروس",
            "at": datetime.datetime(2026, 3, 1, 9, 30, 0, 5, tzinfo=datetime.UTC),
            "on": datetime.date(2026, 3, 1),
            "key": uuid.UUID(int=7),
            "cost": Decimal("2.50"),
        }
    )
    lines = bulk_body(documents).decode().split("\n")
    assert lines.pop() == ""  # the body ends with a newline
    client = JSONSerializer()
    for n, document in enumerate(documents):
        source = {key: value for key, value in document.items() if key != "_id"}
        assert json.loads(lines[2 * n]) == {"index": {"_id": document["_id"]}}
        assert json.loads(lines[2 * n + 1]) == json.loads(client.dumps(source)), document["_id"]
    assert len(lines) == 2 * len(documents)


@pytest.mark.django_db
def test_a_rebuilds_chunks_give_each_object_the_document_it_has_when_read_alone(lambeth):
    """A rebuild reads chunks with places shared and schedules and interests given in
    memory (search/bulk_reading.py): every document is the one the object gets when it
    is read on its own, its relations read the ordinary way."""
    directory = build_directory(lambeth)
    with inside(lambeth):
        PostFactory()
        EventFactory()
        # Another activity at the same place, with two interests and two times in order.
        busy = ActivityPageFactory(
            parent=directory.organisation, title="Busy club", place=directory.place
        )
        busy.interests.set(Interest.objects.order_by("-slug")[:2])
        busy.save_revision().publish()
        ActivityScheduleFactory(activity=busy, weekday=4, sort_order=0)
        ActivityScheduleFactory(activity=busy, weekday=2, sort_order=1)
        # One left out of the queryset between two read: a rebuild's key range reads its
        # times and interests too, and must give them to no one.
        left_out = ActivityPageFactory(
            parent=directory.organisation, title="Left out", place=directory.place
        )
        left_out.interests.set(Interest.objects.order_by("slug")[:1])
        left_out.save_revision().publish()
        ActivityScheduleFactory(activity=left_out, weekday=6, sort_order=0)
        last = ActivityPageFactory(parent=directory.organisation, title="Last club")
        ActivityScheduleFactory(activity=last, weekday=0, sort_order=0)
        # Indexed, but not shown to the public: a chunk answers that for all its objects.
        ActivityPageFactory(parent=directory.organisation, title="Stale club", hidden_as_stale=True)
        OrganisationPageFactory(
            parent=OrganisationIndexPage.objects.get(), title="Stale trust", hidden_as_stale=True
        )
        PlacePageFactory(
            parent=PlaceIndexPage.objects.get(), title="Stale hall", hidden_as_stale=True
        )
        compared: dict[str, int] = {}
        shown: dict[str, set] = {}
        for model in get_indexed_models():
            for whole in (False, True):
                objects = indexable_objects(model).exclude(pk=left_out.pk)
                for chunk in in_chunks(objects, size=3, whole=whole):
                    for obj in chunk:
                        alone = model._default_manager.get(pk=obj.pk)
                        ours = OpenSearch3Mapping(model).get_document(obj)
                        theirs = OpenSearch3Mapping(model).get_document(alone)
                        assert ours == theirs, (model, obj.pk, whole)
                        compared[model.__name__] = compared.get(model.__name__, 0) + 1
                        if ANSWERS in ours:  # searchable kinds, not images or interests
                            shown.setdefault(model.__name__, set()).add(ours[ANSWERS]["shown"])
    assert compared["ActivityPage"] == 2 * 5
    for listing in ("ActivityPage", "OrganisationPage", "PlacePage"):
        assert shown[listing] == {True, False}, listing
    assert {"PlacePage", "OrganisationPage", "Post", "Thread", "Interest"} <= set(compared)


@pytest.mark.django_db
def test_a_rebuild_reads_a_shared_place_once_for_all_its_chunks(lambeth):
    """10,000 activities share a few places: a rebuild makes each place once, and each
    activity's place is the one the database holds."""
    directory = build_directory(lambeth)
    with inside(lambeth):
        for n in range(3):
            ActivityPageFactory(
                parent=directory.organisation, title=f"Club {n}", place=directory.place
            )
        activities = [
            activity
            for chunk in in_chunks(indexable_objects(ActivityPage), size=1, whole=True)
            for activity in chunk
            if activity.place_id == directory.place.pk
        ]
        with CaptureQueriesContext(connection) as queries:
            places = [activity.place for activity in activities]
        assert (
            places[0].public_address == PlacePage.objects.get(pk=directory.place.pk).public_address
        )
    assert len(activities) >= 4  # each in a chunk of its own
    assert len({id(place) for place in places}) == 1
    assert len(queries) == 0  # given with the chunks, not read when asked for


def _as_read(obj, annotations) -> tuple:
    fields = {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}
    extra = {name: getattr(obj, name) for name in annotations}
    return type(obj), fields, extra, obj._state.adding, obj._state.db


@pytest.mark.django_db
def test_a_rebuild_asks_who_the_public_may_see_once_for_all_its_chunks(lambeth):
    """Asking for each chunk was a tenth of a 10,000-activity rebuild's time; a
    catch-up's few changed objects are still asked about by key, chunk by chunk."""
    directory = build_directory(lambeth)
    with inside(lambeth):
        for n in range(3):
            ActivityPageFactory(parent=directory.organisation, title=f"Club {n}")
        hidden = ActivityPageFactory(
            parent=directory.organisation, title="Stale club", hidden_as_stale=True
        )
        asked: dict[bool, int] = {}
        shown: dict[bool, dict[int, bool]] = {}
        for whole in (True, False):
            with CaptureQueriesContext(connection) as queries:
                chunks = list(in_chunks(indexable_objects(ActivityPage), size=1, whole=whole))
            # The visibility rules name each activity's organisation by its parent path.
            asked[whole] = sum("SUBSTRING(" in query["sql"] for query in queries)
            shown[whole] = {a.pk: a.shown_to_public for chunk in chunks for a in chunk}
    assert len(chunks) >= 5  # one activity a chunk
    assert asked == {True: 1, False: len(chunks)}
    assert shown[True] == shown[False]
    assert shown[True][hidden.pk] is False
    assert sum(shown[True].values()) >= 4


@pytest.mark.django_db
def test_objects_made_from_rows_are_the_objects_django_makes(lambeth):
    """read_chunk makes pages (and other plain models) from their rows itself: every
    field, annotation and prefetched relation is what Django's own objects have."""
    build_directory(lambeth)
    with inside(lambeth):
        PostFactory()
        EventFactory()
        compared = set()
        for model in get_indexed_models():
            queryset, _ = for_bulk_reading(indexable_objects(model).order_by("pk"))
            annotations = list(queryset.query.annotation_select)
            ours, theirs = read_chunk(queryset, 50), list(queryset[:50])
            assert [_as_read(o, annotations) for o in ours] == [
                _as_read(o, annotations) for o in theirs
            ], model
            for mine, django in zip(ours, theirs, strict=True):
                prefetched = [getattr(o, "_prefetched_objects_cache", {}) for o in (mine, django)]
                assert prefetched[0].keys() == prefetched[1].keys()
                for name, related in prefetched[0].items():
                    assert list(related) == list(prefetched[1][name])
            if ours:
                compared.add(model.__name__)
    assert {"ActivityPage", "PlacePage", "Post", "Interest"} <= compared


@pytest.mark.django_db
def test_a_chunks_documents_are_built_without_a_query_per_object(lambeth):
    """A rebuild reads what the documents need with the chunk: building them asks the
    database nothing more per object."""
    directory = build_directory(lambeth)
    with inside(lambeth):
        for n in range(4):
            ActivityPageFactory(
                parent=directory.organisation, title=f"Club {n}", place=directory.place
            )
        with remembering_district_centres():
            chunk = next(in_chunks(indexable_objects(ActivityPage), size=50))
            mapping = BoroughOpenSearchMapping(ActivityPage)
            with CaptureQueriesContext(connection) as queries:
                documents = [mapping.get_document(obj) for obj in chunk]
    assert len(documents) >= 5
    assert len(queries) < len(documents), [query["sql"][:200] for query in queries]


@pytest.mark.parametrize(
    "richtext",
    [
        '<p data-block-key="a1">Tea &amp; <b>chat</b></p><p>All welcome</p>',
        "<h2>Times</h2><ul><li>Monday</li><li>Friday</li></ul><p>a<br/>b<hr />c</p>",
        '<p><a linktype="page" id="3">Our hall</a> <embed embedtype="image" id="1"/></p>',
        "<p>caf&eacute; &#39;quoted&#x27; &nbsp;</p>",
        "<P>Shouting</P><H3>Upper</H3>case",
        "plain words & a bare ampersand, &amp without its semicolon",
        "a < b, <!-- a comment --> <p>",
        "<script>if (a<b) {}</script><style>p {}</style>",
        '<p title="1 > 0">x</p></ p><p >y</p >',
        "<p>" + "long " * 400 + "</p>",
        '<a href="' + "x" * 1200 + '">a long link</a>',
        "  <p>  spaced  </p>  ",
        "",
    ],
)
def test_rich_text_becomes_the_words_wagtail_would_index(richtext):
    assert text_for_indexing(richtext) == get_text_for_indexing(richtext)


@pytest.mark.django_db
def test_accessibility_words_are_the_labels_in_the_active_language():
    """A listing's features are indexed in words, each label translated once per
    language and then remembered: never the words of another language."""
    place = PlacePage(step_free_access=True, hearing_loop=True)
    words = {}
    for language in ["en", "pl", "en"]:
        with translation.override(language):
            expected = ", ".join(
                str(label) for name, label in ACCESSIBILITY_FEATURES if getattr(place, name)
            )
            words[language] = place.accessibility_in_words()
            assert words[language] == expected
    assert words["en"] == "Step-free access, Hearing loop"
    assert words["pl"] != words["en"]


def test_the_engine_document_holds_every_value_the_engine_filters_on():
    document = EngineValues().as_document()
    declared = {field.name for field in dataclasses.fields(EngineValues)}
    assert declared | {"points"} == set(document)


@pytest.mark.django_db
def test_a_rebuild_looks_each_district_up_once(django_assert_num_queries):
    PostcodeDistrict.objects.update_or_create(
        district="SW9", defaults={"latitude": 51.47, "longitude": -0.12, "postcodes": 1}
    )
    with remembering_district_centres():
        with django_assert_num_queries(1):
            first = [district_centre("sw9") for _ in range(50)]
        assert {point.latitude for point in first} == {51.47}
    # Outside the block, a reloaded directory is read again: no stale centre.
    PostcodeDistrict.objects.filter(district="SW9").update(latitude=51.48)
    assert district_centre("SW9").latitude == 51.48


@pytest.mark.search_engine
@pytest.mark.django_db
def test_documents_built_ahead_still_all_reach_the_engine(lambeth, settings, monkeypatch):
    """The rebuild builds one chunk while the engine indexes the last: with chunks of 2,
    every activity still arrives, once."""
    import search.services as services
    from search.services import rebuild_borough_index
    from tests.search.conftest import empty_engine, refresh_engine

    empty_engine(lambeth)
    build_directory(lambeth)
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    with inside(lambeth):
        rebuild_borough_index("lambeth")
        refresh_engine()
        backend = get_search_backend()
        from sites.directory.models import ActivityPage

        index = backend.get_index_for_model(ActivityPage)
        found = backend.es.count(
            index=index.name,
            body={"query": {"terms": {"_django_content_type": ["directory.ActivityPage"]}}},
        )["count"]
        assert found == ActivityPage.get_indexed_objects().count() >= 2


def test_a_time_that_ends_in_the_year_9999_counts_under_its_own_day_and_time_only():
    """A last date typed far in the future is still "still happening" for its own key,
    and never spills into the next key's numbers (another day or time of day)."""
    today = datetime.date(2026, 12, 2)
    packed = pack_until(3, datetime.date(9999, 12, 31))

    def within(key: int, value: int = packed) -> bool:
        bounds = until_range(key, today)["range"][answer_field("until")]
        return bounds["gte"] <= value < bounds["lt"]

    assert within(3)
    assert not within(4) and not within(2)
    assert not within(3, pack_until(3, datetime.date(2020, 1, 1)))  # an ended time is not
