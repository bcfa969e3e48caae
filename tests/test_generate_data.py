"""`manage.py generate_data`: synthetic data for load tests, and `--clear` to remove it."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max, Min

from statements.models import (
    Alias,
    Body,
    Citation,
    Delegate,
    Meeting,
    Mention,
    Party,
    Position,
    Source,
    Statement,
    Topic,
)
from statements.ops import synthetic
from statements.ops.demo import load_demo

SMALL = ["--statements", "300", "--meetings", "6", "--delegates", "40", "--seed", "7", "--batch", "120"]


def generate(*args):
    out = io.StringIO()
    call_command("generate_data", *args, "--verbosity", "0", stdout=out)
    return out.getvalue()


def snapshot():
    """Everything a generated statement says, in an order and form that does not depend on ids."""
    return list(
        Statement.objects.filter(meeting__record_symbol__startswith=synthetic.SYMBOL_PREFIX)
        .order_by("meeting__record_symbol", "sequence")
        .values_list("meeting__record_symbol", "sequence", "date", "party__code", "speaker__full_name", "kind", "text")
    )


def counts():
    models = [Statement, Citation, Mention, Meeting, Source, Delegate, Position, Alias, Topic, Body, Party]
    return {model.__name__: model.objects.count() for model in models}


def check_generated_rows(output):
    assert Statement.objects.count() == 300
    # Every statement has exactly one citation, to its meeting's own synthetic source.
    assert Citation.objects.count() == 300
    assert not Statement.objects.filter(citations=None).exists()
    assert not Citation.objects.exclude(source__url__startswith=synthetic.SYNTHETIC_URL).exists()
    assert Meeting.objects.count() == 6
    assert Source.objects.count() == 6
    assert Delegate.objects.count() == 40
    # Sequences run 1..n within each meeting, without gaps or repeats.
    for row in Statement.objects.values("meeting").annotate(n=Count("id"), low=Min("sequence"), high=Max("sequence")):
        assert (row["low"], row["high"]) == (1, row["n"])
    assert Statement.objects.values("meeting", "sequence").distinct().count() == 300
    # One meeting has exactly 200 statements, for the meeting-page benchmark, and the output names it.
    bench = Meeting.objects.get(record_symbol=f"{synthetic.SYMBOL_PREFIX}1")
    assert bench.statements.count() == 200
    assert f"Meeting with 200 statements: id {bench.pk} " in output
    # Replies answer an earlier statement of the same meeting.
    for statement in Statement.objects.exclude(reply_to=None).select_related("reply_to"):
        assert statement.reply_to.meeting_id == statement.meeting_id
        assert statement.reply_to.sequence < statement.sequence
    assert Mention.objects.exists()
    assert Statement.topics.through.objects.count() >= 300
    # Speakers hold a position for the party they speak for on the day they speak.
    for statement in Statement.objects.exclude(speaker=None).select_related("speaker")[:50]:
        positions = Position.objects.filter(delegate=statement.speaker, party=statement.party)
        assert positions.on_date(statement.date).exists()


@pytest.mark.django_db
def test_it_generates_the_requested_numbers_of_rows():
    output = generate(*SMALL)

    check_generated_rows(output)
    assert "Generated 300 statements" in output


@pytest.mark.django_db
def test_it_uses_only_real_un_member_states():
    generate(*SMALL)

    parties = Party.objects.filter(statements__isnull=False).distinct()
    assert parties.exists()
    assert not parties.exclude(kind=Party.Kind.STATE, un_status="member").exists()
    assert not Position.objects.exclude(party__un_status="member").exists()


@pytest.mark.django_db
def test_it_marks_every_generated_row_as_synthetic():
    generate(*SMALL)

    assert not Meeting.objects.exclude(record_symbol__startswith=synthetic.SYMBOL_PREFIX).exists()
    assert not Meeting.objects.exclude(summary=synthetic.SUMMARY).exists()
    assert not Source.objects.exclude(url__startswith="https://synthetic.example/").exists()
    marked = Alias.objects.filter(name__endswith=synthetic.ALIAS_SUFFIX, kind=Alias.Kind.OTHER)
    assert marked.values("delegate").distinct().count() == Delegate.objects.count()


@pytest.mark.django_db
def test_it_gives_the_same_data_for_the_same_seed():
    generate(*SMALL)
    first = snapshot()
    generate("--clear", *SMALL)

    assert snapshot() == first
    generate("--clear", *SMALL[:-4], "--seed", "8")
    assert snapshot() != first


@pytest.mark.django_db
def test_it_writes_the_common_search_word_in_about_a_fifth_of_statements():
    generate("--statements", "2000", "--meetings", "20", "--delegates", "50")

    share = Statement.objects.filter(text__icontains=synthetic.COMMON_WORD).count() / 2000
    assert 0.15 < share < 0.25
    assert Statement.objects.filter(text__icontains=synthetic.RARE_WORD).count() < 10


def test_no_stock_phrase_contains_the_common_or_a_rare_word():
    lists = [words for words in synthetic.VOCABULARY.values() if words is not synthetic.RARE_WORDS]
    phrases = [phrase for words in lists for phrase in words]
    phrases += synthetic.PLAIN_SENTENCES + [s for group in synthetic.MENTION_SENTENCES.values() for s in group]
    for phrase in phrases:
        assert "secur" not in phrase.lower()
        assert not any(word in phrase.lower() for word in synthetic.RARE_WORDS)


def test_country_names_read_with_the_article_where_english_needs_it():
    assert synthetic.in_running_text("United Kingdom") == "the United Kingdom"
    assert synthetic.in_running_text("Philippines") == "the Philippines"
    assert synthetic.in_running_text("France") == "France"


@pytest.mark.django_db
def test_clear_removes_synthetic_rows_and_keeps_the_demo_meeting():
    load_demo()
    before = counts()
    demo_statements = set(Statement.objects.values_list("id", "text"))
    generate(*SMALL)

    output = io.StringIO()
    call_command("generate_data", "--clear", stdout=output)

    assert counts() == before
    assert set(Statement.objects.values_list("id", "text")) == demo_statements
    assert Meeting.objects.get().press_release == "SC/15755"
    assert "Deleted synthetic data: " in output.getvalue()


@pytest.mark.django_db
def test_clear_keeps_a_real_statement_that_answers_a_synthetic_one():
    generate(*SMALL)
    real_meeting = Meeting.objects.create(body=Body.objects.first(), date="2024-01-05")
    answered = Statement.objects.first()
    reply = Statement.objects.create(meeting=real_meeting, date="2025-12-31", text="Nonsense.", reply_to=answered)

    generate("--clear")

    reply.refresh_from_db()
    assert reply.reply_to is None
    assert list(Statement.objects.all()) == [reply]


@pytest.mark.django_db
def test_it_adds_to_existing_real_statements_without_touching_them():
    load_demo()
    demo = set(Statement.objects.values_list("id", "text", "meeting_id", "sequence"))

    generate(*SMALL)

    assert demo <= set(Statement.objects.values_list("id", "text", "meeting_id", "sequence"))
    assert Statement.objects.count() == len(demo) + 300


@pytest.mark.django_db
def test_it_refuses_to_generate_twice_without_clear():
    generate(*SMALL)

    with pytest.raises(CommandError, match="already loaded: add --clear"):
        generate(*SMALL)
    assert Statement.objects.count() == 300


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--statements", "-5"], "argument --statements: must be at least 1, got -5"),
        (["--statements", "abc"], "argument --statements: must be a whole number, got 'abc'"),
        (["--statements", "10", "--meetings", "0"], "argument --meetings: must be at least 1, got 0"),
        ([], "Give --statements N to generate data, or --clear to delete synthetic data."),
    ],
)
@pytest.mark.django_db
def test_it_rejects_bad_arguments_with_one_line(args, message):
    with pytest.raises(CommandError) as error:
        generate(*args)

    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert not Statement.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_loads_with_copy_on_postgresql_and_moves_the_id_sequence_on():
    assert connection.vendor == "postgresql"
    output = generate(*SMALL)

    check_generated_rows(output)
    # COPY ran without foreign-key triggers: every reference must still point at a row.
    references = [
        ("statements_statement", "meeting_id", "statements_meeting"),
        ("statements_statement", "speaker_id", "statements_delegate"),
        ("statements_statement", "party_id", "statements_party"),
        ("statements_statement", "reply_to_id", "statements_statement"),
        ("statements_citation", "statement_id", "statements_statement"),
        ("statements_citation", "source_id", "statements_source"),
        ("statements_statement_topics", "statement_id", "statements_statement"),
        ("statements_statement_topics", "topic_id", "statements_topic"),
        ("statements_mention", "statement_id", "statements_statement"),
        ("statements_mention", "party_id", "statements_party"),
    ]
    with connection.cursor() as cursor:
        for table, column, target in references:
            cursor.execute(
                f"SELECT count(*) FROM {table} t LEFT JOIN {target} r ON r.id = t.{column} "
                f"WHERE t.{column} IS NOT NULL AND r.id IS NULL"
            )
            assert cursor.fetchone()[0] == 0, f"{table}.{column} points at a missing row"
    # The sequence continues after the ids COPY wrote, so the ORM can add a statement.
    highest = Statement.objects.aggregate(Max("id"))["id__max"]
    added = Statement.objects.create(date="2024-01-01", text="Next.")
    assert added.pk == highest + 1
    assert re.search(r"in [\d.]+ s \([\d,]+ statements/s", output)
