"""Bulk writes that skip the ORM's per-row work: COPY on PostgreSQL, `bulk_create` elsewhere."""

import io

from django.db import connection

from statements.models import Alias, Citation, Delegate, KeptAround, Meeting, Mention, Position, Source, Statement


def _copy_text(value):
    """A value in PostgreSQL COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return str(value)


class _PostgresWriter:
    """Writes rows with COPY, one buffer per table and batch."""

    def __init__(self):
        self.cursor = connection.cursor()

    def write(self, model, columns, rows):
        if not rows:
            return
        buffer = io.StringIO()
        buffer.writelines("\t".join(map(_copy_text, row)) + "\n" for row in rows)
        buffer.seek(0)
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        self.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)


class _OrmWriter:
    """Writes rows with bulk_create, for SQLite and other databases."""

    def write(self, model, columns, rows):
        if rows:
            model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=5000)


STATEMENT_COLUMNS = [
    "id", "meeting_id", "date", "speaker_id", "party_id", "speaker_title", "text", "kind", "language", "sequence",
    "reply_to_id", "created", "updated",
]


def write_statements(writer, statements, citations, topic_links, mentions):
    """Write a batch of statements (rows of STATEMENT_COLUMNS) and their citations, topic links and mentions."""
    writer.write(Statement, STATEMENT_COLUMNS, statements)
    writer.write(Citation, ["statement_id", "source_id"], citations)
    writer.write(Statement.topics.through, ["statement_id", "topic_id"], topic_links)
    writer.write(Mention, ["statement_id", "party_id", "relation"], mentions)


def analyse():
    """Refresh PostgreSQL's statistics and visibility map after a bulk load (outside a transaction)."""
    models = [Statement, Citation, Statement.topics.through, Mention, KeptAround]
    models += [Meeting, Source, Delegate, Position, Alias]
    tables = [model._meta.db_table for model in models]
    # VACUUM cannot run inside a transaction (as in tests); ANALYZE alone can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
