"""SQL prepared once per PostgreSQL connection (statements/prepared.py), and the same SQL elsewhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements import prepared
from statements.api import documents
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def run_sql(name, sql, ids=None):
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        prepared.run(cursor, name, sql, ids)
        rows = cursor.fetchall()
    return rows, [query["sql"] for query in queries.captured_queries]


def test_ids_are_tested_in_every_place_the_sql_names_them():
    first, second = StatementFactory(), StatementFactory()
    one = "SELECT id FROM statements_statement WHERE id {ids}"
    sql = f"{one} UNION ALL {one}"

    rows, _ = run_sql("test_twice", sql, [first.pk, second.pk])

    assert sorted(row[0] for row in rows) == sorted([first.pk, first.pk, second.pk, second.pk])


@pytest.mark.postgres
def test_a_statement_is_prepared_in_the_round_trip_of_its_first_run_then_run_by_name():
    first, second = StatementFactory(), StatementFactory()
    sql = "SELECT id FROM statements_statement WHERE id {ids} ORDER BY id"

    rows, sent = run_sql("test_by_id", sql, [first.pk, second.pk])
    again, sent_again = run_sql("test_by_id", sql, [first.pk, second.pk])

    assert rows == again == [(first.pk,), (second.pk,)]
    assert len(sent) == len(sent_again) == 1
    assert sent[0].startswith("PREPARE test_by_id(bigint[]) AS SELECT")
    assert sent_again[0] == f"EXECUTE test_by_id(ARRAY[{first.pk},{second.pk}])"


@pytest.mark.postgres
def test_one_id_has_a_statement_of_its_own_that_tests_it_as_a_number():
    """A plan for one row, not the array's plan for ten (prepared.run)."""
    first, second = StatementFactory(), StatementFactory()
    sql = "SELECT id FROM statements_statement WHERE id {ids}"

    rows, sent = run_sql("test_one", sql, [second.pk])
    both, _ = run_sql("test_one", sql, [first.pk, second.pk])
    again, sent_again = run_sql("test_one", sql, [first.pk])

    assert rows == [(second.pk,)]
    assert sorted(both) == [(first.pk,), (second.pk,)]
    assert again == [(first.pk,)]
    assert sent[0].startswith("PREPARE test_one_one(bigint) AS SELECT id FROM statements_statement WHERE id = $1;")
    assert sent_again == [f"EXECUTE test_one_one({first.pk})"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again():
    run_sql("test_reconnect", "SELECT 1")
    connection.close()

    rows, sent = run_sql("test_reconnect", "SELECT 1")

    assert rows == [(1,)]
    assert sent[0].startswith("PREPARE test_reconnect AS SELECT 1")


@pytest.mark.postgres
def test_prepared_statements_use_one_generic_plan():
    """diplomacy/settings.py: plans made for one list of ids serve every list (a meeting's 200 ids
    took three times as long with plans made per list)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)


def test_the_document_rows_come_from_the_prepared_select():
    statement = StatementFactory()

    with CaptureQueriesContext(connection) as queries:
        rows = documents.statement_rows([statement.pk, statement.pk + 1000])

    assert [row[0] for row in rows] == [statement.pk]
    assert len(queries.captured_queries) == 1
