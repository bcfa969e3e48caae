"""Exports cannot hold the site: no transaction open while a client reads, a few exports at once
per client, and an export counted in the rate limit by its size."""

import pytest
from django.db import connection

from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements():
    return StatementFactory.create_batch(30)


def export(client, address="192.0.2.1", fmt="csv"):
    return client.get(f"/api/v1/statements/?format={fmt}", REMOTE_ADDR=address)


def test_one_export_too_many_from_an_address_is_refused_until_one_is_closed(api_client, statements, settings):
    settings.EXPORTS_PER_ADDRESS, settings.EXPORTS_ANONYMOUS = 2, 10
    first, second = export(api_client), export(api_client, fmt="jsonl")
    assert (first.status_code, second.status_code) == (200, 200)
    refused = export(api_client)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "2 exports at once" in refused.json()["detail"]
    # Another address is not held back, and pages of JSON are no exports.
    other = export(api_client, address="192.0.2.2")
    assert other.status_code == 200, other.content
    assert api_client.get("/api/v1/statements/", REMOTE_ADDR="192.0.2.1").status_code == 200
    b"".join(first.streaming_content)  # read to the end, when the test client closes the response
    again = export(api_client)
    assert again.status_code == 200
    assert len(b"".join(again.streaming_content).splitlines()) == 31


def test_anonymous_exports_are_capped_together_but_not_an_editors(api_client, editor_client, statements, settings):
    settings.EXPORTS_PER_ADDRESS, settings.EXPORTS_ANONYMOUS = 2, 2
    running = [export(api_client, address=f"192.0.2.{n}") for n in (1, 2)]
    assert [response.status_code for response in running] == [200, 200]
    refused = export(api_client, address="192.0.2.3")
    assert refused.status_code == 429
    assert "anonymous" in refused.json()["detail"]
    assert export(editor_client, address="192.0.2.3").status_code == 200
    b"".join(running[0].streaming_content)
    assert export(api_client, address="192.0.2.3").status_code == 200


def test_an_export_counts_in_the_rate_limit_by_its_rows(api_client, statements, settings):
    settings.API_ANON_RATE = "100/minute"
    settings.EXPORT_ROWS_PER_REQUEST = 10
    b"".join(export(api_client).streaming_content)
    after = api_client.get("/api/v1/statements/", REMOTE_ADDR="192.0.2.1")
    # The export itself, 3 for its 30 rows, and this request.
    assert after["X-RateLimit-Remaining"] == str(100 - 1 - 3 - 1)


def test_a_failed_export_gives_its_slot_back(api_client, statements, settings, monkeypatch):
    from statements.api import export as exports

    settings.EXPORTS_PER_ADDRESS = 1

    def broken(*args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(exports, "csv_lines", broken)
    monkeypatch.setattr(exports, "_copy_csv", broken)
    api_client.raise_request_exception = False
    assert export(api_client).status_code == 500
    assert export(api_client, fmt="jsonl").status_code == 200


@pytest.mark.postgres
def test_the_apps_connections_have_statement_and_idle_transaction_timeouts(settings):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, setting FROM pg_settings"
            " WHERE name IN ('statement_timeout', 'idle_in_transaction_session_timeout') ORDER BY name"
        )
        assert cursor.fetchall() == [
            ("idle_in_transaction_session_timeout", str(settings.DB_IDLE_IN_TRANSACTION_TIMEOUT * 1000)),
            ("statement_timeout", str(settings.DB_STATEMENT_TIMEOUT * 1000)),
        ]
        assert settings.DB_STATEMENT_TIMEOUT > 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # the export's own connection, in autocommit as in production
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_read_slowly_holds_no_transaction_open(api_client, migrated_rows, fmt):
    import psycopg2

    # 20 MB: more than any buffer between the database and the response, sockets included.
    StatementFactory.create_batch(40, text="word " * 100_000)
    response = export(api_client, fmt=fmt)
    pieces = iter(response.streaming_content)
    next(pieces), next(pieces)  # the client has started reading, and pauses
    observer = psycopg2.connect(**connection.get_connection_params())
    try:
        with observer.cursor() as cursor:
            cursor.execute(
                "SELECT state, left(query, 40) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), %s)"
                " AND xact_start IS NOT NULL",
                [connection.connection.info.backend_pid],
            )
            assert cursor.fetchall() == []
            # Nor the export's connection itself (on the old code the COPY ran on it, on a thread).
            cursor.execute(
                "SELECT state, xact_start IS NULL FROM pg_stat_activity WHERE pid = %s",
                [connection.connection.info.backend_pid],
            )
            assert cursor.fetchone() == ("idle", True)
    finally:
        observer.close()
    rows = b"".join(pieces)
    response.close()
    assert len(rows) > 19_000_000  # the rest of it
