"""A reused PostgreSQL connection is checked before each request without a query, and one the
server ended is replaced before the request's first query fails on it (diplomacy/postgresql)."""

import select
from unittest import mock

import psycopg2
import pytest
from django.db import connection, connections

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def new_request():
    """What Django does at the start of a request that reuses the connection."""
    connection.health_check_enabled = True
    connection.health_check_done = False


def terminate(pid):
    params = connection.get_connection_params()
    with psycopg2.connect(**params) as other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone() == (True,)
    other.close()
    # The server's last message reaches the socket a moment after it answered.
    for _ in range(100):
        if select.select([connection.connection], [], [], 0.05)[0]:
            return
    raise AssertionError("the ended connection never became readable")


def test_the_engine_is_ours():
    assert connection.vendor == "postgresql"
    assert type(connections["default"]).__module__ == "diplomacy.postgresql.base"


def test_a_live_idle_connection_is_trusted_without_a_query():
    backend_pid()
    new_request()
    with mock.patch("django.db.backends.postgresql.base.DatabaseWrapper.is_usable") as is_usable:
        connection.close_if_health_check_failed()
    is_usable.assert_not_called()
    assert connection.health_check_done
    assert connection.connection is not None


def test_a_connection_the_server_ended_is_replaced_before_it_fails_a_request(client):
    old = backend_pid()
    terminate(old)

    new_request()
    connection.close_if_health_check_failed()
    assert connection.connection is None

    response = client.get("/api/v1/statements/")
    assert response.status_code == 200
    assert backend_pid() != old


def test_a_connection_inside_a_transaction_gets_the_full_check():
    backend_pid()
    connection.connection.autocommit = False
    try:
        with connection.connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        new_request()
        with mock.patch("django.db.backends.postgresql.base.DatabaseWrapper.is_usable", return_value=True) as is_usable:
            connection.close_if_health_check_failed()
        is_usable.assert_called_once()
    finally:
        connection.connection.rollback()
        connection.connection.autocommit = True
