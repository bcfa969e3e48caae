"""statements/search.py: parsing web-search syntax, searching on both databases, highlighting."""

import pytest
from django.db import connection
from django.utils.html import escape

from statements import search
from statements.models import Statement
from statements.querylang.names import directory
from statements.search import highlight, parse_query, search_statements
from tests.factories import StatementFactory


def test_it_parses_words_phrases_alternatives_and_exclusions():
    parsed = parse_query('sanctions "nuclear test" or missile -Korea')
    assert parsed.groups == (("sanctions",), ("nuclear test", "missile"))
    assert parsed.excluded == ("korea",)


@pytest.mark.parametrize("q", ["", "   ", "or", '""', "-sanctions", "!!!"])
def test_it_rejects_a_search_with_nothing_to_look_for(q):
    with pytest.raises(ValueError):
        parse_query(q)


def test_it_rejects_a_nul_character_and_an_overlong_search():
    with pytest.raises(ValueError, match="NUL"):
        parse_query("a\x00b")
    with pytest.raises(ValueError, match="longer"):
        parse_query("word " * 200)


def test_it_highlights_the_words_searched_for_and_escapes_the_rest():
    html = highlight("Russia <accused> the West; accusations flew.", "accuses")
    assert html == "Russia &lt;<mark>accused</mark>&gt; the West; <mark>accusations</mark> flew."


@pytest.mark.parametrize(
    "text, q, expected",
    [
        # Upper case, and a word that only starts like one searched for.
        (
            "SECURITY and Security; securitisation, insecurity",
            "security",
            "<mark>SECURITY</mark> and <mark>Security</mark>; securitisation, insecurity",
        ),
        # A letter whose lower case is two characters ("İ" is "i̇"): positions differ from the text's.
        ("İzmir said: security", "security", "İzmir said: <mark>security</mark>"),
        ("Über die Sicherheit; über alles", "über", "<mark>Über</mark> die Sicherheit; <mark>über</mark> alles"),
        # A hyphenated search word is no single word of the text.
        ("a cease-fire now", "cease-fire", "a cease-fire now"),
        (
            # "peaces" stems to "peac": the crude stemmer's, not a word of the search.
            "peace, and peacekeeping & peaces",
            "peace OR keeping",
            "<mark>peace</mark>, and peacekeeping &amp; peaces",
        ),
    ],
)
def test_it_marks_whole_words_whose_stem_is_searched_for(text, q, expected):
    assert highlight(text, q) == expected


@pytest.mark.parametrize(
    "text, q, expected",
    [
        # The stem inside a longer word, glued by letters, digits or an underscore: not a word of its own.
        ("undesalinated x_desalination 2desalination", "desalination", "undesalinated x_desalination 2desalination"),
        # Right after punctuation, a digit-free boundary, or at the very start and end.
        (
            "desalination.(desalination)-desalination",
            "desalination",
            "<mark>desalination</mark>.(<mark>desalination</mark>)-<mark>desalination</mark>",
        ),
        # A candidate inside a word does not hide the word after it.
        ("redesalination desalinations", "desalination", "redesalination <mark>desalinations</mark>"),
        ("sécurité, security", "security", "sécurité, <mark>security</mark>"),
    ],
)
def test_a_stem_counts_only_where_a_word_starts(text, q, expected):
    assert highlight(text, q) == expected


@pytest.mark.parametrize("q", ["security", "accuses OR missile", "über", "desalination"])
def test_the_candidates_mark_what_stemming_every_word_marks(q):
    """`highlight` finds candidates with a pattern; stemming every word of the text (its path for
    texts whose lower case is longer) must mark the same words."""
    text = (
        "SECURITY, insecurity; Security-Council: accused & accusations <missile> missiles_ "
        "2missile über-Über überall desalinated undesalinated x_security security."
    )
    stems = {search._stem(word) for word in parse_query(q).words}
    pieces, position = [], 0
    for match in search._WORD.finditer(text):
        if search._stem(match.group()) in stems:
            pieces += [escape(text[position : match.start()]), f"<mark>{escape(match.group())}</mark>"]
            position = match.end()
    pieces.append(escape(text[position:]))

    assert highlight(text, q) == "".join(pieces)


def test_it_highlights_nothing_for_an_unusable_search():
    assert highlight("<b>", "") == "&lt;b&gt;"


@pytest.mark.django_db
class TestSearch:
    @pytest.fixture
    def statements(self):
        return {
            "sanctions": StatementFactory(text="We oppose unilateral sanctions."),
            "missile": StatementFactory(text="The missile launch violates resolutions."),
            "both": StatementFactory(text="Sanctions will not stop the missile programme."),
        }

    def test_it_finds_statements_that_contain_every_word(self, statements):
        result = search_statements(Statement.objects.all(), "sanctions missile")
        assert list(result.statements) == [statements["both"]]
        assert result.count == 1

    def test_it_finds_either_word_with_or(self, statements):
        result = search_statements(Statement.objects.all(), "unilateral or launch")
        assert set(result.statements) == {statements["sanctions"], statements["missile"]}
        assert result.count == 2

    def test_it_leaves_out_excluded_words(self, statements):
        result = search_statements(Statement.objects.all(), "sanctions -missile")
        assert list(result.statements) == [statements["sanctions"]]

    def test_it_matches_a_quoted_phrase_as_a_phrase(self, statements):
        assert search_statements(Statement.objects.all(), '"missile launch"').count == 1
        assert search_statements(Statement.objects.all(), '"launch missile"').count == 0

    def test_it_counts_every_match_and_orders_newest_first_beyond_the_rank_limit(self, statements, monkeypatch):
        monkeypatch.setattr(search, "RANK_LIMIT", 2)
        result = search_statements(Statement.objects.all(), "missile or sanctions")
        assert result.count == 3
        assert result.ranked is False
        assert list(result.statements) == list(Statement.objects.order_by("-date", "-id"))

    def test_it_takes_a_count_the_caller_knows_and_runs_no_query(self, statements, django_assert_num_queries):
        directory()  # The names of delegates and parties, read once and kept (querylang/names.py).
        with django_assert_num_queries(0):
            result = search_statements(Statement.objects.all(), "missile", count=2)
        assert result.count == 2

    def test_it_searches_within_the_given_selection(self, statements):
        result = search_statements(Statement.objects.exclude(pk=statements["both"].pk), "missile")
        assert list(result.statements) == [statements["missile"]]


@pytest.mark.postgres
@pytest.mark.django_db
class TestPostgresSearch:
    def test_it_stems_english_words(self):
        statement = StatementFactory(text="The delegation accused its neighbour of aggression.")
        assert list(search_statements(Statement.objects.all(), "accuses").statements) == [statement]

    def test_it_ranks_the_closer_match_first(self):
        weak = StatementFactory(text="Sanctions were discussed among many other matters of the day.")
        strong = StatementFactory(text="Sanctions, sanctions and more sanctions.")
        assert list(search_statements(Statement.objects.all(), "sanctions").statements) == [strong, weak]

    def test_the_match_uses_the_gin_index(self):
        StatementFactory.create_batch(3)
        queryset = search_statements(Statement.objects.all(), "missile").statements
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            plan = queryset.explain()
            cursor.execute("SET enable_seqscan = on")
        assert "statement_search_vector_idx" in plan
