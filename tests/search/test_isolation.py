"""A document indexed in Lambeth is never returned in Southwark: for every searchable
type, on the engine and on PostgreSQL alone.

Extends tests/tenants/test_isolation.py (one canary page) to every model modelsearch
indexes, listed from get_indexed_models() at collection time: a new searchable model is
covered the day it is added. Canaries are built with the model's factory (from its app's
factories.py, or wagtail_factories); page types without one are built bare.
"""

import importlib

import factory
import pytest
import wagtail_factories

from django.apps import apps

from modelsearch.backends import get_search_backend
from modelsearch.backends.base import get_model_root
from modelsearch.index import AutocompleteField, SearchField, get_indexed_models
from wagtail.models import Page, Site

from search.registry import result_type_for_model
from search.selectors import SearchRequest, autocomplete, search_borough
from sites.directory.factories import OrganisationPageFactory
from sites.directory.models import ActivityPage
from tests.conftest import client_for, inside
from tests.search.conftest import make_canary_word, refresh_engine

INDEXED_MODELS = sorted(model._meta.label for model in get_indexed_models())


def _factories() -> dict:
    modules = [wagtail_factories]
    for app_config in apps.get_app_configs():
        try:
            modules.append(importlib.import_module(f"{app_config.name}.factories"))
        except ModuleNotFoundError:
            continue
    found = {}
    for module in modules:
        for value in vars(module).values():
            model = getattr(getattr(value, "_meta", None), "model", None)
            if isinstance(value, type) and issubclass(value, factory.Factory) and model:
                found.setdefault(model, value)
    return found


def _text_field(model) -> str:
    names = [f.field_name for f in model.get_search_fields() if isinstance(f, SearchField)]
    return next(name for name in ("title", "name", *names) if name in names)


def make_canary(model, canary: str, parent=None):
    """A saved ``model`` whose main searchable field holds ``canary`` (a page: under
    ``parent``, else the home page)."""
    field_name = _text_field(model)
    make = _factories().get(model)
    values = {field_name: canary}
    field_names = {field.name for field in model._meta.get_fields()}
    if {"latitude", "longitude"} <= field_names:
        values.update(latitude="51.460000", longitude="-0.110000")  # exact decimals
    if issubclass(model, Page):
        parent = parent or Site.objects.get(is_default_site=True).root_page
        if make is not None:
            return make(parent=parent, slug=canary, **values)
        return parent.add_child(instance=model(slug=canary, **values))
    if make is None:
        pytest.fail(f"{model._meta.label} is searchable but has no factory to build a canary.")
    return make(**values)


def listed_parent(model):
    """Where a page of ``model`` must be for search to show it: an activity under a
    published organisation (search shows no other); None for the rest (the home page)."""
    if model is not ActivityPage:
        return None
    return OrganisationPageFactory(parent=Site.objects.get(is_default_site=True).root_page)


def has_autocomplete(model) -> bool:
    return any(isinstance(f, AutocompleteField) for f in model.get_search_fields())


def hits(model, canary: str) -> int:
    backend = get_search_backend()
    refresh_engine()
    found = len(backend.search(canary, model))
    if has_autocomplete(model):
        found += len(backend.autocomplete(canary, model))
    return found


def facet_counts(outcome) -> dict[str, int]:
    """Each facet's counts added up, by facet (what its options' numbers show)."""
    return {facet.key: sum(option.count for option in facet.options) for facet in outcome.facets}


@pytest.mark.django_db
@pytest.mark.parametrize("label", INDEXED_MODELS)
def test_no_searchable_type_reaches_another_borough(lambeth, southwark, search_backend, label):
    model = apps.get_model(label)
    canary = make_canary_word()
    result_type = result_type_for_model(model)
    suggested = int(result_type is not None and result_type.autocomplete)
    with inside(lambeth):
        make_canary(model, canary, listed_parent(model))
        expected = 2 if has_autocomplete(model) else 1  # by search (and autocomplete)
        assert hits(model, canary) >= expected, "the canary must be findable where it was written"
        if result_type is not None:
            # The search page and its suggestions show it here, so finding nothing next
            # door means something.
            found_here = search_borough(SearchRequest(query=canary))
            assert found_here.total == 1
            assert facet_counts(found_here)["type"] == 1  # counted under its kind
            assert len(autocomplete(canary)[0]) == suggested
    with inside(southwark):
        assert hits(model, canary) == 0
        assert hits(get_model_root(model), canary) == 0  # the whole index, every type
        if result_type is not None:
            found_next_door = search_borough(SearchRequest(query=canary))
            assert found_next_door.total == 0
            assert not any(facet_counts(found_next_door).values())  # nor any count
            assert autocomplete(canary)[0] == []
    if result_type is not None:  # the same over HTTP: found here, not next door
        for borough, found in ((lambeth, 1), (southwark, 0)):
            client = client_for(borough)
            results = client.get("/search.json", {"q": canary}).json()["results"]
            suggestions = client.get("/search/autocomplete.json", {"q": canary}).json()
            assert (len(results), len(suggestions["suggestions"])) == (found, found * suggested)


def test_every_indexed_model_is_covered():
    # Collected from the registry of models, not a hand-written list.
    assert "directory.ActivityPage" in INDEXED_MODELS
    assert "directory.Interest" in INDEXED_MODELS
    assert "standard.StandardPage" in INDEXED_MODELS
    assert "wagtailimages.Image" in INDEXED_MODELS
    for label in ("CommunityGroup", "Event", "Thread", "Post"):
        assert f"community.{label}" in INDEXED_MODELS
