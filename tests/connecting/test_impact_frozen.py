"""Frozen quarters: once a closed quarter is read, every later reading shows the same
figures, whatever is entered or erased since, until a team lead freezes it again."""

import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.test import Client

from sites.connecting.factories import FrozenQuarterFactory, ParticipantFactory, ReferralFactory
from sites.connecting.impact.frozen import RefreezeRefused, refreeze
from sites.connecting.impact.models import FrozenQuarter, QuarterRefrozen
from sites.connecting.impact.period import Quarter
from sites.connecting.models import Participant, Referral
from sites.connecting.retention import anonymise_participant, erase_person
from sites.core.roles import BOROUGH_ADMINS, COMMISSIONERS, CONNECTING_TEAM_LEADS
from tests.conftest import inside
from tests.connecting.test_admin import signed_in

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
REPORT = "/admin/impact-report/"
REFREEZE = REPORT + "refreeze/"
Q2 = "?quarter=2025-Q2"
READ_FIRST = datetime.datetime(2025, 7, 17, 10, tzinfo=LONDON)  # Q2 2025 is reported from the 15th
READ_LATER = datetime.datetime(2025, 7, 24, 16, tzinfo=LONDON)  # a week on: signed in still
IN_Q2 = datetime.datetime(2025, 5, 12, 11, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(READ_FIRST, tick=False) as traveller:
        yield traveller


def referrals(borough, how_many: int, kind=Referral.Kind.SELF, at=IN_Q2) -> list[Referral]:
    with inside(borough):
        made = ReferralFactory.create_batch(how_many, kind=kind)
        Referral.objects.filter(pk__in=[r.pk for r in made]).update(created_at=at)
    return made


def people_rows(client, query: str = Q2) -> dict:
    response = client.get(REPORT + "report.csv" + query)
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    return {measure: value for section, measure, _c, value in lines if section == "People"}


def frozen_lines(client, query: str = Q2) -> list[str]:
    response = client.get(REPORT + "report.csv" + query)
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    return [
        value for section, measure, _c, value in lines if (section, measure) == ("Report", "Frozen")
    ]


def test_a_late_entry_after_the_first_reading_does_not_change_the_figures(lambeth, clock):
    referrals(lambeth, 7)  # 7: shown as 5
    client = signed_in(lambeth, COMMISSIONERS)
    first = people_rows(client)
    assert first["Referred in all"] == "5"
    clock.move_to(READ_LATER)
    referrals(lambeth, 3)  # entered late: 10 now, which would show as 10
    assert people_rows(client) == first, "the same figures as the first reading"
    html = client.get(REPORT + Q2).content.decode()
    assert "frozen on 17 July 2025, the first time" in html
    assert frozen_lines(client) == [
        "These figures were frozen on 17 July 2025, the first time this quarter's report was "
        "read. Records entered, changed or deleted since do not change them."
    ]
    with inside(lambeth):
        frozen = FrozenQuarter.objects.get()
    assert (frozen.year, frozen.quarter, frozen.times_frozen) == (2025, 2, 1)


def test_erasing_or_anonymising_a_person_after_freezing_changes_nothing(lambeth, clock):
    made = referrals(lambeth, 8)  # 8: shown as 10
    with inside(lambeth):
        people = [
            ParticipantFactory(referral=referral, started_on=datetime.date(2025, 5, 20))
            for referral in made
        ]
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    first = people_rows(client)
    assert (first["Referred in all"], first["Supported by a coach"]) == ("10", "10")
    clock.move_to(READ_LATER)
    with inside(lambeth):
        lead = get_user_model().objects.get(username="community@lambeth.example.org")
        erase_person(people[0], by=lead)  # 7 people and referrals left: would show as 5
        anonymise_participant(Participant.objects.get(pk=people[1].pk))
        assert Referral.objects.count() == 7
    assert people_rows(client) == first


def test_the_frozen_figures_hold_only_what_the_report_shows(lambeth, clock):
    """No person in a snapshot: numbers as shown (rounded, small ones hidden) only."""
    referrals(lambeth, 8)
    referrals(lambeth, 3, kind=Referral.Kind.PROFESSIONAL)
    signed_in(lambeth, COMMISSIONERS).get(REPORT + Q2)
    with inside(lambeth):
        figures = FrozenQuarter.objects.get().figures
    assert figures["referred"] == {"self": "not-shown", "professional": "fewer"}
    assert figures["referred_total"] == 10, "11, rounded"

    def leaves(value):
        if isinstance(value, dict):
            for inner in value.values():
                yield from leaves(inner)
        else:
            yield value

    for leaf in leaves(figures):
        assert (
            leaf is None or isinstance(leaf, int | float | bool) or leaf in ("fewer", "not-shown")
        )


def test_a_team_lead_refreezes_with_a_reason_and_it_is_audited_and_shown(lambeth, clock):
    referrals(lambeth, 7)
    lead = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    assert people_rows(lead)["Referred in all"] == "5"
    clock.move_to(READ_LATER)
    referrals(lambeth, 3)
    page = lead.get(REPORT + Q2).content.decode()
    assert f'href="{REFREEZE}?quarter=2025-Q2"' in page
    form = lead.get(REFREEZE + Q2)
    assert (
        form.status_code == 200
        and "Why do the figures need freezing again?" in form.content.decode()
    )
    sent = lead.post(REFREEZE + Q2, {"reason": "  Three referrals typed in late from paper.  "})
    assert sent.status_code == 302 and sent["Location"] == REPORT + Q2
    assert people_rows(lead)["Referred in all"] == "10", "counted afresh"
    assert frozen_lines(lead) == [
        "These figures were first frozen on 17 July 2025 and frozen again on 24 July 2025 "
        "by a Community Connecting team lead, after a correction (2 times in all). They may "
        "differ from a copy of this report read before then."
    ]
    with inside(lambeth):
        audit = QuarterRefrozen.objects.get()
        frozen = FrozenQuarter.objects.get()
    assert (audit.year, audit.quarter, audit.username) == (2025, 2, "community@lambeth.example.org")
    assert audit.reason == "Three referrals typed in late from paper."
    assert audit.at == READ_LATER
    assert frozen.times_frozen == 2 and frozen.first_frozen_at == READ_FIRST
    history = lead.get(REFREEZE + Q2).content.decode()  # the audit, for team leads
    assert "Three referrals typed in late from paper." in history
    assert "24 July 2025, 4pm" in history and "community@lambeth.example.org" in history
    # And it stays frozen again: a later entry changes nothing.
    referrals(lambeth, 5)
    assert people_rows(lead)["Referred in all"] == "10"


@pytest.mark.parametrize("group", [COMMISSIONERS, BOROUGH_ADMINS])
def test_only_team_leads_may_refreeze(lambeth, clock, group):
    referrals(lambeth, 7)
    client = signed_in(lambeth, group)
    first = people_rows(client)
    referrals(lambeth, 3)
    assert "refreeze" not in client.get(REPORT + Q2).content.decode()
    for response in (client.get(REFREEZE + Q2), client.post(REFREEZE + Q2, {"reason": "x"})):
        assert response.status_code in (302, 403)
    assert people_rows(client) == first
    with inside(lambeth):
        assert not QuarterRefrozen.objects.exists()
        email = f"{group.split()[0].lower()}@lambeth.example.org"
        user = get_user_model().objects.get(username=email)
        with pytest.raises(RefreezeRefused, match="Only a Community Connecting team lead"):
            refreeze(Quarter(2025, 2), user, "A reason")
        assert FrozenQuarter.objects.get().times_frozen == 1


@pytest.mark.parametrize(
    "query, reason, message",
    [
        (Q2, "", "Say why the figures need freezing again."),
        (Q2, "   \n ", "Say why the figures need freezing again."),
        (Q2, "x" * 501, "Use 500 characters or fewer."),
        ("?quarter=2025-Q3", "A reason", "The report covers quarters that have ended."),
        ("?quarter=2025-Q9", "A reason", "Choose a quarter from the list, like 2025-Q4."),
        ("?quarter=", "A reason", "Choose a quarter."),
        ("?quarter=%00", "A reason", "This has a hidden character in it"),
    ],
)
def test_a_bad_refreeze_gets_a_clear_message_and_changes_nothing(
    lambeth, clock, query, reason, message
):
    referrals(lambeth, 7)
    lead = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    first = people_rows(lead)
    referrals(lambeth, 3)
    response = lead.post(REFREEZE + query, {"reason": reason})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert people_rows(lead) == first
    with inside(lambeth):
        assert not QuarterRefrozen.objects.exists()
        assert FrozenQuarter.objects.get().times_frozen == 1


@pytest.mark.parametrize(
    "query, message",
    [
        ("?quarter=2025-Q3", "The report covers quarters that have ended."),
        ("?quarter=2025-Q0", "Choose a quarter from the list, like 2025-Q4."),
        ("?quarter=Q2-2025", "Choose a quarter from the list, like 2025-Q4."),
        ("?quarter=2025-Q2%00", "This has a hidden character in it"),
        ("?quarter=1999-Q4", "Choose a quarter from 2000 on."),
    ],
)
def test_a_bad_quarter_gets_a_clear_message_and_freezes_nothing(lambeth, clock, query, message):
    referrals(lambeth, 7)
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    for path in (REPORT, REPORT + "report.csv", REPORT + "print/", REFREEZE):
        response = client.get(path + query)
        assert response.status_code == 400, path
        assert message in response.content.decode(), path
    with inside(lambeth):
        assert not FrozenQuarter.objects.exists()


def console_rows(client, query: str = Q2) -> list[list[str]]:
    response = client.get("/console/impact/report.csv" + query)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_console_total_is_the_sum_of_what_each_borough_shows(lambeth, southwark, clock):
    referrals(lambeth, 8)  # 10
    referrals(lambeth, 14, kind=Referral.Kind.PROFESSIONAL)  # 15; 22 in all: 20
    referrals(southwark, 3)  # fewer than 5: in no total
    referrals(southwark, 7, kind=Referral.Kind.PROFESSIONAL)  # not shown; 10 in all: 10
    staff = get_user_model().objects.create_user("staff-frozen", password="x", is_staff=True)
    console = Client(HTTP_HOST="localhost")
    console.force_login(staff)
    rows = console_rows(console)
    boroughs = {m: v for s, m, c, v in rows if (s, c) == ("Boroughs", "Referred")}
    # Each borough's row is what its own report shows.
    for borough in (lambeth, southwark):
        own = people_rows(signed_in(borough, COMMISSIONERS))
        assert boroughs[borough.name] == own["Referred in all"]
    assert boroughs == {"Lambeth": "20", "Southwark": "10", "All boroughs": "30"}
    people = {m: v for s, m, c, v in rows if s == "People"}
    # Self-referrals: Lambeth's 10 and Southwark's hidden 3: 10, never 13 (rounded: 15),
    # which set against Lambeth's report would give Southwark's away.
    assert people["Self-referral"] == "10"
    # Southwark's 7 professional referrals are "not shown" there (beside its hidden 3).
    assert people["Professional referral"] == "15"
    assert people["Referred in all"] == "30"
    # Read later, after late entries, the console shows the same frozen figures.
    clock.move_to(READ_LATER)
    referrals(southwark, 2)
    assert console_rows(console) == rows


def test_a_quarter_frozen_before_is_shown_as_kept_not_counted(lambeth, clock):
    referrals(lambeth, 12)
    with inside(lambeth):
        FrozenQuarterFactory(year=2025, quarter=2)  # frozen when nothing was entered
    rows = people_rows(signed_in(lambeth, COMMISSIONERS))
    assert rows["Referred in all"] == "fewer than 5", "the 12 came after: not in it"


@pytest.mark.django_db
def test_two_first_readings_at_once_make_one_snapshot_and_both_show_it(lambeth, monkeypatch):
    """Another reading freezes the quarter between this reading's look and its write:
    the unique quarter refuses the second snapshot, and this reading shows the first's."""
    import threading

    from django.db import connections

    from sites.connecting.impact import frozen

    quarter, now = Quarter(2019, 3), READ_FIRST  # a quarter no other test reads
    theirs = {}

    def another_reading():  # its own connection: committed before this reading writes
        try:
            with inside(lambeth):
                theirs["row"] = FrozenQuarterFactory(
                    year=quarter.year, quarter=quarter.number, first_frozen_at=now
                )
        finally:
            connections.close_all()

    counted = frozen._counted

    def counted_while_another_freezes(*args, **kwargs):
        figures = counted(*args, **kwargs)
        worker = threading.Thread(target=another_reading)
        worker.start()
        worker.join()
        return figures

    monkeypatch.setattr(frozen, "_counted", counted_while_another_freezes)
    try:
        with inside(lambeth):
            shown = frozen.frozen_quarter(quarter, now=now)
            assert shown.pk == theirs["row"].pk
            assert FrozenQuarter.objects.filter(year=2019, quarter=3).count() == 1
    finally:

        def clean_up():
            try:
                with inside(lambeth):
                    FrozenQuarter.objects.filter(year=2019, quarter=3).delete()
            finally:
                connections.close_all()

        cleaner = threading.Thread(target=clean_up)
        cleaner.start()
        cleaner.join()
