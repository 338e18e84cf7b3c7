"""PgBouncer in the mode the topology runs it (infrastructure/production/pgbouncer.ini).

django-tenants picks a borough with one `SET search_path` per request, outside any
transaction, and every query of that request relies on it. Session pooling keeps a
client on its own server connection, so that holds; transaction pooling hands the next
statement to whichever server connection is free, possibly one another borough's request
set up. Both tests run the real PgBouncer with our configuration file; the second one
switches only the mode, and shows the leak the first one guards against.
"""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from string import Template

import psycopg
import pytest

from django.conf import settings
from django.db import connection

from tests.conftest import free_port

CONFIG = Path(settings.BASE_DIR) / "infrastructure" / "production" / "pgbouncer.ini"


def start_pgbouncer(
    directory: Path, *, pool_mode: str | None = None
) -> tuple[subprocess.Popen, int]:
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    assert Path(binary).exists(), "pgbouncer is needed (infrastructure/services.sh installs it)"
    db = connection.settings_dict
    port = free_port()
    text = Template(CONFIG.read_text()).safe_substitute(
        PROD_DB=db["NAME"],
        PG_HOST=db["HOST"] or "127.0.0.1",
        PG_PORT=db["PORT"] or 5432,
        PGBOUNCER_PORT=port,
        RUN_DIR=directory,
        PG_USER=db["USER"],
    )
    if pool_mode:
        text = text.replace("pool_mode = session", f"pool_mode = {pool_mode}")
    (directory / "pgbouncer").mkdir(parents=True)
    (directory / "pgbouncer" / "userlist.txt").write_text(f'"{db["USER"]}" "{db["PASSWORD"]}"\n')
    ini = directory / "pgbouncer.ini"
    ini.write_text(text)
    # PgBouncer refuses to run as root: the Debian package's postgres user runs it.
    subprocess.run(["chown", "-R", "postgres", str(directory.parent)], check=True)  # noqa: S603, S607
    process = subprocess.Popen(  # noqa: S603 - our own arguments
        ["runuser", "-u", "postgres", "--", binary, str(ini)],  # noqa: S607
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            psycopg.connect(dsn(port), connect_timeout=1).close()
            return process, port
        except psycopg.OperationalError:
            time.sleep(0.1)
    process.terminate()
    raise AssertionError("PgBouncer did not start")


def dsn(port: int) -> str:
    db = connection.settings_dict
    return (
        f"host=127.0.0.1 port={port} dbname={db['NAME']} "
        f"user={db['USER']} password={db['PASSWORD']}"
    )


def site_host_seen_by_first_of_two_boroughs(port: int) -> str:
    """Two requests' connections pick Lambeth and Southwark, as django-tenants does (one
    SET outside a transaction, autocommit); then Lambeth's request reads its Site."""
    with (
        psycopg.connect(dsn(port), autocommit=True) as lambeth_request,
        psycopg.connect(dsn(port), autocommit=True) as southwark_request,
    ):
        lambeth_request.execute("SET search_path = lambeth, public")
        southwark_request.execute("SET search_path = southwark, public")
        return lambeth_request.execute("SELECT hostname FROM wagtailcore_site").fetchone()[0]


@pytest.fixture
def pgbouncer(lambeth, southwark):
    started = []
    # Not pytest's tmp_path: its parents are private to root, and PgBouncer runs as postgres.
    directory = Path(tempfile.mkdtemp(prefix="connectdo-pgbouncer-"))

    def start(**kwargs):
        process, port = start_pgbouncer(directory / f"run{len(started)}", **kwargs)
        started.append(process)
        return port

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)
    shutil.rmtree(directory, ignore_errors=True)


def test_the_topologys_pgbouncer_keeps_each_requests_borough(pgbouncer):
    port = pgbouncer()
    assert site_host_seen_by_first_of_two_boroughs(port) == "lambeth.localhost"


def test_transaction_pooling_would_serve_one_borough_anothers_rows(pgbouncer):
    # Why the file says session: the same check, in transaction mode, reads Southwark.
    port = pgbouncer(pool_mode="transaction")
    assert site_host_seen_by_first_of_two_boroughs(port) == "southwark.localhost"
