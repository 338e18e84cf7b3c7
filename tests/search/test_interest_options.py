"""The search page's "Interest" filter reads the borough's interests from the process's
site cache (sites/directory/interests.py), and an Editor's change shows at the next page."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sites.core import site_cache
from sites.directory.interests import interest_options
from sites.directory.models import Interest
from tenants.cache import strict
from tests.conftest import client_for, inside
from tests.directory.conftest import build_directory
from tests.search.conftest import reindex


def search_page(borough) -> tuple[str, list[str]]:
    """The page's HTML (the garden club and its interest) and the SQL it sent."""
    with CaptureQueriesContext(connection) as captured:
        response = client_for(borough).get("/search/?q=garden")
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured.captured_queries]


def reads_interests(sql: list[str]) -> bool:
    return any('FROM "directory_interest"' in statement for statement in sql)


@pytest.fixture
def gardens(lambeth, southwark, django_capture_on_commit_callbacks):
    for borough in (lambeth, southwark):
        with inside(borough), django_capture_on_commit_callbacks(execute=True):  # committed
            built = build_directory(borough)
            reindex(built.activity)
        page, _ = search_page(borough)  # both boroughs' lists cached
        assert "Gardening and outdoors" in page


@pytest.mark.django_db
def test_a_warm_search_page_does_not_read_the_interests(lambeth, gardens):
    page, sql = search_page(lambeth)
    assert "Gardening and outdoors" in page
    assert not reads_interests(sql), "\n".join(sql)


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["rename", "add", "delete"])
def test_an_editors_change_to_the_interests_shows_at_the_next_page(
    lambeth, southwark, gardens, change, django_capture_on_commit_callbacks
):
    with inside(lambeth), django_capture_on_commit_callbacks(execute=True):
        gardening = Interest.objects.get(name="Gardening and outdoors")
        if change == "rename":
            gardening.name = "Gardens and parks"
            gardening.save()
        elif change == "add":
            Interest.objects.create(name="Gardens and parks", sort_order=99)
        else:
            gardening.delete()
    page, sql = search_page(lambeth)
    assert reads_interests(sql)
    with inside(lambeth):
        names = [name for _, name in interest_options()]
    assert ("Gardens and parks" in names) == (change != "delete")
    assert ("Gardening and outdoors" in names) == (change == "add")
    assert ("Gardening and outdoors" in page) == (change == "add")
    if change == "rename":
        assert "Gardens and parks" in page
    # The other borough keeps its own list, still from the cache.
    page, sql = search_page(southwark)
    assert "Gardening and outdoors" in page and "Gardens and parks" not in page
    assert not reads_interests(sql)


@pytest.mark.django_db
def test_a_search_page_reads_the_boroughs_content_version_once(lambeth, gardens, monkeypatch):
    """The menus, the interests and the everyday words share one Redis read a page."""
    reads = []

    def counted(method, key, *args, **kwargs):
        if key == site_cache.VERSION_KEY:
            reads.append(method)
        return strict(method, key, *args, **kwargs)

    monkeypatch.setattr(site_cache, "strict", counted)
    page, sql = search_page(lambeth)
    assert "Gardening and outdoors" in page and not reads_interests(sql)
    assert reads == ["get"]
