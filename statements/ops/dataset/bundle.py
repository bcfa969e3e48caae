"""What a bundle is: its format, the tables it holds and its manifest, checked before anything is loaded."""

import contextlib
import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor

FORMAT = "diplomacy-dataset"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"

APP = "statements"
# Reached from no model of the app, but needed for a site that works after a restore: the API
# tokens of editors. They are credentials, so `secrets=False` leaves them out.
EXTRA_MODELS = ["authtoken.Token"]
# Readers' email addresses and what was mailed to them: personal data, not the archive, so
# `secrets=False` leaves them out too (a bundle without them restores with no one subscribed).
PERSONAL_MODELS = ["statements.Subscription", "statements.Delivery"]
# Made by the database from the other tables (statements/around_table.py): not archived; an import
# makes it again.
DERIVED_MODELS = ["statements.KeptAround"]
# Rows `migrate` creates with ids of its own in each database; referred to by natural key.
NATURAL_KEY_MODELS = ["auth.Permission", "contenttypes.ContentType"]


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
    derived = {apps.get_model(label) for label in DERIVED_MODELS}
    pending = list(apps.get_app_config(APP).get_models(include_auto_created=True))
    pending += [apps.get_model(label) for label in EXTRA_MODELS]
    found = []
    while pending:
        model = pending.pop(0)._meta.concrete_model
        if model in found or model in natural or model in derived or not model._meta.managed:
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


def model_label(model):
    """`app_label.ModelName`, as `apps.get_model` takes it (auto-created through models too)."""
    return f"{model._meta.app_label}.{model._meta.object_name}"


def file_name(model):
    return f"{model._meta.db_table}.jsonl"


def columns(model):
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


@contextlib.contextmanager
def consistent_read(using="default"):
    """One transaction, REPEATABLE READ and READ ONLY on PostgreSQL: every query inside reads the
    same state of the database, even while editors keep working.

    A caller's own transaction (tests) is already as consistent as it is going to be, and the
    isolation level can only be set by a transaction's first statement, so it is left alone.
    """
    connection = connections[using]
    fresh_transaction = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if fresh_transaction and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def natural_keys(using):
    """{model: {id: natural key}} for each of NATURAL_KEY_MODELS, small tables (a few hundred rows)."""
    keys = {}
    for label in NATURAL_KEY_MODELS:
        model = apps.get_model(label)
        keys[model] = {row.pk: list(row.natural_key()) for row in model._base_manager.using(using).all()}
    return keys


def database_errors(function):
    """Report a database that cannot be reached or read as a DatasetError, in one line."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DatabaseError as error:
            raise DatasetError(f"the database failed: {one_line(error)}") from None

    return wrapper


def one_line(error):
    return " ".join(str(error).split())


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
    expected = [file_name(model) for model in bundle_models()]
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
