"""Full-text search from a stored tsvector column instead of an expression index (PostgreSQL only).

With only an expression index, every row the planner filters rather than looks up in the index
(a common word, or a search walking the date index) recomputes `to_tsvector` on its text, about
30 µs a row: a capped count of a common word read ~5,000 rows in ~170 ms at a million statements.
A stored column is computed once, on insert or update, so filtering and ranking read it instead.

The column is not on the Django model: the database fills it (GENERATED ALWAYS … STORED), and
statements/search.py queries it on PostgreSQL. Adding it rewrites the table: about a minute per
million statements. Other databases skip this migration's SQL.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE statements_statement ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED",
    "CREATE INDEX IF NOT EXISTS statement_search_vector_idx ON statements_statement USING gin (search_vector)",
    "DROP INDEX IF EXISTS statement_text_search_idx",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS statement_text_search_idx ON statements_statement "
    "USING gin (to_tsvector('english'::regconfig, text))",
    "ALTER TABLE statements_statement DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("statements", "0004_statement_text_search")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
