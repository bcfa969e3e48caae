"""A GIN index for full-text search of statements, on PostgreSQL only.

The index is on an expression, so queries must use the very same expression to use it:
statements/search.py writes `to_tsvector('english'::regconfig, text)` exactly as here.
Other databases skip this migration's SQL; search falls back to substring matches there.
"""

from django.db import migrations

INDEX = "statement_text_search_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON statements_statement "
        "USING gin (to_tsvector('english'::regconfig, text))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("statements", "0003_constraint_messages_and_citation_offsets")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
