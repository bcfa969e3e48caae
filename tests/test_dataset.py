"""`export_dataset` / `import_dataset`: the archive as a bundle, restored row for row."""

import datetime
import hashlib
import io
import json
import os
import secrets
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from statements.countries import sync_countries
from statements.models import Delegate, Delivery, KeptAround, Party, Statement, Subscription
from statements.ops.dataset import MANIFEST, NATURAL_KEY_MODELS, bundle_models, export_dataset

from .factories import (
    AliasFactory,
    CitationFactory,
    CouncilSeatFactory,
    DelegateFactory,
    MeetingFactory,
    MentionFactory,
    OrganisationFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    country,
)

ODD_TEXT = (
    "He said: \"We will not 'comply'\" — and left.\r\nSecond line\twith a tab, a backslash \\ and "
    "«guillemets», русский, العربية \u200f(right-to-left mark), 中文, emoji 🕊️, a line separator \u2028, "
    "combining e\u0301, <script>alert(1)</script> and the word null."
)


def build_archive():
    """A small archive with one of everything, odd values and a corrected statement. Returns the corrected one."""
    User = get_user_model()
    editor = User.objects.create_user(
        "editor", "editor@example.org", "a long passphrase", first_name="Zoë", last_name="O'Brien"
    )
    editor.last_login = datetime.datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=datetime.UTC)
    editor.save()
    reviewer = User.objects.create_user("reviewer", "", "")
    group = Group.objects.create(name="reviewers")
    group.permissions.add(Permission.objects.get(codename="change_statement"))
    editor.groups.add(group)
    reviewer.user_permissions.add(Permission.objects.get(codename="view_source"))
    Token.objects.create(user=editor)

    un = OrganisationFactory(code="un-secretariat", name="UN Secretariat", short_name="")
    speaker = DelegateFactory(full_name="Vasily Nebenzya", sort_name="Nebenzya, Vasily")
    AliasFactory(delegate=speaker, name="Василий Небензя")
    PositionFactory(delegate=speaker, party=country("RUS"), end=None)
    PositionFactory(delegate=speaker, party=country("RUS"), start=None, end=datetime.date(2019, 12, 31))
    briefer = DelegateFactory(full_name="Rosemary DiCarlo", sort_name="DiCarlo, Rosemary")
    CouncilSeatFactory(start=None, end=None)
    gone = DelegateFactory(full_name="Deleted Person")

    source = SourceFactory(text=ODD_TEXT, published_on=None, retrieved_on=datetime.date(2024, 6, 29))
    meeting = MeetingFactory(
        start_time=datetime.time(10, 5, 30), number=None, record_symbol="S/PV.9669", summary=ODD_TEXT
    )
    meeting.requested_by.add(country("USA"), un)
    meeting.briefers.add(briefer)
    meeting.sources.add(source)
    quiet = MeetingFactory(title="", kind="", number=0, start_time=None)

    first = StatementFactory(meeting=meeting, speaker=speaker, party=country("RUS"), text=ODD_TEXT, sequence=1)
    first.topics.add(TopicFactory(name="Arms embargo", slug="arms-embargo"))
    CitationFactory(statement=first, source=source, start=0, end=10)
    MentionFactory(statement=first, party=country("USA"))
    MentionFactory(statement=first, party=un, relation="supports")
    reply = StatementFactory(
        meeting=meeting, speaker=None, party=country("USA"), speaker_title="", text="null", reply_to=first, sequence=2
    )
    StatementFactory(meeting=None, speaker=briefer, party=un, kind="paraphrase", text="", sequence=None)
    StatementFactory(meeting=quiet, language="fr", text="Nous rejetons ces accusations.", cite=False)

    # Two corrections by an editor, each with its reason: the history then holds three rows.
    for text, reason in [("A corrected quote.", "Typo in the quote"), ("The final quote.", "Checked the record")]:
        reply.text = text
        reply._history_user = editor
        reply._change_reason = reason
        reply.save()
    gone.delete()
    return reply


def concrete_columns(model):
    return [column.attname for column in model._meta.local_concrete_fields]


def snapshot():
    """Every row of every table of the bundle, every column, in primary-key order."""
    return {
        model._meta.db_table: list(model._base_manager.order_by("pk").values_list(*concrete_columns(model)))
        for model in bundle_models()
    }


def empty_like_a_new_database():
    """Delete every row of the bundle's tables, then load what migrations load: countries and a role group."""
    with connection.cursor() as cursor:
        for model in reversed(bundle_models()):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    sync_countries(Party)
    Group.objects.create(name="editors").permissions.add(Permission.objects.get(codename="add_statement"))


def read_manifest(bundle):
    return json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))


def rewrite(bundle, file_name, change):
    """Change a file of the bundle and put its new checksum in the manifest, as a careful forger would."""
    path = bundle / file_name
    path.write_bytes(change(path.read_bytes()))
    manifest = read_manifest(bundle)
    for table in manifest["tables"]:
        if table["file"] == file_name:
            table["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (bundle / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def rows_of(bundle, file_name):
    return [json.loads(line) for line in (bundle / file_name).read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def bundle(tmp_path):
    build_archive()
    path = tmp_path / "bundle"
    export_dataset(path)
    return path


def import_fails(bundle):
    with pytest.raises(CommandError) as error:
        call_command("import_dataset", str(bundle), stdout=io.StringIO())
    message = str(error.value)
    assert "\n" not in message
    return message


@pytest.mark.django_db
def test_a_restore_gives_back_every_row_of_every_table_field_by_field(tmp_path):
    corrected = build_archive()
    before = snapshot()
    out = io.StringIO()
    call_command("export_dataset", str(tmp_path / "bundle"), stdout=out)
    assert out.getvalue().startswith(f"Exported {sum(map(len, before.values())):,} rows of {len(before)} tables to ")

    empty_like_a_new_database()
    assert snapshot() != before
    out = io.StringIO()
    call_command("import_dataset", str(tmp_path / "bundle"), stdout=out)

    assert out.getvalue().startswith(f"Imported {sum(map(len, before.values())):,} rows of {len(before)} tables from ")
    after = snapshot()
    for table, rows in before.items():
        assert after[table] == rows, table
    # The corrections history came back with who made each change and why.
    history = Statement.history.filter(id=corrected.pk).order_by("history_id")
    assert [(row.history_type, row.history_change_reason, row.text) for row in history] == [
        ("+", None, "null"),
        ("~", "Typo in the quote", "A corrected quote."),
        ("~", "Checked the record", "The final quote."),
    ]
    assert history.last().history_user.username == "editor"
    assert Delegate.history.filter(full_name="Deleted Person", history_type="-").exists()
    assert get_user_model().objects.get(username="editor").check_password("a long passphrase")


@pytest.mark.django_db
def test_after_a_restore_new_rows_get_fresh_ids(bundle):
    highest = Statement.objects.order_by("-pk").first().pk
    empty_like_a_new_database()
    call_command("import_dataset", str(bundle), stdout=io.StringIO())

    statement = StatementFactory()
    assert statement.pk > highest
    assert statement.history.get().history_id > max(
        row["history_id"] for row in rows_of(bundle, "statements_historicalstatement.jsonl")
    )


@pytest.mark.django_db
def test_every_model_of_the_app_has_its_file_in_the_bundle(bundle):
    listed = {table["table"]: table for table in read_manifest(bundle)["tables"]}
    app_models = {
        model._meta.concrete_model for model in apps.get_app_config("statements").get_models(include_auto_created=True)
    }
    # What the database makes from the other tables is not archived (an import makes it again).
    required = {model._meta.db_table for model in app_models} - {KeptAround._meta.db_table}
    # The corrections history and its authors, their groups and tokens are part of the archive.
    required |= {"statements_historicalstatement", "auth_user", "auth_group", "auth_user_groups", "authtoken_token"}
    assert required <= set(listed)
    for table in listed.values():
        assert (bundle / table["file"]).is_file()
        assert len(rows_of(bundle, table["file"])) == table["rows"]


@pytest.mark.django_db
def test_every_foreign_key_of_the_bundle_points_into_it_or_at_a_natural_key():
    models = bundle_models()
    natural = {apps.get_model(label) for label in NATURAL_KEY_MODELS}
    for position, model in enumerate(models):
        for column in model._meta.local_concrete_fields:
            if column.is_relation:
                target = column.related_model._meta.concrete_model
                assert target in models or target in natural, f"{model._meta.label}.{column.name}"
                # Loaded before the rows that refer to it (a statement may reply to a statement).
                assert target in natural or target is model or models.index(target) < position


@pytest.mark.django_db
def test_the_files_keep_types_nulls_and_text_exactly(bundle):
    statements = {row["sequence"]: row for row in rows_of(bundle, "statements_statement.jsonl")}
    assert statements[1]["text"] == ODD_TEXT
    assert statements[None]["text"] == "" and statements[None]["meeting_id"] is None
    created = datetime.datetime.fromisoformat(statements[1]["created"])
    assert created == Statement.objects.get(sequence=1).created and created.utcoffset() == datetime.timedelta(0)
    meetings = {row["record_symbol"]: row for row in rows_of(bundle, "statements_meeting.jsonl")}
    assert meetings["S/PV.9669"]["start_time"] == "10:05:30" and meetings["S/PV.9669"]["number"] is None
    assert meetings[""]["number"] == 0 and meetings[""]["kind"] == ""
    # Permissions are named, not numbered: migrate numbers them differently in each database.
    reviewers = Group.objects.get(name="reviewers").pk
    granted = [
        row["permission_id"] for row in rows_of(bundle, "auth_group_permissions.jsonl") if row["group_id"] == reviewers
    ]
    assert granted == [["change_statement", "statements", "statement"]]
    # The search vector is the database's to compute, not a column of the bundle.
    assert "search_vector" not in statements[1]
    manifest = read_manifest(bundle)
    assert manifest["migrations"]["statements"].startswith("00")
    assert manifest["secrets"] is True


@pytest.mark.django_db
def test_without_secrets_it_leaves_out_the_subscribers_addresses(tmp_path):
    build_archive()
    subscription = Subscription.objects.create(email="reader@example.org", query="q=embargo", title="embargo")
    Delivery.objects.create(subscription=subscription, statement=Statement.objects.first())
    export_dataset(tmp_path / "private", secrets=True)
    export_dataset(tmp_path / "shared", secrets=False)

    assert [row["email"] for row in rows_of(tmp_path / "private", "statements_subscription.jsonl")] == [
        "reader@example.org"
    ]
    assert rows_of(tmp_path / "shared", "statements_subscription.jsonl") == []
    assert rows_of(tmp_path / "shared", "statements_delivery.jsonl") == []
    assert not any(b"reader@example.org" in path.read_bytes() for path in (tmp_path / "shared").iterdir())


@pytest.mark.django_db
def test_without_secrets_it_leaves_out_tokens_and_password_hashes(tmp_path):
    build_archive()
    history = Statement.history.count()
    export_dataset(tmp_path / "bundle", secrets=False)

    assert rows_of(tmp_path / "bundle", "authtoken_token.jsonl") == []
    assert {row["password"] for row in rows_of(tmp_path / "bundle", "auth_user.jsonl")} == {"!"}
    empty_like_a_new_database()
    call_command("import_dataset", str(tmp_path / "bundle"), stdout=io.StringIO())
    assert not get_user_model().objects.get(username="editor").has_usable_password()
    assert Statement.history.count() == history


@pytest.mark.django_db
def test_it_refuses_a_file_changed_after_the_export(bundle):
    empty_like_a_new_database()
    before = snapshot()
    path = bundle / "statements_statement.jsonl"
    path.write_bytes(path.read_bytes().replace(b"The final quote.", b"The forged quote"))

    assert import_fails(bundle) == (
        f"Import failed: {path} does not match its checksum in the manifest; the bundle was changed or damaged."
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_it_refuses_a_bundle_with_a_missing_file(bundle):
    empty_like_a_new_database()
    (bundle / "statements_historicalstatement.jsonl").unlink()

    assert import_fails(bundle) == f"Import failed: {bundle / 'statements_historicalstatement.jsonl'} is missing."
    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_directory_without_a_manifest(tmp_path):
    assert "manifest.json is missing" in import_fails(tmp_path)
    (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    assert import_fails(tmp_path).startswith(f"Import failed: cannot read {tmp_path / MANIFEST}: ")


@pytest.mark.django_db
def test_it_refuses_a_database_that_holds_records_and_changes_nothing(bundle):
    # The archive the bundle came from is still there: importing would duplicate or clash.
    before = snapshot()

    assert "is not empty (statements_party has rows)" in import_fails(bundle)
    assert snapshot() == before


@pytest.mark.django_db
def test_it_refuses_a_database_with_one_delegate(bundle):
    empty_like_a_new_database()
    DelegateFactory()

    assert "is not empty (statements_delegate has rows)" in import_fails(bundle)
    assert Delegate.objects.count() == 1 and not Statement.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_bundle_written_at_another_schema(bundle):
    empty_like_a_new_database()
    manifest = read_manifest(bundle)
    current = manifest["migrations"]["statements"]
    manifest["migrations"]["statements"] = "0003_constraint_messages_and_citation_offsets"
    (bundle / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    assert import_fails(bundle) == (
        "Import failed: the bundle was written at another schema: statements is at "
        f"'0003_constraint_messages_and_citation_offsets' in the bundle and at '{current}' in this database; "
        "restore with the matching version of the code."
    )


@pytest.mark.django_db
def test_a_bad_row_in_the_last_table_rolls_back_every_table(bundle):
    empty_like_a_new_database()
    before = snapshot()
    last = bundle_models()[-1]._meta.db_table
    rewrite(bundle, f"{last}.jsonl", lambda data: data + b'{"id": "one"}\n')

    assert import_fails(bundle).startswith(f"Import failed: {last}.jsonl line ")
    assert snapshot() == before


@pytest.mark.django_db
def test_a_row_that_points_at_nothing_is_refused_and_rolls_back(bundle):
    empty_like_a_new_database()
    before = snapshot()
    rewrite(
        bundle,
        "statements_mention.jsonl",
        lambda data: data.replace(b'"party_id": ', b'"party_id": 9999999', 1),
    )

    assert import_fails(bundle).startswith("Import failed: the bundle's rows break a constraint: ")
    assert snapshot() == before


@pytest.mark.django_db
def test_a_row_naming_an_unknown_permission_is_refused(bundle):
    empty_like_a_new_database()
    rewrite(bundle, "auth_group_permissions.jsonl", lambda data: data.replace(b"change_statement", b"fly_statement"))

    message = import_fails(bundle)
    assert message.startswith("Import failed: auth_group_permissions.jsonl line ")
    assert message.endswith(": no permission ['fly_statement', 'statements', 'statement'] in this database.")


@pytest.mark.django_db
def test_export_refuses_a_directory_that_holds_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(CommandError, match="is not empty; export into a new or empty directory"):
        call_command("export_dataset", str(tmp_path), stdout=io.StringIO())
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_a_bad_bundle_on_the_command_line_gives_one_line_and_a_non_zero_exit(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_dataset", str(tmp_path / "nowhere")],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"CommandError: Import failed: {tmp_path / 'nowhere' / MANIFEST} is missing: "
        f"{tmp_path / 'nowhere'} is not a bundle written by export_dataset."
    ]


@pytest.mark.django_db
def test_an_unreachable_database_gives_one_line_and_a_non_zero_exit(bundle):
    # Port 1 on this machine: nothing listens there, so the connection is refused at once.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "import_dataset", str(bundle)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("CommandError: Import failed: the database failed: connection to server at ")


def run_manage(database_url, *args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def fresh_postgres_database():
    """A new, empty PostgreSQL database next to the test database; dropped afterwards. Yields its URL."""
    import psycopg2

    server = connection.settings_dict
    name = f"{server['NAME'].removeprefix('test_')}_restore_{secrets.token_hex(4)}"
    admin = psycopg2.connect(
        dbname="postgres", user=server["USER"], password=server["PASSWORD"], host=server["HOST"], port=server["PORT"]
    )
    admin.autocommit = True
    credentials = quote(server["USER"] or "", safe="") + (
        f":{quote(server['PASSWORD'], safe='')}" if server["PASSWORD"] else ""
    )
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield f"postgres://{credentials}@{server['HOST'] or 'localhost'}:{server['PORT'] or 5432}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_bundle_restores_into_a_newly_migrated_postgresql_database(tmp_path, fresh_postgres_database):
    import psycopg2

    build_archive()
    export_dataset(tmp_path / "bundle")
    run_manage(fresh_postgres_database, "migrate", "--noinput", "--verbosity", "0")

    assert run_manage(fresh_postgres_database, "import_dataset", str(tmp_path / "bundle")).startswith("Imported ")

    # What the restored database holds, exported again, is the same bundle, file for file: every
    # column of every row (and the permissions, numbered by that database's own migrate, by name).
    run_manage(fresh_postgres_database, "export_dataset", str(tmp_path / "again"))
    original, again = read_manifest(tmp_path / "bundle"), read_manifest(tmp_path / "again")
    assert again["migrations"] == original["migrations"]
    for table, copy in zip(original["tables"], again["tables"], strict=True):
        assert (copy["file"], copy["rows"]) == (table["file"], table["rows"])
        assert rows_of(tmp_path / "again", copy["file"]) == rows_of(tmp_path / "bundle", table["file"]), table["file"]

    # A statement written after the restore gets an id (and a history id) no restored row has.
    created = run_manage(
        fresh_postgres_database,
        "shell",
        "-c",
        "from statements.models import Statement; s = Statement.objects.create(date='2025-01-01', text='After');"
        "print(s.pk, s.history.get().history_id)",
    )
    # Django's shell may print a line about its automatic imports first.
    statement_id, history_id = map(int, created.splitlines()[-1].split())
    assert statement_id > max(row["id"] for row in rows_of(tmp_path / "bundle", "statements_statement.jsonl"))
    history_file = "statements_historicalstatement.jsonl"
    assert history_id > max(row["history_id"] for row in rows_of(tmp_path / "bundle", history_file))
    # The database computed every restored statement's search vector.
    restored = psycopg2.connect(fresh_postgres_database)
    try:
        with restored.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM statements_statement "
                "WHERE search_vector IS NULL OR search_vector <> to_tsvector('english'::regconfig, text)"
            )
            assert cursor.fetchone() == (0,)
            cursor.execute(
                "SELECT id FROM statements_statement WHERE search_vector @@ to_tsquery('english', 'guillemets')"
            )
            assert cursor.fetchall() == [(Statement.objects.get(text=ODD_TEXT).pk,)]
            # What lies around each statement was made once the rows were in (around_table.paused).
            cursor.execute("SELECT count(*) FROM statements_keptaround")
            assert cursor.fetchone()[0] == KeptAround.objects.count() > 0
    finally:
        restored.close()
    assert "up to date" in run_manage(fresh_postgres_database, "keep_around", "--check")
