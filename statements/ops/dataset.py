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
"""

import base64
import contextlib
import datetime
import functools
import hashlib
import io
import itertools
import json
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.duration import duration_iso_string

FORMAT = "diplomacy-dataset"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"

APP = "statements"
# Reached from no model of the app, but needed for a site that works after a restore: the API
# tokens of editors. They are credentials, so `secrets=False` leaves them out.
EXTRA_MODELS = ["authtoken.Token"]
# Rows `migrate` creates with ids of its own in each database; referred to by natural key.
NATURAL_KEY_MODELS = ["auth.Permission", "contenttypes.ContentType"]
# Rows `migrate` itself loads into a new database (the ISO countries of migration 0002, the
# role groups and their permissions). A database holding only these counts as empty; a restore
# replaces them with the bundle's rows. The filter says which rows a migration can have made.
REFERENCE_ROWS = {"statements.Party": {"kind": "state"}, "auth.Group": {}, "auth.Group_permissions": {}}
# Credentials blanked by `secrets=False`: an unusable password that Django recognises as such.
SECRET_COLUMNS = {"auth.User": {"password": UNUSABLE_PASSWORD_PREFIX}}

# Rows read per round trip from a server-side cursor: memory stays bounded at any archive size.
READ_CHUNK = 2000
# Rows per INSERT when loading; lowered to fit the database's limit on query parameters.
WRITE_BATCH = 1000
# Rows per COPY on PostgreSQL: a few megabytes of text at most.
COPY_BATCH = 5000


class DatasetError(Exception):
    """A bundle or a database that cannot be exported or imported; the message is one line."""


@dataclass
class TableResult:
    table: str
    rows: int
    seconds: float


@dataclass
class Summary:
    directory: Path
    tables: list = field(default_factory=list)
    seconds: float = 0.0
    # PostgreSQL imports: building the indexes and foreign keys after the rows.
    rebuild_seconds: float = 0.0

    @property
    def rows(self):
        return sum(table.rows for table in self.tables)

    def table_lines(self):
        lines = [f"  {table.table}: {table.rows:,} rows in {table.seconds:.1f} s" for table in self.tables]
        if self.rebuild_seconds:
            lines.append(f"  indexes and foreign keys built in {self.rebuild_seconds:.1f} s")
        return lines

    def line(self, verb, preposition):
        rate = self.rows / max(self.seconds, 1e-9)
        return (
            f"{verb} {self.rows:,} rows of {len(self.tables)} tables {preposition} {self.directory} "
            f"in {self.seconds:.1f} s ({rate:,.0f} rows/s)."
        )


def bundle_models():
    """The models whose tables make up a bundle, each before the models that refer to it.

    Derived from the app registry, so that a model added to the app later is included: every
    concrete model of the app (its history tables and many-to-many tables too), every model
    they refer to (users, from the history's `history_user`; groups and memberships from the
    users), and `EXTRA_MODELS`. Permissions and content types are referred to by natural key.
    """
    natural = {apps.get_model(label) for label in NATURAL_KEY_MODELS}
    pending = list(apps.get_app_config(APP).get_models(include_auto_created=True))
    pending += [apps.get_model(label) for label in EXTRA_MODELS]
    found = []
    while pending:
        model = pending.pop(0)._meta.concrete_model
        if model in found or model in natural or not model._meta.managed:
            continue
        found.append(model)
        pending += [column.related_model for column in _foreign_keys(model)]
        for many in model._meta.local_many_to_many:
            pending += [many.related_model, many.remote_field.through]
    return _dependency_order(found)


def _foreign_keys(model):
    return [column for column in model._meta.local_concrete_fields if column.is_relation]


def _dependency_order(models):
    """Sort so that a model comes after those its foreign keys point at, keeping the order found.

    A model's references to itself (a statement replying to another) need no order: foreign
    keys are checked at the end of the loading transaction. A cycle between models would too,
    so one is broken at the first model found rather than refused.
    """
    needs = {
        model: {column.related_model._meta.concrete_model for column in _foreign_keys(model)} & set(models) - {model}
        for model in models
    }
    ordered = []
    while len(ordered) < len(models):
        waiting = [model for model in models if model not in ordered]
        ready = [model for model in waiting if not needs[model] - set(ordered)]
        ordered += ready or waiting[:1]
    return ordered


def _label(model):
    """`app_label.ModelName`, as `apps.get_model` takes it (auto-created through models too)."""
    return f"{model._meta.app_label}.{model._meta.object_name}"


def _file_name(model):
    return f"{model._meta.db_table}.jsonl"


def _columns(model):
    return [column.column for column in model._meta.local_concrete_fields]


def migration_state(using="default"):
    """The latest applied migration of each app whose tables a bundle holds or refers to.

    Raises DatasetError when the database lacks migrations the code has: its tables would not
    match the models.
    """
    connection = connections[using]
    executor = MigrationExecutor(connection)
    loader = executor.loader
    if executor.migration_plan(loader.graph.leaf_nodes()):
        raise DatasetError(f"the database {connection.settings_dict['NAME']} is not fully migrated; run migrate first")
    labels = {model._meta.app_label for model in bundle_models()}
    labels |= {label.split(".")[0] for label in NATURAL_KEY_MODELS}
    state = {}
    for label in sorted(labels):
        applied = {key for key in loader.applied_migrations if key[0] == label}
        # The latest is the applied migration no other applied one of the app depends on.
        latest = sorted(
            name
            for app, name in applied
            if (app, name) in loader.graph.node_map
            and not any(child in applied for child in loader.graph.node_map[(app, name)].children)
        )
        state[label] = ", ".join(latest)
    return state


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


def _natural_keys(model, using):
    """{id: natural key} of a small table such as the permissions (a few hundred rows)."""
    return {row.pk: list(row.natural_key()) for row in model._base_manager.using(using).all()}


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


def _database_errors(function):
    """Report a database that cannot be reached or read as a DatasetError, in one line."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DatabaseError as error:
            raise DatasetError(f"the database failed: {_one_line(error)}") from None

    return wrapper


@_database_errors
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
    fresh_transaction = not connection.in_atomic_block
    with transaction.atomic(using=using):
        # Must be the transaction's first statement; a caller's own transaction (tests) is
        # already as consistent as it is going to be.
        if fresh_transaction and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        state = migration_state(using)
        natural = {apps.get_model(label): _natural_keys(apps.get_model(label), using) for label in NATURAL_KEY_MODELS}
        tables = [_export_table(model, directory, natural, secrets, using, summary) for model in bundle_models()]
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": timezone.now().astimezone(datetime.UTC).isoformat(),
        "database": connection.vendor,
        "secrets": secrets,
        "migrations": state,
        "tables": tables,
    }
    try:
        (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as error:
        raise DatasetError(f"cannot write {directory / MANIFEST}: {error.strerror or error}") from None
    summary.seconds = time.monotonic() - started
    return summary


def _export_table(model, directory, natural, secrets, using, summary):
    started = time.monotonic()
    fields = model._meta.local_concrete_fields
    columns = _columns(model)
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
            for name, value in SECRET_COLUMNS.get(_label(model), {}).items()
        }
    skipped = not secrets and _label(model) in EXTRA_MODELS
    try:
        writer = _Writer(directory / _file_name(model))
    except OSError as error:
        raise DatasetError(f"cannot write {directory / _file_name(model)}: {error.strerror or error}") from None
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
        "model": _label(model),
        "file": writer.path.name,
        "rows": writer.rows,
        "sha256": writer.digest.hexdigest(),
        "columns": columns,
    }


def read_manifest(directory):
    """The bundle's manifest, after checking that every file is there with its checksum."""
    directory = Path(directory)
    path = directory / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"{path} is missing: {directory} is not a bundle written by export_dataset") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DatasetError(f"cannot read {path}: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DatasetError(f"{path} is not the manifest of a {FORMAT} bundle")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise DatasetError(
            f"{path} has format version {manifest.get('format_version')!r}; this code reads version {FORMAT_VERSION}"
        )
    expected = [_file_name(model) for model in bundle_models()]
    tables = manifest.get("tables")
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise DatasetError(f"{path} has no list of tables")
    listed = [table.get("file") for table in tables]
    if sorted(listed, key=str) != sorted(expected):
        missing = sorted(set(expected) - set(listed))
        unknown = sorted(set(listed) - set(expected), key=str)
        detail = f"lacks {', '.join(missing)}" if missing else f"lists unknown files {', '.join(map(str, unknown))}"
        raise DatasetError(f"{path} does not match this code's tables: it {detail}")
    for table in tables:
        file = directory / table["file"]
        if not file.is_file():
            raise DatasetError(f"{file} is missing")
        digest = hashlib.sha256()
        try:
            with file.open("rb") as stream:
                while chunk := stream.read(1 << 20):
                    digest.update(chunk)
        except OSError as error:
            raise DatasetError(f"cannot read {file}: {error.strerror or error}") from None
        if digest.hexdigest() != table.get("sha256"):
            raise DatasetError(f"{file} does not match its checksum in the manifest; the bundle was changed or damaged")
    return manifest


def _check_empty(models, using):
    """Refuse a database that holds anything but the rows `migrate` loads (REFERENCE_ROWS)."""
    for model in models:
        rows = model._base_manager.using(using).all()
        if _label(model) in REFERENCE_ROWS:
            made_by_migration = REFERENCE_ROWS[_label(model)]
            rows = rows.exclude(**made_by_migration) if made_by_migration else rows.none()
        if rows.exists():
            raise DatasetError(
                f"the database {connections[using].settings_dict['NAME']} is not empty "
                f"({model._meta.db_table} has rows); import into a newly migrated database"
            )


@_database_errors
def import_dataset(directory, *, using="default"):
    """Load a bundle into a database that holds nothing but what `migrate` loads. Returns a Summary.

    Checks the manifest, every file's checksum and the migration state before writing anything;
    then, in one transaction, checks that the database is empty, replaces the reference rows
    with the bundle's, loads every table in dependency order, checks the foreign keys and
    resets the id sequences. Any error rolls everything back.
    """
    directory = Path(directory)
    started = time.monotonic()
    manifest = read_manifest(directory)
    state = migration_state(using)
    if manifest.get("migrations") != state:
        theirs = manifest.get("migrations") if isinstance(manifest.get("migrations"), dict) else {}
        differ = sorted(label for label in set(state) | set(theirs) if state.get(label) != theirs.get(label))
        label = differ[0] if differ else "?"
        raise DatasetError(
            f"the bundle was written at another schema: {label} is at {theirs.get(label)!r} in the bundle "
            f"and at {state.get(label)!r} in this database; restore with the matching version of the code"
        )
    models = bundle_models()
    by_file = {table["file"]: table for table in manifest["tables"]}
    for model in models:
        if by_file[_file_name(model)].get("columns") != _columns(model):
            raise DatasetError(f"the columns of {_file_name(model)} in the manifest do not match the model")

    connection = connections[using]
    ids_by_key = {
        apps.get_model(label): {tuple(key): pk for pk, key in _natural_keys(apps.get_model(label), using).items()}
        for label in NATURAL_KEY_MODELS
    }
    summary = Summary(directory)
    tables = [model._meta.db_table for model in models]
    try:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                # Nobody may write between the check that the database is empty and the load.
                with connection.cursor() as cursor:
                    cursor.execute(f"LOCK TABLE {', '.join(map(connection.ops.quote_name, tables))} IN EXCLUSIVE MODE")
            _check_empty(models, using)
            for model in reversed(models):
                if _label(model) in REFERENCE_ROWS:
                    model._base_manager.using(using).filter(**REFERENCE_ROWS[_label(model)]).delete()
            with _bulk_load(connection, tables, summary):
                for model in models:
                    table = by_file[_file_name(model)]
                    summary.tables.append(
                        _load_table(model, directory / table["file"], table.get("rows"), ids_by_key, using)
                    )
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
    except IntegrityError as error:
        raise DatasetError(f"the bundle's rows break a constraint: {_one_line(error)}") from None
    except DatabaseError as error:
        raise DatasetError(f"the database refused the bundle: {_one_line(error)}") from None
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh planner statistics, as after a bulk load; ANALYZE cannot wait for autovacuum.
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    summary.seconds = time.monotonic() - started
    return summary


def _one_line(error):
    return " ".join(str(error).split())


# Column kinds by Django internal type: how a bundle holds their values (see the module docstring).
_INTEGER_KINDS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}
_STRING_KINDS = {"CharField", "TextField", "SlugField", "URLField", "EmailField", "GenericIPAddressField"}
# Written as ISO 8601 or decimal strings, which PostgreSQL reads as they are.
_FORMATTED_KINDS = {"DateField", "DateTimeField", "TimeField", "DecimalField", "UUIDField"}
# PostgreSQL's COPY text format: these four characters are escaped, and \N is NULL.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _natural_key_decoder(column, ids_by_key):
    ids = ids_by_key[column.related_model]
    label = column.related_model._meta.verbose_name

    def natural_key(value):
        try:
            return ids[tuple(value)]
        except (KeyError, TypeError):
            raise ValidationError(f"no {label} {value!r} in this database") from None

    return natural_key


def _expect(kind, json_type):
    """A check that a value has the JSON type `kind` columns are written with."""

    def check(value):
        # bool is an int in Python, but not a number in a bundle.
        if not isinstance(value, json_type) or (json_type is int and isinstance(value, bool)):
            raise ValidationError(f"a {kind} column holds {value!r}")
        return value

    return check


def _decoder(column, ids_by_key, connection):
    """A function from a JSON value (not None) to what the database driver takes for `column`."""
    if column.is_relation and column.related_model in ids_by_key:
        return _natural_key_decoder(column, ids_by_key)
    target = column.target_field if column.is_relation else column
    kind = target.get_internal_type()
    # The common kinds need no conversion; checking the type keeps a wrong one from being stored.
    if kind in _INTEGER_KINDS:
        return _expect(kind, int)
    if kind in _STRING_KINDS:
        return _expect(kind, str)

    def convert(value):
        return target.get_db_prep_save(target.to_python(value), connection)

    return convert


def _copy_encoder(column, ids_by_key):
    """A function from a JSON value (not None) to its text in a PostgreSQL COPY; None for other kinds."""
    if column.is_relation and column.related_model in ids_by_key:
        natural_key = _natural_key_decoder(column, ids_by_key)
        return lambda value: str(natural_key(value))
    target = column.target_field if column.is_relation else column
    kind = target.get_internal_type()
    if kind in _INTEGER_KINDS:
        check = _expect(kind, int)
        return lambda value: str(check(value))
    if kind in _STRING_KINDS | _FORMATTED_KINDS:
        check = _expect(kind, str)
        return lambda value: check(value).translate(_COPY_ESCAPES)
    if kind == "BooleanField":
        check = _expect(kind, bool)
        return lambda value: "t" if check(value) else "f"
    return None


def _read_rows(path, columns, converters):
    """Yield each line of a table's file as a list of converted values, in column order."""
    expected = set(columns)
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            try:
                row = json.loads(line)
                if not isinstance(row, dict) or row.keys() != expected:
                    raise ValueError(f"expected an object with the columns {', '.join(columns)}")
                values = (row[name] for name in columns)
                yield [
                    None if value is None else convert(value) for convert, value in zip(converters, values, strict=True)
                ]
            except (TypeError, ValueError, ValidationError) as error:
                message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                raise DatasetError(f"{path.name} line {number}: {message}") from None


@contextlib.contextmanager
def _bulk_load(connection, tables, summary):
    """Load `tables` as pg_restore does on PostgreSQL: without foreign keys and plain indexes, then add them.

    Building an index once over all rows is faster than updating it row by row (the full-text
    GIN index most of all), and adding a foreign key checks every row in one join instead of one
    query per row at commit. In four paired runs, 100,000 statements loaded in 9-12 s instead of
    15-18 s, a bundle of 740,000 rows in 30-39 s instead of 42-52 s (docs/backups.md). Primary keys,
    unique indexes and CHECK constraints stay, so bad rows are refused at once. Inside the
    loading transaction, so a failed import leaves the schema as it was. On other databases
    foreign keys stay deferred and are checked at the end, inside the transaction so that a
    broken bundle fails there (and inside a caller's transaction, as in the tests).
    """
    if connection.vendor != "postgresql":
        yield
        connection.check_constraints(table_names=tables)
        return
    with connection.cursor() as cursor:
        # Deferred checks left by the DELETE of reference rows would forbid altering the tables.
        connection.check_constraints()
        # regclass prints a name quoted as SQL needs it.
        cursor.execute(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique AND NOT indisprimary "
            "AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = indexrelid)",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        yield
        started = time.monotonic()
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        summary.rebuild_seconds = time.monotonic() - started


def _load_table(model, path, expected_rows, ids_by_key, using):
    """Insert a table's rows in batches: by COPY on PostgreSQL (2.5 times faster than INSERT), else by INSERT."""
    started = time.monotonic()
    connection = connections[using]
    fields = model._meta.local_concrete_fields
    columns = _columns(model)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    encoders = [_copy_encoder(column, ids_by_key) for column in fields] if connection.vendor == "postgresql" else []

    if encoders and None not in encoders:
        converters, batch_size = encoders, COPY_BATCH
        copy = f"COPY {table} ({names}) FROM STDIN"

        def write(cursor, batch):
            text = "".join("\t".join(r"\N" if value is None else value for value in row) + "\n" for row in batch)
            cursor.copy_expert(copy, io.BytesIO(text.encode("utf-8")))

    else:
        converters = [_decoder(column, ids_by_key, connection) for column in fields]
        limit = connection.features.max_query_params
        batch_size = min(WRITE_BATCH, limit // len(columns)) if limit else WRITE_BATCH
        placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"

        def write(cursor, batch):
            sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([placeholders] * len(batch))
            cursor.execute(sql, [value for row in batch for value in row])

    count = 0
    batch = []
    with connection.cursor() as cursor:
        for row in itertools.chain(_read_rows(path, columns, converters), [None]):
            if row is not None:
                batch.append(row)
                count += 1
            if batch and (row is None or len(batch) >= batch_size):
                try:
                    write(cursor, batch)
                except DatabaseError as error:
                    raise DatasetError(f"{path.name}: the database refused a row: {_one_line(error)}") from None
                batch.clear()
    if count != expected_rows:
        raise DatasetError(f"{path.name} has {count} rows; the manifest says {expected_rows}")
    return TableResult(model._meta.db_table, count, time.monotonic() - started)
