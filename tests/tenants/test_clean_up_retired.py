"""The daily clean-up deletes what retired boroughs left (cache keys, task results) and
task results finished more than two weeks ago, and nothing of a live borough."""

import datetime
import io
from datetime import timedelta

import pytest
import time_machine
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import schema_context

from django.core.cache import caches
from django.core.management import call_command

from tenants.models import Borough
from tenants.tasks import task_results_naming
from tests.conftest import inside

NOW = datetime.datetime(2026, 3, 10, 4, 15, tzinfo=datetime.UTC)


def task_result(schema_name: str, finished_days_ago: float | None) -> DBTaskResult:
    """A result as the database queue keeps it for a task a borough queued."""
    finished = finished_days_ago is not None
    return DBTaskResult.objects.create(
        status=TaskResultStatus.SUCCESSFUL if finished else TaskResultStatus.READY,
        finished_at=NOW - timedelta(days=finished_days_ago) if finished else None,
        args_kwargs={
            "args": [schema_name, "tenants.tasks.refill_schema_pool", [], {}],
            "kwargs": {},
        },
        task_path="tenants.tasks.run_in_schema",
        backend_name="default",
        run_after=NOW,
    )


@pytest.mark.django_db
def test_the_clean_up_removes_a_retired_boroughs_leftovers_and_old_results(lambeth):
    Borough.objects.bulk_create(  # retired while Redis was out: no schema any more
        [Borough(slug="oldtown", schema_name="oldtown", name="Oldtown", status="archived")]
    )
    with inside(lambeth):
        caches["default"].set("kept", "lambeth's", timeout=None)
    with schema_context("oldtown"):
        caches["default"].set("left-behind", "oldtown's", timeout=None)
    retired = task_result("oldtown", finished_days_ago=1)
    old = task_result("lambeth", finished_days_ago=15)
    recent = task_result("lambeth", finished_days_ago=13)
    waiting = task_result("lambeth", finished_days_ago=None)

    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("clean_up_retired_boroughs", stdout=out)

    with schema_context("oldtown"):
        assert caches["default"].get("left-behind") is None
    with inside(lambeth):
        assert caches["default"].get("kept") == "lambeth's"
    assert not task_results_naming("oldtown").exists()
    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert retired.pk not in remaining and old.pk not in remaining
    assert {recent.pk, waiting.pk} <= remaining
    assert "Redis did not answer" not in out.getvalue()


@pytest.mark.django_db
def test_a_live_boroughs_task_that_mentions_a_retired_name_is_kept(lambeth):
    """Only the argument naming the schema a task was queued in counts: Lambeth's waiting
    and finished tasks about something called "oldtown" (a page title, a search word) stay,
    while oldtown's own go."""
    Borough.objects.bulk_create(
        [Borough(slug="oldtown", schema_name="oldtown", name="Oldtown", status="archived")]
    )
    retired = task_result("oldtown", finished_days_ago=1)
    mentions = []
    for finished_days_ago in (None, 1):
        result = task_result("lambeth", finished_days_ago=finished_days_ago)
        result.args_kwargs["args"][2:] = [["oldtown", "Oldtown walk"], {"title": "oldtown"}]
        result.save()
        mentions.append(result.pk)

    with time_machine.travel(NOW, tick=False):
        call_command("clean_up_retired_boroughs", stdout=io.StringIO())

    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert retired.pk not in remaining
    assert set(mentions) <= remaining
    assert list(task_results_naming("oldtown")) == []
