"""Site visitors, counted without a cookie, without keeping who anyone is."""

import datetime
import uuid
import zoneinfo

import pytest
import time_machine

from django.core.cache import caches
from django.core.management import call_command

from sites.connecting.impact import visitors
from sites.connecting.impact.models import DailyVisitors
from sites.connecting.impact.visitors import close_days, live_count, salt_key, set_key
from tests.conftest import PrivateRedis, client_for, inside, redis_cache_at

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
DAY = datetime.date(2026, 3, 10)
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"


@pytest.fixture(autouse=True)
def own_keys(monkeypatch):
    """Redis keys outlive a test's rolled-back transaction: each test counts its own."""
    monkeypatch.setattr(visitors, "KEY_PREFIX", f"visitors-{uuid.uuid4().hex}")
    monkeypatch.setattr(visitors, "_salts", {})


@pytest.fixture
def on_the_day():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 14, 0, tzinfo=LONDON), tick=False):
        yield


def visit(borough, path="/", agent=FIREFOX, address="203.0.113.7", **headers):
    response = client_for(borough).get(path, HTTP_USER_AGENT=agent, REMOTE_ADDR=address, **headers)
    return response


def counted(borough, day=DAY) -> int:
    with inside(borough):
        return live_count(day)


def redis_keys_of_the_day(borough, day=DAY) -> dict:
    store = caches["default"]
    with inside(borough):
        return store.run(
            lambda client, make_key: {
                "set": sorted(client.smembers(make_key(set_key(day)))),
                "salt": client.get(make_key(salt_key(day))),
            }
        )


def test_a_page_view_is_counted_without_any_cookie(lambeth, on_the_day):
    response = visit(lambeth)
    assert response.status_code == 200
    assert "Set-Cookie" not in response, "no cookie of any kind"
    assert not response.cookies
    assert counted(lambeth) == 1


def test_distinct_visitors_are_counted_once_each(lambeth, on_the_day):
    visit(lambeth)
    visit(lambeth, "/about/")  # the same person, another page
    visit(lambeth, agent=SAFARI)  # another browser at the same address
    visit(lambeth, address="198.51.100.20")  # another address
    visit(lambeth, address="198.51.100.20")
    assert counted(lambeth) == 3


def test_do_not_track_and_global_privacy_control_are_respected(lambeth, on_the_day):
    assert visit(lambeth, HTTP_DNT="1").status_code == 200
    assert visit(lambeth, address="198.51.100.1", HTTP_SEC_GPC="1").status_code == 200
    assert counted(lambeth) == 0
    visit(lambeth, address="198.51.100.2", HTTP_DNT="0")
    assert counted(lambeth) == 1


@pytest.mark.parametrize(
    "path, agent, headers",
    [
        ("/admin/login/", FIREFOX, {}),  # not a public page
        ("/no-such-page/", FIREFOX, {}),  # 404
        ("/robots.txt", FIREFOX, {}),  # not a page
        ("/", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {}),
        ("/", "", {}),  # no user agent: a tool
        ("/", FIREFOX, {"HTTP_SEC_PURPOSE": "prefetch"}),
    ],
)
def test_what_is_not_a_persons_view_of_a_public_page_is_not_counted(
    lambeth, on_the_day, path, agent, headers
):
    visit(lambeth, path, agent=agent, **headers)
    assert counted(lambeth) == 0


def test_each_borough_counts_only_its_own_visitors(lambeth, southwark, on_the_day):
    visit(lambeth)
    visit(lambeth, address="198.51.100.3")
    visit(southwark)
    assert counted(lambeth) == 2
    assert counted(southwark) == 1


def test_nothing_identifying_is_kept_and_only_the_number_outlives_the_day(lambeth, on_the_day):
    address, agent = "203.0.113.99", FIREFOX
    visit(lambeth, address=address, agent=agent)
    visit(lambeth, address="198.51.100.4", agent=SAFARI)
    kept = redis_keys_of_the_day(lambeth)
    assert len(kept["set"]) == 2 and kept["salt"]
    for token in kept["set"]:
        text = token.decode()
        assert address not in text and "Firefox" not in text and "lambeth" not in text
        assert len(text) == 32 and int(text, 16) >= 0, "an opaque hash"

    with time_machine.travel(datetime.datetime(2026, 3, 11, 0, 30, tzinfo=LONDON), tick=False):
        call_command("count_visitors", borough="lambeth")
    with inside(lambeth):
        rows = list(DailyVisitors.objects.values())
    assert rows == [{"id": rows[0]["id"], "day": DAY, "visitors": 2}], "a day and a number"
    assert redis_keys_of_the_day(lambeth) == {"set": [], "salt": None}, "hashes and salt gone"


def test_today_is_not_closed_before_it_ends(lambeth, on_the_day):
    visit(lambeth)
    with inside(lambeth):
        assert close_days().days == []
        assert not DailyVisitors.objects.exists()
    assert counted(lambeth) == 1


def test_the_salt_changes_every_day_so_days_cannot_be_linked(lambeth):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 23, 0, tzinfo=LONDON), tick=False):
        visit(lambeth)
    with time_machine.travel(datetime.datetime(2026, 3, 11, 9, 0, tzinfo=LONDON), tick=False):
        visit(lambeth)
    first = redis_keys_of_the_day(lambeth)
    second = redis_keys_of_the_day(lambeth, DAY + datetime.timedelta(days=1))
    assert first["salt"] != second["salt"]
    assert set(first["set"]).isdisjoint(second["set"]), "the same person, unlinkable"


def test_with_redis_gone_pages_are_served_and_the_visit_is_not_counted(
    lambeth, tmp_path, settings, on_the_day
):
    private = PrivateRedis(tmp_path)
    private.stop()
    settings.CACHES = {
        alias: redis_cache_at(private.url, alias) for alias in ("default", "renditions")
    }
    response = visit(lambeth)
    assert response.status_code == 200
    assert "Set-Cookie" not in response
