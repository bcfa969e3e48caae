"""Loading a bundle into a newly migrated database: checked, converted and written in one transaction."""

import contextlib
import io
import itertools
import json
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connections, transaction

from statements import around_table
from statements.ops.dataset import bundle
from statements.ops.dataset.bundle import DatasetError, Summary, TableResult, bundle_models, migration_state

# Rows `migrate` itself loads into a new database (the ISO countries of migration 0002, the
# role groups and their permissions). A database holding only these counts as empty; a restore
# replaces them with the bundle's rows. The filter says which rows a migration can have made.
REFERENCE_ROWS = {"statements.Party": {"kind": "state"}, "auth.Group": {}, "auth.Group_permissions": {}}

# Rows per INSERT when loading; lowered to fit the database's limit on query parameters.
WRITE_BATCH = 1000
# Rows per COPY on PostgreSQL: a few megabytes of text at most.
COPY_BATCH = 5000


def _check_empty(models, using):
    """Refuse a database that holds anything but the rows `migrate` loads (REFERENCE_ROWS)."""
    for model in models:
        rows = model._base_manager.using(using).all()
        if bundle.model_label(model) in REFERENCE_ROWS:
            made_by_migration = REFERENCE_ROWS[bundle.model_label(model)]
            rows = rows.exclude(**made_by_migration) if made_by_migration else rows.none()
        if rows.exists():
            raise DatasetError(
                f"the database {connections[using].settings_dict['NAME']} is not empty "
                f"({model._meta.db_table} has rows); import into a newly migrated database"
            )


@bundle.database_errors
def import_dataset(directory, *, using="default"):
    """Load a bundle into a database that holds nothing but what `migrate` loads. Returns a Summary.

    Checks the manifest, every file's checksum and the migration state before writing anything;
    then, in one transaction, checks that the database is empty, replaces the reference rows
    with the bundle's, loads every table in dependency order, checks the foreign keys and
    resets the id sequences. Any error rolls everything back.
    """
    directory = Path(directory)
    started = time.monotonic()
    manifest = bundle.read_manifest(directory)
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
        if by_file[bundle.file_name(model)].get("columns") != bundle.columns(model):
            raise DatasetError(f"the columns of {bundle.file_name(model)} in the manifest do not match the model")

    connection = connections[using]
    ids_by_key = {
        model: {tuple(key): pk for pk, key in keys.items()} for model, keys in bundle.natural_keys(using).items()
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
                if bundle.model_label(model) in REFERENCE_ROWS:
                    model._base_manager.using(using).filter(**REFERENCE_ROWS[bundle.model_label(model)]).delete()
            with _bulk_load(connection, tables, summary):
                for model in models:
                    table = by_file[bundle.file_name(model)]
                    summary.tables.append(
                        _load_table(model, directory / table["file"], table.get("rows"), ids_by_key, using)
                    )
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
    except IntegrityError as error:
        raise DatasetError(f"the bundle's rows break a constraint: {bundle.one_line(error)}") from None
    except DatabaseError as error:
        raise DatasetError(f"the database refused the bundle: {bundle.one_line(error)}") from None
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh planner statistics, as after a bulk load; ANALYZE cannot wait for autovacuum.
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    summary.seconds = time.monotonic() - started
    return summary


# Column kinds by Django internal type: how a bundle holds their values (see the package docstring).
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
        with around_table.paused(cursor):
            yield
            started = time.monotonic()
            for _, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
            # What lies around each statement is made once, after the indexes (around_table.paused).
        summary.rebuild_seconds = time.monotonic() - started


def _load_table(model, path, expected_rows, ids_by_key, using):
    """Insert a table's rows in batches: by COPY on PostgreSQL (2.5 times faster than INSERT), else by INSERT."""
    started = time.monotonic()
    connection = connections[using]
    fields = model._meta.local_concrete_fields
    columns = bundle.columns(model)
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
                    raise DatasetError(f"{path.name}: the database refused a row: {bundle.one_line(error)}") from None
                batch.clear()
    if count != expected_rows:
        raise DatasetError(f"{path.name} has {count} rows; the manifest says {expected_rows}")
    return TableResult(model._meta.db_table, count, time.monotonic() - started)
