"""An index on Statement.updated, so that the newest update is one index lookup.

`statements.facets.data_version` reads MAX(updated) before every cached facet answer; without
an index that is a scan of the whole table (~100 ms at a million statements). Created with
SQL rather than in the model's Meta so that it stays an implementation detail of the cache.
"""

from django.db import migrations

INDEX = "statement_updated_idx"


def create_index(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON statements_statement (updated)")


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("statements", "0006_bench_indexes")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
