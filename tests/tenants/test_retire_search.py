"""Retiring a borough leaves nothing of it in the search engine, even while the real task
worker indexes its content; and a task queued for a retiring or retired borough is
dropped with a log line, never run."""

import logging
import subprocess
import tarfile
import threading
import time

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from django.db import connection

from modelsearch.backends import get_search_backend
from wagtail.models import Site

from search.services import borough_document_count, borough_index_names
from sites.standard.models import StandardPage
from tenants.models import Borough
from tenants.routing import borough_for_host, hosts_changed
from tenants.services import LaunchRequest, launch_borough, retire_borough
from tenants.services.archive import SCHEMA_DUMP
from tenants.tasks import run_in_schema
from tests.conftest import client_for, drop_borough, inside


def _work_until(stop: threading.Event, errors: list) -> None:
    """The real db_worker's loop, in a thread, until ``stop`` is set."""
    worker = Worker(
        queue_names=["default"],
        interval=0.05,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="retire-test",
        excluded_queue_names=[],
    )
    watcher = threading.Thread(target=lambda: (stop.wait(), setattr(worker, "running", False)))
    watcher.start()
    try:
        worker.run()
    except Exception as error:  # noqa: BLE001 - reported by the test
        errors.append(error)
    finally:
        connection.close()


def _keep_saving(host: str, stop: threading.Event, saved: list) -> None:
    """Save pages in the borough (each queues its indexing), each through the door every
    request takes (its host), until told to stop or until the door is shut."""
    try:
        while not stop.is_set():
            connection.set_schema_to_public()
            borough = borough_for_host(host)
            if borough is None:
                return  # a retiring borough is served no more
            with inside(borough):
                home = Site.objects.get().root_page
                number = len(saved)
                home.add_child(
                    instance=StandardPage(title=f"Busy page {number}", slug=f"busy-{number}")
                )
                saved.append(number)
    except Exception as error:  # noqa: BLE001 - reported by the test
        saved.append(error)
    finally:
        connection.close()


def _busy_pages_in(tar: tarfile.TarFile) -> int:
    """How many "Busy page" rows the archive's dump of wagtailcore_page holds."""
    dump = tar.extractfile(SCHEMA_DUMP).read()
    table = subprocess.run(
        ["pg_restore", "--data-only", "--table=wagtailcore_page", "--file=-"],  # noqa: S607
        input=dump,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return sum("\tBusy page " in line for line in table.splitlines())


@pytest.mark.search_engine
def test_retire_while_the_worker_indexes_leaves_nothing(committed_db, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "tenants.task_backends.BoroughDatabaseBackend"}}
    # Long enough for the page being saved when the doors shut to finish on a busy CI
    # machine (a save takes well under a second; the test settings' 1 s is for the others).
    settings.BOROUGH_RETIRE_DRAIN_SECONDS = 5
    slug = "kestrel"
    borough = launch_borough(
        LaunchRequest(
            slug=slug,
            name="Kestrel",
            domain="kestrel.localhost",
            admin_email="lead@kestrel.example.org",
        )
    ).borough
    stop_saving, stop_working = threading.Event(), threading.Event()
    saved, errors = [], []
    saver = threading.Thread(target=_keep_saving, args=("kestrel.localhost", stop_saving, saved))
    worker = threading.Thread(target=_work_until, args=(stop_working, errors))
    try:
        saver.start()
        worker.start()
        deadline = time.monotonic() + 60
        while borough_document_count(borough.schema_name) < 5 and time.monotonic() < deadline:
            time.sleep(0.2)  # the worker is really indexing the borough's pages
        assert borough_document_count(borough.schema_name) >= 5

        archive = tmp_path / "kestrel.tar.gz"
        retire_borough(slug, archive)

        time.sleep(1)  # the worker keeps running after the retire
        stop_saving.set()
        saver.join(30)
        stop_working.set()
        worker.join(30)
        assert not errors
        assert saved, "pages were being saved during the retire"
        assert not [e for e in saved if isinstance(e, Exception)]  # the door shut first
        with tarfile.open(archive) as tar:  # every page saved is in the archive
            assert len(saved) == _busy_pages_in(tar)
        backend = get_search_backend()
        for index in backend.es.indices.get(index=f"{settings.SEARCH_INDEX_PREFIX}shared-*"):
            backend.es.indices.refresh(index=index)
        assert borough_document_count(borough.schema_name) == 0
        assert borough_index_names(borough.schema_name) == []
        pattern = f"{settings.SEARCH_INDEX_PREFIX}{borough.schema_name}*"
        assert backend.es.indices.get(index=pattern) == {}  # no bare index either
    finally:
        stop_saving.set()
        stop_working.set()
        saver.join(30)
        worker.join(30)
        connection.set_schema_to_public()
        DBTaskResult.objects.all().delete()
        drop_borough(slug)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Borough.Status.RETIRING, Borough.Status.ARCHIVED])
def test_a_task_for_a_retiring_or_retired_borough_is_dropped(lambeth, status, caplog):
    with inside(lambeth):
        page = StandardPage.objects.first() or Site.objects.get().root_page
    Borough.objects.filter(pk=lambeth.pk).update(status=status)
    task_path = f"{__name__}._record"
    recorded_runs.clear()
    with caplog.at_level(logging.WARNING, logger="tenants.tasks"):
        run_in_schema.call(lambeth.schema_name, task_path, [page.pk], {})
    assert recorded_runs == []
    assert "Dropped task" in caplog.text and lambeth.schema_name in caplog.text
    Borough.objects.filter(pk=lambeth.pk).update(status=Borough.Status.LIVE)
    run_in_schema.call(lambeth.schema_name, task_path, [page.pk], {})
    assert recorded_runs == [(lambeth.schema_name, page.pk)]


@pytest.mark.django_db
def test_a_retiring_borough_is_served_no_more(lambeth):
    assert client_for(lambeth).get("/").status_code == 200
    try:
        Borough.objects.filter(pk=lambeth.pk).update(status=Borough.Status.RETIRING)
        hosts_changed()  # as retire_borough does
        response = client_for(lambeth).get("/")
        assert response.status_code == 404  # as an unknown host: nothing is written there
    finally:  # no process of this worker keeps lambeth's host answered as retiring
        Borough.objects.filter(pk=lambeth.pk).update(status=Borough.Status.LIVE)
        hosts_changed()
    assert client_for(lambeth).get("/").status_code == 200


@pytest.mark.django_db
def test_a_task_for_a_borough_that_is_gone_is_dropped(caplog):
    recorded_runs.clear()
    with caplog.at_level(logging.WARNING, logger="tenants.tasks"):
        run_in_schema.call("no_such_borough", f"{__name__}._record", [1], {})
    assert recorded_runs == [] and "Dropped task" in caplog.text


recorded_runs: list = []


class _Recorder:
    """A stand-in task: records where it ran (tasks are looked up by dotted path)."""

    def call(self, pk):
        recorded_runs.append((connection.schema_name, pk))


_record = _Recorder()
