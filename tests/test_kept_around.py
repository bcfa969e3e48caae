"""What lies around each statement, kept by PostgreSQL's triggers (statements/around_table.py).

After every kind of write the kept rows must be what the six tables give, and what the API and the
pages read from them must be what `rows.around` reads from the six tables (as it does on SQLite).
"""

import datetime
import io
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from statements import around_table, prepared, rows
from statements.models import Citation, Delegate, KeptAround, Mention, Party, Source, Statement, Topic
from tests.factories import (
    CitationFactory,
    DelegateFactory,
    MentionFactory,
    RecordCheckFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    country,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def differences():
    with connection.cursor() as cursor:
        return around_table.differences(cursor)


def from_six_tables(ids):
    """rows.around as it reads the six tables (SQLite's way), on PostgreSQL."""
    with connection.cursor() as cursor:
        prepared.run(cursor, "test_around_union", rows._around_template(), list(ids))
        return rows.collect(cursor.fetchall())


@pytest.fixture
def statement():
    found = StatementFactory(party=country("RUS"))
    found.topics.add(TopicFactory(slug="arms-embargo", name="Arms embargo"), TopicFactory(slug="a", name="Aardvark"))
    found.joint_parties.add(country("CHN"))
    MentionFactory(statement=found, party=country("PRK"))
    return found


def test_the_installed_function_is_the_one_the_code_makes():
    with connection.cursor() as cursor:
        assert around_table.installed_matches(cursor), (
            "statements_keep_around differs from statements/around_table.py: add a migration that runs install()"
        )


def test_a_statement_with_its_parts_is_kept_as_the_six_tables_give_it(statement):
    assert differences() == []
    kept = rows.around([statement.pk])
    assert kept == from_six_tables([statement.pk])
    assert [topic.slug for topic in kept.topics[statement.pk]] == ["a", "arms-embargo"]  # by name
    assert [party.code for party in kept.joint_parties[statement.pk]] == ["CHN"]
    assert [(mention.party_code, mention.relation) for mention in kept.mentions[statement.pk]] == [("PRK", "accuses")]
    assert len(kept.citations[statement.pk]) == 1


def test_a_statement_with_nothing_around_it_has_no_row():
    alone = StatementFactory(cite=False)
    assert not KeptAround.objects.filter(statement_id=alone.pk).exists()
    assert rows.around([alone.pk]) == from_six_tables([alone.pk])


def test_each_write_to_a_part_rewrites_the_row(statement):
    ids = [statement.pk]
    writes = [
        lambda: CitationFactory(statement=statement, start=3, end=9),
        lambda: Citation.objects.filter(statement=statement).order_by("id").first().delete(),
        lambda: Mention.objects.filter(statement=statement).update(relation=Mention.Relation.SUPPORTS),
        lambda: statement.topics.remove(statement.topics.get(slug="a")),
        lambda: statement.joint_parties.set([country("GBR"), country("USA")]),
        lambda: Topic.objects.filter(slug="arms-embargo").update(name="Embargo on arms"),
        lambda: Source.objects.filter(statements=statement).update(title="A corrected title", publisher="Another"),
        lambda: Party.objects.filter(code="PRK").update(short_name="DPRK"),
        lambda: RecordCheckFactory(statement=statement),
    ]
    for write in writes:
        before = rows.around(ids)
        write()
        after = rows.around(ids)
        assert after == from_six_tables(ids)
        assert after != before, write
    assert differences() == []


def test_replies_follow_their_date_order_speaker_and_party(statement):
    first = StatementFactory(reply_to=statement, date=datetime.date(2024, 7, 2), party=country("USA"))
    second = StatementFactory(reply_to=statement, date=datetime.date(2024, 7, 1), party=country("GBR"))
    assert [reply.id for reply in rows.around([statement.pk]).replies[statement.pk]] == [second.pk, first.pk]
    Statement.objects.filter(pk=second.pk).update(date=datetime.date(2024, 7, 3))
    assert [reply.id for reply in rows.around([statement.pk]).replies[statement.pk]] == [first.pk, second.pk]
    Delegate.objects.filter(pk=first.speaker_id).update(full_name="A renamed envoy")
    Party.objects.filter(code="USA").update(name="United States of America", short_name="")
    reply = rows.around([statement.pk]).replies[statement.pk][0]
    assert (reply.speaker_name, reply.party_name) == ("A renamed envoy", "United States of America")
    # Moved to another statement, then deleted: each target's row follows.
    other = StatementFactory()
    Statement.objects.filter(pk=first.pk).update(reply_to=other)
    assert [reply.id for reply in rows.around([other.pk]).replies[other.pk]] == [first.pk]
    Statement.objects.get(pk=second.pk).delete()
    assert statement.pk not in rows.around([statement.pk]).replies
    assert differences() == []


def test_a_changed_speech_changes_the_passage_of_the_quotes_checked_against_it(statement):
    check = RecordCheckFactory(statement=statement, start=0, end=5)
    speech = check.speech
    Statement.objects.filter(pk=speech.pk).update(text="Peace now, and peace tomorrow.", label="Russia (speech)")
    kept = rows.around([statement.pk]).checks[statement.pk][0]
    assert (kept.passage, kept.speech_label) == ("Peace", "Russia (speech)")
    assert differences() == []


def test_a_deleted_statement_leaves_no_row(statement):
    pk = statement.pk
    statement.delete()
    assert not KeptAround.objects.filter(statement_id=pk).exists()
    assert differences() == []


def test_bulk_writes_are_kept_too():
    statements = [StatementFactory(cite=False) for _ in range(5)]
    source = SourceFactory()
    Citation.objects.bulk_create(Citation(statement=s, source=source) for s in statements)
    Mention.objects.bulk_create(Mention(statement=s, party=country("RUS"), relation="accuses") for s in statements)
    kept = rows.around(s.pk for s in statements)
    assert sorted(kept.citations) == sorted(kept.mentions) == sorted(s.pk for s in statements)
    assert differences() == []


def test_renaming_a_delegate_who_replied_to_nothing_rewrites_nothing(statement):
    before = list(KeptAround.objects.order_by("statement_id").values_list("statement_id", "doc"))
    DelegateFactory(full_name="Somebody")
    Delegate.objects.filter(full_name="Somebody").update(full_name="Else")
    assert list(KeptAround.objects.order_by("statement_id").values_list("statement_id", "doc")) == before


@pytest.mark.django_db(transaction=True)
def test_two_writers_adding_citations_at_once_both_show(migrated_rows):
    """Each transaction rewrites the row from what it sees; the row lock makes the second one see the
    first one's citation instead of storing a row without it."""
    target = StatementFactory(cite=False)
    sources = [SourceFactory(), SourceFactory()]
    start = threading.Barrier(2)

    def cite(source):
        try:
            start.wait()
            with transaction.atomic():
                Citation.objects.create(statement=target, source=source)
                time.sleep(0.05)  # the other writer's trigger runs meanwhile
        finally:
            connections.close_all()

    for _ in range(5):
        threads = [threading.Thread(target=cite, args=(source,)) for source in sources]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert differences() == []
        Citation.objects.filter(statement=target).delete()


def test_generated_data_is_kept_though_its_load_skips_the_triggers():
    """generate_data writes by COPY with PostgreSQL's triggers off, then makes the rows in one pass."""
    StatementFactory()  # a statement before the generated ones keeps its row
    call_command(
        "generate_data",
        "--statements",
        "300",
        "--meetings",
        "6",
        "--delegates",
        "40",
        "--batch",
        "120",
        "--verbosity",
        "0",
    )
    assert KeptAround.objects.count() > 290
    assert differences() == []
    call_command("generate_data", "--clear", "--verbosity", "0")
    assert KeptAround.objects.count() == 1
    assert differences() == []


def test_the_command_finds_and_mends_a_row_changed_behind_the_triggers(statement):
    KeptAround.objects.filter(statement_id=statement.pk).update(doc=[])
    with pytest.raises(CommandError, match=f"^1 statement differs from the six tables: {statement.pk}$"):
        call_command("keep_around", "--check")
    call_command("keep_around", stdout=io.StringIO())
    assert differences() == []
    out = io.StringIO()
    call_command("keep_around", "--check", stdout=out)
    assert "up to date" in out.getvalue()
