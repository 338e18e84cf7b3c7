"""Search demand: what people searched for, what found nothing or little, kept per
borough for the months it chooses, and reported to its Editors only."""

import datetime
import re

import pytest
import time_machine

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.demand import record_search, unmet_needs, words_to_record
from search.models import SearchDemand, SearchSettings
from search.outcome import SearchOutcome, SearchRequest
from sites.core.roles import EDITORS, MODERATORS
from tests.community.conftest import make_member, make_staff, signed_in
from tests.conftest import client_for, inside
from tests.search.conftest import make_canary_word

REPORT = "/admin/reports/unmet-search-needs/"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Yoga", "yoga"),
        ("  Chair   YOGA!  ", "chair yoga"),
        ("knit-and-natter", "knit-and-natter"),
        ("yoga near SW9", "yoga near sw9"),  # a district says where, not who
        ("", None),
        ("sam.jones@example.org", None),
        ("call 07700 900123", None),
        ("yoga SW9 8LF", None),  # a full postcode may be someone's home
        ("sw98lf", None),
        ("www.example.com", None),
        ("one two three four five six seven eight nine", None),
        ("x" * 101, None),
    ],
)
def test_only_plain_words_are_recorded(typed, kept):
    assert words_to_record(typed) == kept


def asked(query: str, total: int, **fields) -> tuple[SearchRequest, SearchOutcome]:
    request = SearchRequest(query=query, **fields)
    return request, SearchOutcome(query=query, searched=True, total=total)


@pytest.mark.django_db
def test_searches_are_counted_by_day_without_anything_about_who(lambeth):
    monday = datetime.date(2026, 11, 23)
    with inside(lambeth):
        record_search(*asked("Tai chi", 0), today=monday)
        record_search(*asked("tai  chi", 0), today=monday)
        record_search(*asked("tai chi", 2), today=monday + datetime.timedelta(days=8))
        record_search(*asked("yoga", 40), today=monday)
        # Not recorded: a later page, chosen filters, "within", no words.
        record_search(*asked("pottery", 0, page=2), today=monday)
        request, outcome = asked("pottery", 0)
        outcome.chosen = {"cost": ["free"]}
        record_search(request, outcome, today=monday)
        record_search(*asked("pottery", 0, within=2), today=monday)
        rows = list(
            SearchDemand.objects.order_by("day", "query").values_list(
                "day", "query", "searches", "found_nothing", "found_little"
            )
        )
        assert [f.name for f in SearchDemand._meta.fields] == [
            "id",
            "day",
            "query",
            "searches",
            "found_nothing",
            "found_little",
        ]
        weeks, needs = unmet_needs(today=monday + datetime.timedelta(days=9), weeks=2)
    assert rows == [
        (monday, "tai chi", 2, 2, 0),
        (monday, "yoga", 1, 0, 0),
        (monday + datetime.timedelta(days=8), "tai chi", 1, 0, 1),
    ]
    assert weeks == [monday, monday + datetime.timedelta(days=7)]
    [need] = needs  # yoga found plenty: not an unmet need
    assert (need.query, need.searches, need.found_nothing, need.found_little) == (
        "tai chi",
        3,
        2,
        1,
    )
    assert need.per_week == [2, 1]


@pytest.mark.django_db
def test_the_report_shows_a_boroughs_own_unmet_needs_to_its_editors_only(lambeth, southwark):
    word, other_word = make_canary_word("need"), make_canary_word("else")
    for _ in range(2):
        assert client_for(lambeth).get("/search/", {"q": f"{word} club"}).status_code == 200
    assert client_for(lambeth).get("/search.json", {"q": "me@example.org"}).status_code == 200
    assert client_for(southwark).get("/search/", {"q": other_word}).status_code == 200

    editor = make_staff(lambeth, "demand-editor@lambeth.example.org", EDITORS)
    page = signed_in(lambeth, editor).get(REPORT)
    assert page.status_code == 200
    text = page.content.decode()
    assert f"{word} club" in text
    assert other_word not in text and "me@example.org" not in text
    assert "Unmet search needs" in signed_in(lambeth, editor).get("/admin/").content.decode()

    moderator = make_staff(lambeth, "demand-moderator@lambeth.example.org", MODERATORS)
    for user in (moderator, make_member(lambeth)):
        client = signed_in(lambeth, user)
        response = client.get(REPORT)
        assert response.status_code in (302, 403) and word not in response.content.decode()
    assert "Unmet search needs" not in signed_in(lambeth, moderator).get("/admin/").content.decode()

    southwark_editor = make_staff(southwark, "demand-editor@southwark.example.org", EDITORS)
    theirs = signed_in(southwark, southwark_editor).get(REPORT).content.decode()
    assert other_word in theirs and word not in theirs


def report_row(page: str, query: str) -> list[int]:
    """The numbers in the report's row for ``query``: searches, found nothing, found
    little, then each week's unmet searches, oldest week first."""
    row = re.search(rf'<th scope="row" class="title">{re.escape(query)}</th>(.*?)</tr>', page, re.S)
    assert row, f"no row for {query!r} in the report"
    return [int(cell) for cell in re.findall(r"<td>(\d+)</td>", row.group(1))]


@pytest.mark.django_db
def test_the_report_shows_unmet_searches_week_by_week(lambeth):
    word = make_canary_word("weekly")
    monday = datetime.date(2026, 11, 23)  # this week, as the clock below says
    with inside(lambeth):
        for day, searches, nothing, little in (
            (monday, 3, 3, 0),
            (monday - datetime.timedelta(days=1), 2, 0, 1),  # Sunday: the week before
            (monday - datetime.timedelta(weeks=7), 1, 1, 0),  # the report's oldest week
            (monday - datetime.timedelta(weeks=8), 5, 5, 0),  # older: not in the report
            (monday + datetime.timedelta(weeks=1), 7, 7, 0),  # ahead (a clock set wrong): nor
        ):
            SearchDemand.objects.create(
                day=day, query=word, searches=searches, found_nothing=nothing, found_little=little
            )
    editor = make_staff(lambeth, "weekly-editor@lambeth.example.org", EDITORS)
    with time_machine.travel(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False):
        page = signed_in(lambeth, editor).get(REPORT).content.decode()
    assert "Week of 5 Oct" in page and "Week of 23 Nov" in page and "Week of 28 Sep" not in page
    # 6 searches in the 8 weeks, 4 found nothing, 1 found little; then week by week.
    assert report_row(page, word) == [6, 4, 1] + [1, 0, 0, 0, 0, 0, 1, 3]


@pytest.mark.django_db
def test_old_searches_are_pruned_after_the_boroughs_months(lambeth, southwark):
    with inside(lambeth):
        settings = SearchSettings.load()
        settings.demand_months = 3
        settings.save()
        for day in ("2026-01-31", "2026-02-01", "2026-05-14"):
            SearchDemand.objects.create(day=day, query="yoga", searches=1)
    with inside(southwark):  # keeps the default 12 months
        SearchDemand.objects.create(day="2026-01-31", query="yoga", searches=1)
    with time_machine.travel(datetime.datetime(2026, 5, 15, 12, tzinfo=datetime.UTC), tick=False):
        call_command("prune_search_demand", "--borough", "lambeth")
        call_command("prune_search_demand", "--borough", "southwark")
    with inside(lambeth):
        kept = sorted(str(day) for day in SearchDemand.objects.values_list("day", flat=True))
        assert kept == ["2026-02-01", "2026-05-14"]
    with inside(southwark):
        assert SearchDemand.objects.count() == 1


@pytest.mark.django_db
def test_a_failing_record_never_breaks_the_search(lambeth):
    with inside(lambeth), connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE borough_search_searchdemand RENAME TO borough_search_searchdemand_gone"
        )
    response = client_for(lambeth).get("/search/", {"q": "gardening"})
    assert response.status_code == 200
    assert "result" in response.content.decode().lower()


@pytest.mark.django_db
def test_outside_a_transaction_a_failing_record_leaves_the_request_connection_usable(caplog):
    """Requests run in autocommit, where the record is one statement and no transaction of
    its own: when it fails (here: no demand table in the public schema) it is logged, and
    the same connection goes on answering, as the rest of the request needs it to."""
    import threading

    from django.db import connections

    seen = {}

    def a_request_of_its_own():  # a thread has its own connection, outside the test's transaction
        try:
            connection.set_schema_to_public()
            seen["in_transaction"] = connection.in_atomic_block
            record_search(*asked("gardening", 0))
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                seen["answers"] = cursor.fetchone()[0]
        finally:
            connections.close_all()

    worker = threading.Thread(target=a_request_of_its_own)
    worker.start()
    worker.join()
    assert seen == {"in_transaction": False, "answers": 1}
    assert "Could not record a search" in caplog.text


@pytest.mark.django_db
def test_a_request_does_not_wait_for_the_disk_and_leaves_its_connection_durable(lambeth):
    """In a request (autocommit) the count is committed without waiting for the disk, and
    only that count: the connection's later writes (someone's post) wait as before."""
    import threading

    from django.db import connections

    word = make_canary_word("demand")
    seen = {}

    def a_request_of_its_own():  # its own connection, outside the test's transaction
        try:
            with inside(lambeth):
                seen["in_transaction"] = connection.in_atomic_block
                with CaptureQueriesContext(connection) as captured:
                    record_search(*asked(word, 0))
                seen["sent"] = [
                    query["sql"].split(";")[0]
                    for query in captured
                    if "searchdemand" in query["sql"]  # not django-tenants' search_path
                ]
                with connection.cursor() as cursor:
                    cursor.execute("SHOW synchronous_commit")
                    seen["afterwards"] = cursor.fetchone()[0]
                rows = SearchDemand.objects.filter(query=word)
                seen["counted"] = list(rows.values_list("searches", "found_nothing"))
                rows.delete()
        finally:
            connections.close_all()

    worker = threading.Thread(target=a_request_of_its_own)
    worker.start()
    worker.join()
    assert seen == {
        "in_transaction": False,
        "sent": ["SET LOCAL synchronous_commit TO OFF"],  # with the count, in one string
        "afterwards": "on",
        "counted": [(1, 1)],
    }
