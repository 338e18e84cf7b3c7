"""django-tenants' PostgreSQL backend, waiting a few seconds for a database that is not
answering yet (PgBouncer or PostgreSQL restarting) instead of failing the request.

A restart of PgBouncer refuses connections for a second or two; every request and task
worker that opened a connection then would fail with a 500 or stop. Only opening a new
connection is retried: a query cut off in flight still fails (it may have run). Its
introspection lists a schema's tables by name (introspection.py).

It also offers ``prepared_cursor()``, for the few queries a page runs on every request.
"""

import logging
import time

from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

from django.conf import settings
from django.db.backends.postgresql.base import ServerBindingCursor

from .introspection import DatabaseIntrospection

logger = logging.getLogger(__name__)


class DatabaseWrapper(TenantDatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.introspection = DatabaseIntrospection(self)

    # The health check sets 0: a load balancer's probe wants the answer now.
    connect_retry_seconds: float | None = None

    # Set by prepared_cursor() while it makes its cursor.
    _binding_on_the_server = False

    def get_new_connection(self, conn_params):
        wait = self.connect_retry_seconds
        if wait is None:
            wait = settings.DATABASE_CONNECT_RETRY_SECONDS
        deadline = time.monotonic() + wait
        while True:
            try:
                connection = super().get_new_connection(conn_params)
                # Only prepared_cursor()'s cursors prepare: Django's own bind their
                # parameters into the SQL, which psycopg never prepares.
                after = settings.DATABASE_PREPARE_AFTER
                connection.prepare_threshold = after if after > 0 else None
                return connection
            except self.Database.OperationalError as error:
                if time.monotonic() >= deadline:
                    raise
                logger.warning("The database is not answering (%s); trying again", error)
                time.sleep(0.25)

    def prepared_cursor(self):
        """A cursor that sends its parameters apart from the SQL, so that psycopg
        prepares a query it has run ``DATABASE_PREPARE_AFTER`` times on this connection
        and PostgreSQL plans it once, not on every request: the search page's re-checked
        reads spent more of PostgreSQL's CPU being planned than run (about 0.5 ms planned,
        0.24 ms run, for the page's activities). A plan follows the borough: PostgreSQL
        plans a prepared query again when search_path changes. PgBouncer must be in session
        mode, as for django-tenants anyway.

        Only for queries that are known to work so (tests/search); Django and Wagtail
        write theirs for parameters bound into the SQL (some repeat a parameter in the
        ``ORDER BY`` of a ``SELECT DISTINCT``, which PostgreSQL refuses when it is sent
        apart)."""
        # The borough's search_path is set, when it must change, on a throwaway ordinary
        # cursor (django-tenants' own way for a named cursor): one prepared statement
        # per borough would crowd out the queries worth keeping.
        self.ensure_connection()
        with self.wrap_database_errors:  # a lost connection fails as Django's own would
            self._handle_search_path()
        self._binding_on_the_server = True
        try:
            return self.cursor()
        finally:
            self._binding_on_the_server = False

    def create_cursor(self, name=None):
        if not self._binding_on_the_server or name:
            return super().create_cursor(name)
        factory = self.connection.cursor_factory
        self.connection.cursor_factory = ServerBindingCursor
        try:
            return super().create_cursor(name)
        finally:
            self.connection.cursor_factory = factory
