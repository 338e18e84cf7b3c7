"""Every scheduled job in infrastructure/scheduling.md ships with a systemd timer that
systemd accepts, for a command that exists, at the time the table gives: an operator
installs the units in infrastructure/systemd/ and gets every job."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
UNITS = ROOT / "infrastructure" / "systemd"
JOB_SERVICE = UNITS / "connectdo-job@.service"


def scheduled_rows() -> dict[str, str]:
    """{command: its row} of the scheduling table, but the always-running worker's
    (connectdo-worker@.service)."""
    table = (ROOT / "infrastructure" / "scheduling.md").read_text()
    rows = dict(re.findall(r"^\| `python manage\.py (\w+)`(.*)$", table, re.MULTILINE))
    rows.pop("db_worker")
    return rows


def scheduled_commands() -> set[str]:
    return set(scheduled_rows())


def on_this_machine(service: str) -> str:
    """The job service with this interpreter for the release's: verify checks that the
    command exists."""
    return service.replace("/srv/connectdo/current/.venv/bin/python", sys.executable)


def verify(*paths) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - systemd's own checker, on our unit files
        ["systemd-analyze", "verify", *map(str, paths)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )


def timers() -> dict[str, Path]:
    return {path.stem.split("@", 1)[1]: path for path in UNITS.glob("connectdo-job@*.timer")}


def test_each_scheduled_job_has_a_timer_and_each_timer_a_scheduled_job():
    commands = scheduled_commands()
    assert {"check_listing_freshness", "escalate_safeguarding_cases"} <= commands
    assert set(timers()) == commands


def test_each_timer_runs_a_command_that_exists():
    known = get_commands()
    assert [command for command in timers() if command not in known] == []
    assert "ExecStart=/srv/connectdo/current/.venv/bin/python manage.py %i" in (
        JOB_SERVICE.read_text().splitlines()
    )


def test_each_timer_runs_at_the_time_the_table_gives():
    """Times of day in the borough's time zone, whatever the host's; on working days
    where the table says so."""
    rows = scheduled_rows()
    for command, path in timers().items():
        unit = path.read_text()
        calendar = re.search(r"^OnCalendar=(.*)$", unit, re.MULTILINE).group(1)
        assert not re.search(r"^Unit=", unit, re.MULTILINE), command  # starts its own job
        at = re.fullmatch(r"(Mon\.\.Fri )?\*-\*-\* (\d\d:\d\d):00 (.+)", calendar)
        if at:
            assert at.group(2) in rows[command], (command, calendar)
            assert at.group(3) == settings.TIME_ZONE, (command, calendar)
            assert bool(at.group(1)) == ("working day" in rows[command]), (command, calendar)
        else:
            assert calendar == "*:0/15", command
            assert "Every 15 minutes" in rows[command]


def test_systemd_accepts_every_timer_and_the_job_service(tmp_path):
    """``systemd-analyze verify`` (Debian's systemd package) on the timers and the job
    service beside them: a calendar it cannot parse fails it, and a setting it does
    not know is written to stderr."""
    assert shutil.which("systemd-analyze"), "systemd-analyze is needed for this check"
    for path in timers().values():
        shutil.copy(path, tmp_path)
    service = tmp_path / JOB_SERVICE.name
    service.write_text(on_this_machine(JOB_SERVICE.read_text()))
    checked = verify(*sorted(tmp_path.glob("*.timer")), service)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == ""


def test_the_check_fails_a_bad_calendar_or_a_misspelt_setting(tmp_path):
    """The check above can fail: the same verify on copies with one mistake each."""
    shutil.copy(JOB_SERVICE, tmp_path)
    source = timers()["count_visitors"].read_text()
    timer = tmp_path / "connectdo-job@count_visitors.timer"
    timer.write_text(re.sub(r"OnCalendar=.*", "OnCalendar=every night", source))
    checked = verify(timer)
    assert checked.returncode != 0
    assert "calendar" in checked.stderr
    timer.write_text(source.replace("Persistent=", "Persistant="))
    assert "Unknown key" in verify(timer).stderr
    service = tmp_path / JOB_SERVICE.name
    service.write_text(on_this_machine(JOB_SERVICE.read_text()).replace("PrivateTmp", "PrivatTmp"))
    assert "Unknown key 'PrivatTmp'" in verify(service).stderr
