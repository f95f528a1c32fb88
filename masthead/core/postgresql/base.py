"""Django's PostgreSQL backend, with what is safe to retry retried across a restart.

A PostgreSQL restart (an upgrade, a failover, an operator's `systemctl restart`) closes every
open connection ("terminating connection due to administrator command") and refuses new ones
for a few seconds. With persistent connections (`CONN_MAX_AGE`) that was a burst of 500s.
`CONN_HEALTH_CHECKS` (settings) drops a dead connection before a request uses it (checked
here without a round trip, `DatabaseWrapper.is_usable`); this backend adds the two retries
that are always safe:

- opening a connection is retried for up to `CONNECT_RETRY_SECONDS` (no statement has run yet),
  so requests that arrive while the server restarts wait for it instead of failing;
- a SELECT that fails because the connection died under it is run again once on a new
  connection, when it ran in autocommit outside any transaction (a GET's reads): nothing was
  written, so nothing can be done twice. Writes, and anything inside `atomic()`, are never
  retried: whether a COMMIT reached the server before the connection died cannot be known.

Use: `ENGINE = "masthead.core.postgresql"` (config/settings/base.py does for `DATABASE_URL`).
"""

from __future__ import annotations

import logging
import select
import time
from typing import Any

from django.db import InterfaceError, OperationalError
from django.db.backends.postgresql import base as postgresql
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

logger = logging.getLogger(__name__)

CONNECT_RETRY_SECONDS = 10.0
CONNECT_RETRY_PAUSE = 0.25


class RetryingCursorMixin:
    db: DatabaseWrapper
    cursor: Any

    def execute(self, sql: Any, params: Any = None) -> Any:
        try:
            return super().execute(sql, params)  # type: ignore[misc]
        except (OperationalError, InterfaceError) as error:
            if not self._may_run_again(sql):
                raise
            logger.warning("Database connection lost (%s); running the read again", error)
        self.db.close()
        self.db.ensure_connection()
        self.cursor = self.db.create_cursor()
        return super().execute(sql, params)  # type: ignore[misc]

    def _may_run_again(self, sql: Any) -> bool:
        connection = self.db.connection
        connection_is_dead = connection is None or connection.closed or connection.broken
        return (
            connection_is_dead
            and isinstance(sql, str)
            and sql.lstrip()[:6].upper() == "SELECT"
            and not self.db.in_atomic_block
            and self.db.autocommit
            and getattr(self.cursor, "name", None) is None  # not a server-side cursor
        )


class RetryingCursorWrapper(RetryingCursorMixin, CursorWrapper):
    pass


class RetryingCursorDebugWrapper(RetryingCursorMixin, postgresql.CursorDebugWrapper):
    pass


class DatabaseWrapper(postgresql.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        deadline = time.monotonic() + CONNECT_RETRY_SECONDS
        while True:
            try:
                return super().get_new_connection(conn_params)
            except self.Database.OperationalError as error:
                if time.monotonic() >= deadline:
                    raise
                logger.warning("Cannot connect to the database (%s); trying again", error)
                time.sleep(CONNECT_RETRY_PAUSE)

    def is_usable(self) -> bool:
        """Whether the connection is alive, asking the server only when its socket says so.

        Django's check runs `SELECT 1` before the first query of every request on a reused
        connection (`CONN_HEALTH_CHECKS`): a round trip that was a tenth of an uncached
        article view under load (py-spy). A server that ends a connection (a restart, an
        administrator's `pg_terminate_backend`, an idle timeout) sends its reason and closes
        the socket, so an idle connection with nothing to read is alive as far as anyone can
        tell without a query; one with something to read (that notice, the end of the
        stream, a notification) gets Django's `SELECT 1`.
        """
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
            if not poller.poll(0):
                return True
        except (OSError, ValueError, self.Database.Error):
            return False
        return bool(super().is_usable())

    def make_cursor(self, cursor: Any) -> CursorWrapper:
        return RetryingCursorWrapper(cursor, self)

    def make_debug_cursor(self, cursor: Any) -> CursorDebugWrapper:
        return RetryingCursorDebugWrapper(cursor, self)
