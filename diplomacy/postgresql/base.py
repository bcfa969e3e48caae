"""Django's PostgreSQL backend, with a persistent connection checked without a round trip.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first query of every request that
reuses a connection. That was 10–15% of the cost of one statement through the API (issue 16;
bench/README.md). A server that ended a connection (a restart, an administrator's
pg_terminate_backend, idle_session_timeout) sends its last message and closes the socket, so
the socket has something to read; an idle connection that is alive has nothing to read. Only
then, or when psycopg2 already knows the connection is closed or in a transaction, does the
check fall back to Django's `SELECT 1`.

What neither check catches quickly is a server that vanished without closing (a host gone from
the network): `SELECT 1` would wait for TCP to give up just as the request's own query does.
"""

import select

from django.db.backends.postgresql import base
from psycopg2.extensions import TRANSACTION_STATUS_IDLE


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self.quietly_idle()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def quietly_idle(self):
        """Open, outside a transaction, and nothing from the server waiting to be read."""
        connection = self.connection
        if connection.closed or connection.info.transaction_status != TRANSACTION_STATUS_IDLE:
            return False
        # poll(), not select(): a worker with many open files may hold a descriptor above 1024.
        poller = select.poll()
        try:
            poller.register(connection, select.POLLIN)
            return not poller.poll(0)
        except (OSError, ValueError):
            return False
