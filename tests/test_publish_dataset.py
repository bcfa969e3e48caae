"""`publish_dataset DIR`: a public release read back with nothing but the standard library."""

import csv
import dataclasses
import datetime
import gzip
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from statements.api import popolo
from statements.models import (
    Ballot,
    Body,
    Citation,
    CouncilSeat,
    Delegate,
    Meeting,
    Mention,
    Party,
    Source,
    Statement,
    Topic,
    Vote,
)
from statements.ops.publish import codebook
from statements.ops.publish.release import PublishError, publish_dataset
from statements.ops.publish.tables import TABLES, Table

from .factories import (
    AliasFactory,
    BallotFactory,
    CitationFactory,
    CouncilSeatFactory,
    MentionFactory,
    OrganisationFactory,
    PositionFactory,
    StatementFactory,
    TopicFactory,
    VoteFactory,
    country,
    editor_user,
)

# Nothing of these may reach a release: an editor's account and token, and their edit's history.
USER_NAME = "quokka-zanzibar-editor"
USER_EMAIL = "quokka@private.example"
# Text as it was sent: a leading tab, a line separator JSON need not escape, a quote and a comma.
ODD_TEXT = '\tWe reject "this", firmly;\u2028 and \x85 more.'

COUNTS = {
    "statements": Statement,
    "meetings": Meeting,
    "delegates": Delegate,
    "parties": Party,
    "bodies": Body,
    "topics": Topic,
    "sources": Source,
    "mentions": Mention,
    "citations": Citation,
    "votes": Vote,
    "ballots": Ballot,
    "seats": CouncilSeat,
}


def build_archive():
    user = editor_user(USER_NAME, email=USER_EMAIL, password="a long passphrase")
    token = Token.objects.create(user=user)
    statement = StatementFactory(text=ODD_TEXT, party=country("RUS"))
    statement.topics.add(TopicFactory(slug="arms-embargo", name="Arms embargo"))
    # As an edit through the site records it: the history row names its editor.
    statement.history.update(history_user=user, history_change_reason="private note of the editor")
    reply = StatementFactory(reply_to=statement, meeting=statement.meeting, party=country("USA"))
    MentionFactory(statement=reply, party=country("RUS"))
    MentionFactory(statement=reply, party=country("PRK"), relation=Mention.Relation.CRITICISES)
    CitationFactory(statement=reply, start=0, end=5)
    PositionFactory(delegate=statement.speaker, party=country("RUS"))
    AliasFactory(delegate=statement.speaker, name="V. Nebenzia")
    OrganisationFactory(code="un-secretariat", name="United Nations Secretariat")
    vote = VoteFactory(meeting=statement.meeting, in_favour=1, against=1, abstaining=0)
    BallotFactory(vote=vote, party=country("FRA"))
    BallotFactory(vote=vote, party=country("RUS"), choice=Ballot.Choice.AGAINST)
    CouncilSeatFactory(country=country("RUS"), body=statement.meeting.body)
    return token.key


@pytest.fixture(scope="module")
def release(module_db, django_db_blocker, tmp_path_factory):
    """(the release's directory, the token's key): published once for the module's tests."""
    with django_db_blocker.unblock():
        token = build_archive()
        published = publish_dataset(tmp_path_factory.mktemp("releases"), today=datetime.date(2025, 1, 31))
    return published.path, token


def read_csv(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


def read_jsonl(path):
    with gzip.open(path, "rt", encoding="utf-8") as file:
        # One object per line, even with U+2028 in a text: split on "\n" only, as a file reader does.
        return [json.loads(line) for line in file.read().split("\n") if line]


@pytest.mark.django_db
def test_it_names_the_release_for_its_day(release):
    path, _ = release
    assert path.name == "2025-01-31"
    assert not [child.name for child in path.parent.iterdir() if child.name.startswith(".")]


@pytest.mark.django_db
@pytest.mark.parametrize("table", list(COUNTS))
def test_every_table_loads_back_with_the_standard_library_and_counts_the_rows_of_the_database(release, table):
    path, _ = release
    header, csv_rows = read_csv(path / f"{table}.csv.gz")
    jsonl_rows = read_jsonl(path / f"{table}.jsonl.gz")
    expected = COUNTS[table].objects.count()
    assert expected > 0
    assert len(csv_rows) == len(jsonl_rows) == expected
    assert all(list(row) == header for row in jsonl_rows)
    manifest = json.loads((path / "release.json").read_text())
    assert manifest["tables"][table]["rows"] == expected
    key = header[0]
    assert [row[key] for row in csv_rows] == [str(row[key]) for row in jsonl_rows]


@pytest.mark.django_db
def test_text_is_written_as_it_was_sent_in_both_formats(release):
    path, _ = release
    statement = Statement.objects.get(text=ODD_TEXT)
    _, csv_rows = read_csv(path / "statements.csv.gz")
    (csv_row,) = [row for row in csv_rows if row["id"] == str(statement.pk)]
    (json_row,) = [row for row in read_jsonl(path / "statements.jsonl.gz") if row["id"] == statement.pk]
    assert csv_row["text"] == json_row["text"] == ODD_TEXT
    assert json_row["topics"] == ["arms-embargo"]
    assert csv_row["topics"] == "arms-embargo"
    with gzip.open(path / "statements.jsonl.gz", "rt", encoding="utf-8") as file:
        assert "\u2028" not in file.read()


@pytest.mark.django_db
def test_the_ballots_table_has_one_row_per_member_per_vote(release):
    path, _ = release
    _, rows = read_csv(path / "ballots.csv.gz")
    assert sorted((row["party_code"], row["choice"]) for row in rows) == [("FRA", "in-favour"), ("RUS", "against")]


@pytest.mark.django_db
def test_every_file_matches_its_checksum(release):
    path, _ = release
    lines = (path / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert sorted(listed) == sorted(child.name for child in path.iterdir() if child.name != "SHA256SUMS")
    for name, digest in listed.items():
        assert hashlib.sha256((path / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.django_db
def test_no_file_holds_a_user_name_an_email_a_token_or_an_editors_note(release):
    path, token = release
    for child in path.iterdir():
        data = child.read_bytes()
        text = (gzip.decompress(data) if child.suffix == ".gz" else data).decode("utf-8")
        for secret in (USER_NAME, USER_EMAIL, token, "private note of the editor"):
            assert secret not in text, (secret, child.name)


@pytest.mark.django_db
def test_the_codebook_describes_every_column_of_every_file_and_no_other(release):
    path, _ = release
    with (path / "codebook.csv").open(encoding="utf-8", newline="") as file:
        described = {}
        for row in csv.DictReader(file):
            described.setdefault(row["table"], []).append(row["column"])
            assert row["type"] and row["meaning"]
    files = {table: read_csv(path / f"{table}.csv.gz")[0] for table in COUNTS}
    assert described == files
    codebook_md = (path / "codebook.md").read_text()
    assert all(f"| {column} |" in codebook_md for columns in files.values() for column in columns)


def test_the_codebook_says_which_column_it_lacks_or_has_too_many():
    statements = TABLES[0].parts[0][0]
    added = dataclasses.replace(statements, columns=[*statements.columns, ("speaker_mood", "text")])
    with pytest.raises(codebook.CodebookError, match="does not describe column speaker_mood of table statements"):
        codebook.check(Table("statements", "", ((added, None),)))
    removed = dataclasses.replace(statements, columns=[c for c in statements.columns if c[0] != "sequence"])
    with pytest.raises(codebook.CodebookError, match="describes column sequence that table statements does not have"):
        codebook.check(Table("statements", "", ((removed, None),)))


def test_every_table_of_a_release_is_in_the_codebook():
    for table in TABLES:
        codebook.check(table)
    assert [table.name for table in TABLES] == list(codebook.COLUMNS)


@pytest.mark.django_db
def test_the_readme_says_what_when_which_version_how_to_cite_and_the_licences(release):
    path, _ = release
    readme = (path / "README.md").read_text()
    manifest = json.loads((path / "release.json").read_text())
    assert "release 2025-01-31" in readme
    assert f"version {manifest['data_version']}" in readme
    assert "CC-BY-4.0" in readme
    assert "MIT" in readme
    for table in COUNTS:
        assert f"| {table} | {COUNTS[table].objects.count():,} |" in readme


@pytest.mark.django_db
def test_the_release_holds_the_archive_as_popolo_json(release):
    path, _ = release
    with gzip.open(path / "popolo.json.gz", "rt", encoding="utf-8") as file:
        document = json.load(file)
    assert list(document) == list(popolo.COLLECTIONS)
    assert len(document["persons"]) == Delegate.objects.count()
    assert len(document["events"]) == Meeting.objects.count()
    assert len(document["vote_events"]) == Vote.objects.count()


@pytest.mark.django_db
def test_a_second_release_of_the_same_day_gets_the_next_number(tmp_path):
    first = publish_dataset(tmp_path, today=datetime.date(2025, 1, 31))
    second = publish_dataset(tmp_path, today=datetime.date(2025, 1, 31))
    assert (first.path.name, second.path.name) == ("2025-01-31", "2025-01-31-2")


@pytest.mark.django_db
def test_a_run_that_fails_leaves_no_release_and_no_temporary_directory(tmp_path, monkeypatch):
    StatementFactory()

    def broken(site):
        yield "{"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(popolo, "document", broken)
    with pytest.raises(PublishError, match="No space left on device"):
        publish_dataset(tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_links_are_absolute_under_the_address_given(tmp_path):
    statement = StatementFactory()
    published = publish_dataset(tmp_path, base_url="https://data.example.org/")
    (row,) = [row for row in read_jsonl(published.path / "statements.jsonl.gz") if row["id"] == statement.pk]
    assert row[TABLES[0].page_column()] == f"https://data.example.org/statements/{statement.pk}/"
    assert "https://data.example.org/data/" in (published.path / "README.md").read_text()


def one_line_error(*args):
    with pytest.raises(CommandError) as error:
        call_command("publish_dataset", *args, stdout=io.StringIO())
    message = str(error.value)
    assert "\n" not in message
    return message


@pytest.mark.django_db
def test_the_command_fails_in_one_line_when_dir_is_not_a_directory(tmp_path):
    file = tmp_path / "a-file"
    file.write_text("")
    assert one_line_error(str(file)) == f"Publishing failed: {file} is not a directory."
    assert one_line_error(str(tmp_path / "missing")) == f"Publishing failed: {tmp_path / 'missing'} is not a directory."


@pytest.mark.django_db
def test_the_command_fails_in_one_line_on_a_site_address_that_is_not_one(tmp_path):
    message = one_line_error(str(tmp_path), "--base-url", "example.org")
    assert message == "Publishing failed: 'example.org' is not a site address such as https://example.org."
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_the_command_says_where_it_published(tmp_path):
    out = io.StringIO()
    call_command("publish_dataset", str(tmp_path), stdout=out)
    (release,) = tmp_path.iterdir()
    assert f"to {release} in" in out.getvalue()
