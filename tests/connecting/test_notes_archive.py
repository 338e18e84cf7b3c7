"""A borough's retire archive holds coaching notes only as ciphertext; restoring it on a
server with the key reads them again."""

import subprocess
import tarfile

import pytest

from sites.connecting.factories import ContactFactory, ParticipantFactory
from sites.connecting.models import Contact, Participant
from tenants import routing
from tenants.models import Borough
from tenants.pg_client import pg_client_env_and_args
from tenants.services import LaunchRequest, launch_borough, restore_borough, retire_borough
from tests.conftest import drop_borough, inside

NOTE = "Bartholomew-secret: lost her sister in the spring"


@pytest.fixture
def kingston(committed_db):
    routing.forget_hosts_in_this_process()
    borough = launch_borough(
        LaunchRequest(
            slug="kingston",
            name="Kingston",
            domain="kingston.localhost",
            admin_email="lead@kingston.example.org",
        )
    ).borough
    with inside(borough):
        participant = ParticipantFactory(notes=NOTE)
        ContactFactory(participant=participant, notes=NOTE)
    yield borough
    drop_borough("kingston")


def dump_as_sql(archive, tmp_path) -> str:
    with tarfile.open(archive) as contents:
        contents.extract("schema.dump", tmp_path, filter="data")
    env, _ = pg_client_env_and_args()
    return subprocess.run(  # noqa: S603
        ["pg_restore", "--file", "-", str(tmp_path / "schema.dump")],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_archive_alone_does_not_reveal_notes_and_restore_reads_them(kingston, tmp_path):
    archive = tmp_path / "kingston.tar.gz"
    retire_borough("kingston", archive)

    sql = dump_as_sql(archive, tmp_path)
    assert "connecting_participant" in sql and "gAAAAA" in sql
    assert "Bartholomew" not in sql

    restored = restore_borough(archive).borough
    assert restored.status == Borough.Status.LIVE
    with inside(restored):
        assert Participant.objects.get().notes == NOTE
        assert Contact.objects.get().notes == NOTE
