"""publish_dataset on PostgreSQL: one consistent read, as the command runs it (not inside a test's transaction)."""

import gzip
import json

import pytest
from django.db import connection

from statements.api import popolo
from statements.ops.publish.release import publish_dataset

from .factories import StatementFactory

# Transactional, so that the release opens its own transaction as the command does; the rows
# the migrations made (countries) come back after the flush.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_rows")]


def read_jsonl(path):
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def test_on_postgresql_it_reads_in_one_repeatable_read_read_only_transaction(tmp_path, monkeypatch):
    statement = StatementFactory()
    seen = []

    def document(site):
        # Asked inside the release's transaction, after every table was read.
        with connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            seen.append(cursor.fetchone()[0])
            cursor.execute("SHOW transaction_read_only")
            seen.append(cursor.fetchone()[0])
        yield "{}"

    monkeypatch.setattr(popolo, "document", document)
    published = publish_dataset(tmp_path)
    assert seen == ["repeatable read", "on"]
    assert [row["id"] for row in read_jsonl(published.path / "statements.jsonl.gz")] == [statement.pk]
