"""A browser that has signed in to an account before has an allowance of its own
(sites/core/doors.py, sites/core/known_browsers.py): its failures count per account and
browser, from any address, and what others did from its address does not hold it back.
Nobody can lock the owner out, not a stranger on the owner's own network; and the owner's
browser is limited too, so someone at a shared computer cannot guess for ever."""

import pytest

from django.conf import settings

from sites.core import doors
from sites.core.roles import EDITORS
from tests.community.conftest import PASSWORD, make_staff

from .test_doors import fail, from_address, later, sign_in

DOORS = ["/account/sign-in/", "/admin/login/"]
HOME = "198.51.100.7"  # the owner's household: one IPv4 address...
HOME_64 = ("2001:db8:1:2::7", "2001:db8:1:2::66")  # ...or one IPv6 /64 (owner, stranger)
SOMEWHERE_ELSE = "192.0.2.50"


def staff(borough, name):
    return make_staff(borough, f"{name}@{borough.slug}.example.org", EDITORS)


def owners_browser(borough, account, path, address=HOME):
    """The owner's own browser: it signed in to the account once through ``path``, and
    its session has ended since (the known-browser cookie stays)."""
    browser = from_address(borough, address)
    assert try_password(browser, account, PASSWORD, path).status_code == 302
    del browser.cookies[settings.SESSION_COOKIE_NAME]
    return browser


def try_password(browser, account, password, path):
    return browser.post(path, {"username": account.email, "password": password})


def signed_in(browser, path) -> bool:
    where = "/admin/" if path.startswith("/admin/") else "/account/"
    return browser.get(where).status_code == 200


@pytest.mark.parametrize("path", DOORS)
@pytest.mark.parametrize(("home", "stranger"), [(HOME, HOME), HOME_64])
def test_a_stranger_on_the_owners_network_cannot_keep_the_owner_waiting(
    lambeth, path, home, stranger
):
    account = staff(lambeth, "network")
    browser = owners_browser(lambeth, account, path, home)
    with later(0):
        statuses = fail(lambeth, stranger, account.email, doors.FREE_FAILURES + 6, path)
        assert statuses[doors.FREE_FAILURES - 1 :] == [429] * 7
        # The stranger, and any browser new to the account there, waits...
        assert sign_in(lambeth, stranger, account.email, PASSWORD, path).status_code == 429
        assert sign_in(lambeth, home, account.email, PASSWORD, path).status_code == 429
        # ...the owner's own browser, on the same network, does not.
        assert try_password(browser, account, PASSWORD, path).status_code == 302
        assert signed_in(browser, path)


@pytest.mark.parametrize("path", DOORS)
def test_one_address_trying_many_accounts_does_not_stop_a_known_browser(lambeth, path, monkeypatch):
    monkeypatch.setattr(doors, "FREE_FAILURES_PER_ADDRESS", 3)
    account = staff(lambeth, "many")
    browser = owners_browser(lambeth, account, path)
    with later(0):
        for n in range(3):
            fail(lambeth, HOME, f"nobody{n}@example.org", 1, path)
        assert sign_in(lambeth, HOME, account.email, PASSWORD, path).status_code == 429
        assert try_password(browser, account, PASSWORD, path).status_code == 302


@pytest.mark.parametrize("path", DOORS)
def test_a_known_browser_waits_for_its_own_failures_wherever_it_is(lambeth, path):
    """Someone at a shared computer with the owner's browser guesses no faster than from
    anywhere else: the same free failures and growing wait, counted for that browser."""
    account = staff(lambeth, "shared")
    browser = owners_browser(lambeth, account, path)
    with later(0):
        statuses = [
            try_password(browser, account, f"guess-{n}", path).status_code
            for n in range(doors.FREE_FAILURES)
        ]
        assert statuses == [200] * (doors.FREE_FAILURES - 1) + [429]
        refused = try_password(browser, account, PASSWORD, path)
        assert refused.status_code == 429
        assert "Please wait 1 minute" in refused.content.decode()
        # Moving to another address does not start it afresh...
        browser.defaults["REMOTE_ADDR"] = SOMEWHERE_ELSE
        assert try_password(browser, account, PASSWORD, path).status_code == 429
        assert not signed_in(browser, path)
        # ...and its failures are not the address's: a new browser at home is not held back.
        assert sign_in(lambeth, HOME, account.email, PASSWORD, path).status_code == 302
    with later(1.1):
        again = try_password(browser, account, "guess-again", path)
        assert again.status_code == 429
        assert "Please wait 2 minutes" in again.content.decode()
    with later(1.1 + 2.1):
        assert try_password(browser, account, PASSWORD, path).status_code == 302


def test_a_known_browsers_success_forgets_only_its_own_failures(lambeth):
    path = DOORS[0]
    account = staff(lambeth, "forget")
    browser = owners_browser(lambeth, account, path)
    with later(0):
        fail(lambeth, HOME, account.email, doors.FREE_FAILURES - 1, path)  # a stranger at home
        for n in range(doors.FREE_FAILURES - 1):
            try_password(browser, account, f"typo-{n}", path)
        assert try_password(browser, account, PASSWORD, path).status_code == 302
        del browser.cookies[settings.SESSION_COOKIE_NAME]
        # The owner's own mistakes are forgotten...
        for n in range(doors.FREE_FAILURES - 1):
            assert try_password(browser, account, f"typo-{n}", path).status_code == 200
        # ...the stranger's are not: their next failure starts the wait.
        assert fail(lambeth, HOME, account.email, 1, path) == [429]


def test_only_a_cookie_for_that_account_gives_the_allowance(lambeth):
    path = DOORS[0]
    account, other = staff(lambeth, "mine"), staff(lambeth, "theirs")
    browser = owners_browser(lambeth, other, path)  # knows another account only
    with later(0):
        fail(lambeth, HOME, account.email, doors.FREE_FAILURES, path)
        assert try_password(browser, account, PASSWORD, path).status_code == 429
        # A made-up cookie is no cookie at all.
        stranger = from_address(lambeth, HOME)
        stranger.cookies["known_browser"] = browser.cookies["known_browser"].value + "x"
        assert try_password(stranger, account, PASSWORD, path).status_code == 429


def test_a_known_browser_sending_a_name_with_a_nul_is_told_what_is_wrong(lambeth):
    """PostgreSQL takes no NUL character: hostile input from a browser with the cookie
    (which looks the account up) is a form error, never a server error."""
    account = staff(lambeth, "nul")
    browser = owners_browser(lambeth, account, DOORS[0])
    response = browser.post(DOORS[0], {"username": "a\x00@example.org", "password": "x"})
    assert response.status_code == 200
    assert "Error:" in response.content.decode()
