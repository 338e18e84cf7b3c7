"""django-tenants' PostgreSQL backend, waiting a few seconds for a database that is not
answering yet (PgBouncer or PostgreSQL restarting) instead of failing the request.

A restart of PgBouncer refuses connections for a second or two; every request and task
worker that opened a connection then would fail with a 500 or stop. Only opening a new
connection is retried: a query cut off in flight still fails (it may have run). Its
introspection lists a schema's tables by name (introspection.py).
"""

import logging
import time

from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

from django.conf import settings

from .introspection import DatabaseIntrospection

logger = logging.getLogger(__name__)


class DatabaseWrapper(TenantDatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.introspection = DatabaseIntrospection(self)

    # The health check sets 0: a load balancer's probe wants the answer now.
    connect_retry_seconds: float | None = None

    def get_new_connection(self, conn_params):
        wait = self.connect_retry_seconds
        if wait is None:
            wait = settings.DATABASE_CONNECT_RETRY_SECONDS
        deadline = time.monotonic() + wait
        while True:
            try:
                return super().get_new_connection(conn_params)
            except self.Database.OperationalError as error:
                if time.monotonic() >= deadline:
                    raise
                logger.warning("The database is not answering (%s); trying again", error)
                time.sleep(0.25)
