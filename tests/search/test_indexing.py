"""A borough's aliases of the shared indexes: created at launch, rebuilt atomically (a new
generation), caught up after outages."""

import datetime

import pytest

from django.core.management import CommandError, call_command
from django.utils import timezone

from modelsearch.backends import get_search_backend
from wagtail.models import Page

from search.backends.borough import record_indexing_failure
from search.catch_up import changed_objects
from search.models import IndexState
from search.services import borough_index_names
from sites.directory.factories import ActivityPageFactory
from sites.directory.models import ActivityPage, Interest
from tests.conftest import inside
from tests.search.conftest import refresh_engine


def engine_hits(query: str, model=Page) -> int:
    refresh_engine()
    return len(get_search_backend().search(query, model))


def engine_titles(query: str) -> list[str]:
    refresh_engine()
    return sorted(page.title for page in get_search_backend().search(query, Page))


@pytest.mark.django_db
def test_launch_created_aliased_indexes_and_recorded_the_time(lambeth, settings):
    with inside(lambeth):
        assert IndexState.load().last_indexed_at is not None
    if settings.SEARCH_URL:
        names = borough_index_names("lambeth")
        alias = f"{settings.SEARCH_INDEX_PREFIX}lambeth__wagtailcore_page"
        assert alias in names
        shared = f"{settings.SEARCH_INDEX_PREFIX}shared-wagtailcore_page"
        assert set(get_search_backend().es.indices.get_alias(name=alias)) == {shared}


@pytest.mark.search_engine
@pytest.mark.django_db
def test_rebuild_moves_the_alias_to_a_new_complete_index(lambeth, engine_directory, settings):
    alias = f"{settings.SEARCH_INDEX_PREFIX}lambeth__wagtailcore_page"
    with inside(lambeth):
        backend = get_search_backend()
        es = backend.es
        before = backend.get_index_for_model(Page).write_generation()
        # What the old index finds (the standard pages mention clubs too) is found again.
        # (At least: tests that roll back their transaction may have left the old index
        # without a page the database still has, which the rebuild puts back.)
        found = engine_titles("garden club")
        assert "Tuesday garden club" in found
        call_command("rebuild_search_index", "--borough", "lambeth", verbosity=0)
        after = backend.get_index_for_model(Page).write_generation()
        assert after != before  # a new generation behind the alias
        assert set(found) <= set(engine_titles("garden club"))
        assert es.count(index=alias)["count"] == Page.objects.count()
        shared = backend.get_index_for_model(Page).shared
        old = {"bool": {"filter": [{"term": {"borough": "lambeth"}}]}}
        old["bool"]["must_not"] = [{"term": {"borough_generation": after}}]
        assert es.count(index=shared, body={"query": old}, routing="lambeth")["count"] == 0
        assert IndexState.load().last_indexed_at > timezone.now() - datetime.timedelta(minutes=1)


@pytest.mark.django_db
def test_rebuild_every_live_borough_by_default(lambeth, southwark, search_backend, capsys):
    call_command("rebuild_search_index")
    output = capsys.readouterr().out
    assert "lambeth: indexed" in output and "southwark: indexed" in output
    with pytest.raises(CommandError, match="no running borough called 'croydon'"):
        call_command("rebuild_search_index", "--borough", "croydon")


@pytest.mark.search_engine
@pytest.mark.django_db
def test_catch_up_starts_from_the_first_failed_write(lambeth, engine_directory, capsys):
    with inside(lambeth):
        missed = ActivityPageFactory(parent=engine_directory.organisation, title="Missed macrame")
        get_search_backend().delete(missed)  # as if the engine had been down for it
        assert engine_hits("macrame") == 0
        record_indexing_failure()
        state = IndexState.load()
        assert state.dirty_since is not None and state.failures == 1
    call_command("catch_up_search_index", "--borough", "lambeth")
    assert "lambeth: re-indexed" in capsys.readouterr().out
    with inside(lambeth):
        assert engine_hits("macrame") == 1
        state = IndexState.load()
        assert state.dirty_since is None and state.failures == 0


@pytest.mark.search_engine
@pytest.mark.django_db
def test_catch_up_since_a_time(lambeth, engine_directory):
    with inside(lambeth):
        missed = ActivityPageFactory(parent=engine_directory.organisation, title="Missed mosaics")
        get_search_backend().delete(missed)
    call_command("catch_up_search_index", "--borough", "lambeth", "--since", "2030-01-01")
    with inside(lambeth):
        assert engine_hits("mosaics") == 0  # changed before 2030: left alone
    yesterday = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    call_command("catch_up_search_index", "--borough", "lambeth", "--since", yesterday)
    with inside(lambeth):
        assert engine_hits("mosaics") == 1
    with pytest.raises(CommandError, match="--since must be a date"):
        call_command("catch_up_search_index", "--since", "last tuesday")


@pytest.mark.django_db
def test_what_counts_as_changed(lambeth, directory):
    with inside(lambeth):
        since = timezone.now() - datetime.timedelta(minutes=5)
        changed = set(changed_objects(ActivityPage, since).values_list("pk", flat=True))
        assert directory.activity.pk in changed
        assert not changed_objects(
            ActivityPage, timezone.now() + datetime.timedelta(days=1)
        ).exists()
        # No timestamps of its own: a small taxonomy is re-indexed whole.
        assert changed_objects(Interest, since).count() == Interest.objects.count()
        assert changed_objects(ActivityPage, None).count() == ActivityPage.objects.count()
