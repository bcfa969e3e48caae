"""Writing a bundle: every row of every table in one consistent read, the manifest last."""

import base64
import datetime
import hashlib
import json
import time
import uuid
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connections
from django.utils import timezone
from django.utils.duration import duration_iso_string

from statements.ops.dataset import bundle
from statements.ops.dataset.bundle import DatasetError, Summary, TableResult, bundle_models, migration_state

# Credentials blanked by `secrets=False`: an unusable password that Django recognises as such.
SECRET_COLUMNS = {"auth.User": {"password": UNUSABLE_PASSWORD_PREFIX}}

# Rows read per round trip from a server-side cursor: memory stays bounded at any archive size.
READ_CHUNK = 2000


def _json_value(value):
    """`json.dumps` calls this for the values JSON has no type for."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot write a {type(value).__name__} value")


# JSON allows these three unescaped in a string, but many tools (Python's str.splitlines among
# them) end a line at each; escaped, each row stays on one line for any line-oriented reader.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


class _Writer:
    """One table's file, hashed as it is written."""

    def __init__(self, path):
        self.path = path
        self.digest = hashlib.sha256()
        self.rows = 0
        self.file = path.open("wb")

    def write(self, row):
        line = json.dumps(row, ensure_ascii=False, default=_json_value)
        if not line.isascii():
            line = line.translate(_LINE_BREAKS)
        line = line.encode("utf-8") + b"\n"
        self.digest.update(line)
        self.file.write(line)
        self.rows += 1

    def close(self):
        self.file.close()


@bundle.database_errors
def export_dataset(directory, *, secrets=True, using="default"):
    """Write the whole archive into `directory` (created if missing; it must be empty).

    Reads in one transaction, REPEATABLE READ and READ ONLY on PostgreSQL, so that the bundle
    is one consistent state even while editors keep working; the manifest is written last, so
    an interrupted export leaves no bundle that `import_dataset` accepts. One query per table
    plus one round trip per READ_CHUNK rows. Returns a Summary.
    """
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if any(directory.iterdir()):
            raise DatasetError(f"{directory} is not empty; export into a new or empty directory")
    except OSError as error:
        raise DatasetError(f"cannot write to {directory}: {error.strerror or error}") from None

    connection = connections[using]
    summary = Summary(directory)
    started = time.monotonic()
    with bundle.consistent_read(using):
        state = migration_state(using)
        natural = bundle.natural_keys(using)
        tables = [_export_table(model, directory, natural, secrets, using, summary) for model in bundle_models()]
    manifest = {
        "format": bundle.FORMAT,
        "format_version": bundle.FORMAT_VERSION,
        "created": timezone.now().astimezone(datetime.UTC).isoformat(),
        "database": connection.vendor,
        "secrets": secrets,
        "migrations": state,
        "tables": tables,
    }
    path = directory / bundle.MANIFEST
    try:
        path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as error:
        raise DatasetError(f"cannot write {path}: {error.strerror or error}") from None
    summary.seconds = time.monotonic() - started
    return summary


def _export_table(model, directory, natural, secrets, using, summary):
    started = time.monotonic()
    fields = model._meta.local_concrete_fields
    columns = bundle.columns(model)
    # Foreign keys to permissions and content types become natural keys.
    lookups = {
        index: natural[column.related_model]
        for index, column in enumerate(fields)
        if column.is_relation and column.related_model in natural
    }
    blanked = {}
    if not secrets:
        blanked = {
            columns.index(model._meta.get_field(name).column): value
            for name, value in SECRET_COLUMNS.get(bundle.model_label(model), {}).items()
        }
    skipped = not secrets and bundle.model_label(model) in (*bundle.EXTRA_MODELS, *bundle.PERSONAL_MODELS)
    try:
        writer = _Writer(directory / bundle.file_name(model))
    except OSError as error:
        raise DatasetError(f"cannot write {directory / bundle.file_name(model)}: {error.strerror or error}") from None
    try:
        if not skipped:
            rows = model._base_manager.using(using).order_by("pk").values_list(*[f.attname for f in fields])
            for row in rows.iterator(chunk_size=READ_CHUNK):
                if lookups or blanked:
                    row = list(row)
                    for index, keys in lookups.items():
                        row[index] = None if row[index] is None else keys[row[index]]
                    for index, value in blanked.items():
                        row[index] = value
                writer.write(dict(zip(columns, row, strict=True)))
    except OSError as error:
        raise DatasetError(f"cannot write {writer.path}: {error.strerror or error}") from None
    finally:
        writer.close()
    summary.tables.append(TableResult(model._meta.db_table, writer.rows, time.monotonic() - started))
    return {
        "table": model._meta.db_table,
        "model": bundle.model_label(model),
        "file": writer.path.name,
        "rows": writer.rows,
        "sha256": writer.digest.hexdigest(),
        "columns": columns,
    }
