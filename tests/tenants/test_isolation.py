"""Nothing of one borough reaches another. Each channel is tested with a canary: written
in Lambeth, then looked for from Southwark."""

import io
import logging
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
from django_tasks_db.models import DBTaskResult

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from modelsearch.backends import get_search_backend
from wagtail.models import Site

from search.conf import search_backends
from sites.standard.models import StandardPage
from tenants.emails import borough_base_url
from tenants.models import Borough
from tests.conftest import client_for, inside

# Letters only: a hex string such as "6719e16" reads as a number to PostgreSQL's parser.
CANARY = "canary" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:12])


# --- Database -------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_and_users_stay_in_their_borough(lambeth, southwark):
    with inside(lambeth):
        home = Site.objects.get().root_page
        home.add_child(instance=StandardPage(title=CANARY, slug=CANARY))
        get_user_model().objects.create_user(f"{CANARY}@example.org", password="pw-123456789")
    with inside(southwark):
        assert not StandardPage.objects.filter(title=CANARY).exists()
        assert not get_user_model().objects.filter(username=f"{CANARY}@example.org").exists()
    with inside(lambeth):
        assert StandardPage.objects.filter(title=CANARY).exists()
    assert client_for(lambeth).get(f"/{CANARY}/").status_code == 200
    assert client_for(southwark).get(f"/{CANARY}/").status_code == 404


@pytest.mark.django_db
def test_a_query_prepared_in_one_borough_reads_the_next_boroughs_own_rows(lambeth, southwark):
    """The search page's reads are prepared on the kept connection (prepared_cursor);
    PostgreSQL plans one again when the borough (search_path) changes, so a plan made
    in Lambeth reads Southwark's own table there, never Lambeth's."""
    with inside(lambeth):
        Site.objects.get().root_page.add_child(instance=StandardPage(title=CANARY, slug=CANARY))

    def titles_like_the_canary():
        with connection.prepared_cursor() as cursor:
            cursor.execute("SELECT title FROM wagtailcore_page WHERE title = %s", [CANARY])
            return cursor.fetchall()

    def prepared(cursor):
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%wagtailcore_page WHERE title = $1%"],
        )
        return cursor.fetchone()[0]

    with inside(lambeth):
        for _ in range(settings.DATABASE_PREPARE_AFTER + 2):
            assert titles_like_the_canary() == [(CANARY,)]
        with connection.cursor() as cursor:
            assert prepared(cursor) == 1
    with inside(southwark):
        assert titles_like_the_canary() == []
        with connection.cursor() as cursor:
            assert prepared(cursor) == 1, "the same prepared query, planned again"


# --- Cache ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("alias", ["default", "renditions"])
def test_cache_entries_are_keyed_by_borough(lambeth, southwark, alias):
    assert "RedisCache" in settings.CACHES[alias]["BACKEND"], "tests must use the real Redis"
    with inside(lambeth):
        caches[alias].set("shared-looking-key", CANARY)
    with inside(southwark):
        assert caches[alias].get("shared-looking-key") is None
        caches[alias].set("shared-looking-key", "southwark's own")
    with inside(lambeth):
        assert caches[alias].get("shared-looking-key") == CANARY
        caches[alias].delete("shared-looking-key")
    with inside(southwark):
        caches[alias].delete("shared-looking-key")


@pytest.mark.django_db
def test_wagtails_own_cache_of_site_root_paths_is_per_borough(lambeth, southwark):
    for borough in (lambeth, southwark):
        with inside(borough):
            # Wagtail's key has a version: cache.delete("wagtail_site_root_paths") left an
            # earlier test's paths (a translated home page, rolled back) in place.
            Site.clear_site_root_paths_cache()
    with inside(lambeth):
        lambeth_paths = Site.get_site_root_paths()
    with inside(southwark):
        southwark_paths = Site.get_site_root_paths()  # would be Lambeth's if keys collided
    assert [p.root_url for p in lambeth_paths] == ["http://lambeth.localhost:8000"]
    assert [p.root_url for p in southwark_paths] == ["http://southwark.localhost:8000"]


# --- Media ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_local_media_is_stored_and_served_per_borough(lambeth, southwark):
    with inside(lambeth):
        name = default_storage.save(f"{CANARY}.txt", ContentFile(b"for Lambeth only"))
        url = default_storage.url(name)
        path = default_storage.path(name)
    try:
        assert url == f"/media/lambeth/{name}"
        assert Path(path) == Path(settings.MEDIA_ROOT) / "lambeth" / name
        with inside(southwark):
            assert not default_storage.exists(name)
        assert client_for(southwark).get(url).status_code == 404
        assert client_for(southwark).get(f"/media/southwark/{name}").status_code == 404
        assert client_for(southwark).get(f"/media/southwark/../lambeth/{name}").status_code == 404
        response = client_for(lambeth).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"for Lambeth only"
    finally:
        with inside(lambeth):
            default_storage.delete(name)


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3-compatible server on loopback (S3 is the one third party we cannot run)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("moto_server did not start")
    yield endpoint
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.django_db
def test_s3_media_keys_carry_the_borough_prefix(lambeth, southwark, s3_server, settings):
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    client = boto3.client("s3", endpoint_url=s3_server, region_name="eu-west-2", **credentials)
    client.create_bucket(
        Bucket="boroughs", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tenants.storage.BoroughS3Storage",
            "OPTIONS": {
                "bucket_name": "boroughs",
                "endpoint_url": s3_server,
                "region_name": "eu-west-2",
                "access_key": "test",
                "secret_key": "test",
            },
        },
    }
    with inside(lambeth):
        name = default_storage.save(f"{CANARY}.txt", ContentFile(b"for Lambeth only"))
        assert default_storage.exists(name)
        assert "/boroughs/lambeth/" in default_storage.url(name)
    keys = [item["Key"] for item in client.list_objects_v2(Bucket="boroughs")["Contents"]]
    assert keys == [f"lambeth/{name}"]
    with inside(southwark):
        assert not default_storage.exists(name)
        assert default_storage.listdir("") == ([], [])
        default_storage.save(name, ContentFile(b"Southwark's own"))
    with inside(lambeth):
        assert default_storage.open(name).read() == b"for Lambeth only"


# --- Background tasks -------------------------------------------------------------------


def count_search_hits(query: str) -> int:
    backend = get_search_backend()
    if hasattr(backend, "es"):
        backend.get_index_for_model(StandardPage).refresh()
    return len(backend.search(query, StandardPage))


@pytest.fixture
def queued_tasks(settings):
    """The real database queue, worked by the real db_worker, instead of immediate runs."""
    settings.TASKS = {"default": {"BACKEND": "tenants.task_backends.BoroughDatabaseBackend"}}
    yield
    DBTaskResult.objects.all().delete()


def test_queued_tasks_run_in_the_borough_that_queued_them(committed_db, queued_tasks):
    lambeth = Borough.objects.get(slug="lambeth")
    southwark = Borough.objects.get(slug="southwark")
    title = f"Zebra {CANARY}"
    with inside(lambeth):
        home = Site.objects.get().root_page
        page = home.add_child(instance=StandardPage(title=title, slug=CANARY))
        page_id = page.id
    try:
        connection.set_schema_to_public()
        queued = list(DBTaskResult.objects.filter(status="READY"))
        assert queued, "saving a page should queue its search and reference-index tasks"
        assert {task.args_kwargs["args"][0] for task in queued} == {"lambeth"}
        with inside(lambeth):
            assert count_search_hits(title) == 0  # nothing ran yet: the queue is real

        call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)

        connection.set_schema_to_public()
        statuses = set(DBTaskResult.objects.values_list("status", flat=True))
        assert statuses == {"SUCCESSFUL"}
        with inside(lambeth):
            assert count_search_hits(title) == 1
        with inside(southwark):
            assert count_search_hits(title) == 0
    finally:
        with inside(lambeth):
            StandardPage.objects.get(id=page_id).delete()
        connection.set_schema_to_public()
        call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)


# --- Search -------------------------------------------------------------------------


@pytest.fixture(params=["database", pytest.param("engine", marks=pytest.mark.search_engine)])
def search_backend(request, settings):
    if request.param == "database":
        settings.WAGTAILSEARCH_BACKENDS = search_backends(None, "opensearch", "")
    return request.param


@pytest.mark.django_db
def test_search_never_returns_another_boroughs_pages(lambeth, southwark, search_backend):
    title = f"Quokka gardening {CANARY}"
    with inside(lambeth):
        Site.objects.get().root_page.add_child(instance=StandardPage(title=title, slug=CANARY))
        assert count_search_hits(title) == 1
    with inside(southwark):
        assert count_search_hits(title) == 0
        assert count_search_hits("Quokka") == 0


@pytest.mark.django_db
@pytest.mark.search_engine
def test_each_borough_has_its_own_engine_indexes(lambeth, southwark, settings):
    with inside(lambeth):
        lambeth_index = get_search_backend().get_index_for_model(StandardPage).name
    with inside(southwark):
        southwark_index = get_search_backend().get_index_for_model(StandardPage).name
    assert lambeth_index == f"{settings.SEARCH_INDEX_PREFIX}lambeth__wagtailcore_page"
    assert southwark_index == f"{settings.SEARCH_INDEX_PREFIX}southwark__wagtailcore_page"


# --- Sessions and cookies -------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_from_one_borough_means_nothing_in_another(lambeth, southwark):
    with inside(lambeth):
        get_user_model().objects.create_user(
            "editor@lambeth.example.org", "editor@lambeth.example.org", "pw-for-lambeth-1"
        ).groups.add(Group.objects.get(name="Editors"))
    lambeth_client = client_for(lambeth)
    response = lambeth_client.post(
        "/admin/login/",
        {"username": "editor@lambeth.example.org", "password": "pw-for-lambeth-1"},
    )
    assert response.status_code == 302
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not session_cookie["domain"], "a host-only cookie is never sent to another borough"
    assert lambeth_client.get("/admin/").status_code == 200

    southwark_client = client_for(southwark)
    southwark_client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie.value
    response = southwark_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- Emails -------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_emails_come_from_and_link_to_the_right_borough(lambeth, southwark):
    with inside(lambeth):
        get_user_model().objects.create_user(
            "reader@lambeth.example.org", "reader@lambeth.example.org", "pw-for-lambeth-1"
        ).groups.add(Group.objects.get(name="Editors"))
    client_for(southwark).post("/admin/password_reset/", {"email": "reader@lambeth.example.org"})
    assert mail.outbox == [], "Southwark has no such user, so it must send nothing"
    client_for(lambeth).post("/admin/password_reset/", {"email": "reader@lambeth.example.org"})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert f"{borough_base_url(lambeth)}/admin/password_reset/confirm/" in body
    assert "southwark" not in body.lower()


# --- Logs ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_log_line_names_the_borough_schema(lambeth, southwark):
    configured = next(
        h for h in logging.getLogger().handlers if "schema_name" in getattr(h.formatter, "_fmt", "")
    )
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configured.formatter)
    for log_filter in configured.filters:
        handler.addFilter(log_filter)
    logger = logging.getLogger("tests.isolation")
    logger.addHandler(handler)
    try:
        with inside(lambeth):
            logger.warning("canary from Lambeth")
        with inside(southwark):
            logger.warning("canary from Southwark")
        client_for(lambeth).get("/")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert any("[lambeth]" in line and "canary from Lambeth" in line for line in lines)
    assert any("[southwark]" in line and "canary from Southwark" in line for line in lines)
