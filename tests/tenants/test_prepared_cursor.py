"""The prepared cursor (tenants/postgresql_backend) fails as Django's own cursors do when
its connection is lost, so a request's usual handling (a Django ``DatabaseError``, the
connection replaced) applies to it too."""

import pytest

from django.db import OperationalError, connection

from tests.conftest import inside


@pytest.mark.django_db
def test_a_lost_connection_fails_with_djangos_error(lambeth):
    other = connection.copy()
    try:
        other.set_tenant(lambeth)
        other.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [other.connection.info.backend_pid])
        with pytest.raises(OperationalError), other.prepared_cursor() as cursor:
            cursor.execute("SELECT 1")
        assert other.errors_occurred, "marked, so the connection is replaced"
    finally:
        other.close()
    with inside(lambeth), connection.prepared_cursor() as cursor:
        cursor.execute("SELECT count(*) FROM wagtailcore_page")  # this test's own still works
        assert cursor.fetchone()[0] >= 1
