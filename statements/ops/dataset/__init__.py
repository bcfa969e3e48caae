"""Backups of the whole archive as a bundle: one JSON Lines file per table and a manifest.

`export_dataset` writes every row of every table the archive needs (see `bundle_models`) into a
directory; `import_dataset` checks such a directory and loads it into a database that holds
nothing yet. The format is described in docs/backups.md; the rules that matter here:

- A row is one JSON object per line, keyed by column name, in primary-key order. JSON keeps
  NULL apart from "" and numbers apart from text; dates, times and datetimes are ISO 8601
  (datetimes in UTC with their offset), decimals and UUIDs strings, bytes base64.
- Foreign keys to permissions and content types are written as natural keys
  (["change_statement", "statements", "statement"]), because `migrate` numbers those rows
  differently in every database. All other ids are kept, so permalinks survive a restore.
- Columns the database derives (the statement search vector, migration 0005) are not models'
  fields, so they are neither written nor loaded; the database computes them on insert.

The package: `bundle` (the format, the tables a bundle holds, its manifest), `export` (writing a
bundle) and `load` (checking and loading one into a database).
"""

from statements.ops.dataset.bundle import (
    APP,
    EXTRA_MODELS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    NATURAL_KEY_MODELS,
    DatasetError,
    Summary,
    TableResult,
    bundle_models,
    migration_state,
    read_manifest,
)
from statements.ops.dataset.export import READ_CHUNK, SECRET_COLUMNS, export_dataset
from statements.ops.dataset.load import COPY_BATCH, REFERENCE_ROWS, WRITE_BATCH, import_dataset

__all__ = [
    "APP",
    "COPY_BATCH",
    "EXTRA_MODELS",
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "NATURAL_KEY_MODELS",
    "READ_CHUNK",
    "REFERENCE_ROWS",
    "SECRET_COLUMNS",
    "WRITE_BATCH",
    "DatasetError",
    "Summary",
    "TableResult",
    "bundle_models",
    "export_dataset",
    "import_dataset",
    "migration_state",
    "read_manifest",
]
