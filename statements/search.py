"""Full-text search over statements, shared by the API and the HTML search page.

A search is read by `statements.querylang`: its fields (`speaker:`, `country:`, `accuses:`,
dates...) become conditions, and runs of words that name a delegate or a whole country also
match that delegate's statements, or the country's and those mentioning it. The rest is text.

On PostgreSQL the text is read by `websearch_to_tsquery('english', …)`: words are stemmed
("accused" finds "accuses"), "quoted phrases" match as phrases, `or` joins alternatives and
`-word` leaves a word out. The match reads the stored `search_vector` column (migration 0005),
`to_tsvector('english', text)` computed once per row, through its GIN index. (Django's
`SearchVector` would compute the vector again for every row it filters, wrapped in COALESCE,
which no index serves.)

On other databases (SQLite in development and tests) the same syntax is applied as
case-insensitive substring matches, with no stemming and no ranking.

Cost at scale: ranking every match of a common word means reading and scoring every matching row
(~400 ms at a million statements). So only a search with at most `RANK_LIMIT` matches is ranked by
relevance; one with more comes newest first, every match still listed and counted. The count is
exact and costs a pass over the matches (~200,000 for a common word at a million statements), so
the callers compute it once per filters and data version and reuse it across pages
(`facets.cached_count`, through `response_cache.cached_count` in the API).
"""

import functools
import html
import re
from typing import NamedTuple

from django.db import connections
from django.db.models import BooleanField, F, FloatField, Func, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

from statements.querylang.parse import parse
from statements.querylang.resolve import interpret


class _TextSearch(Func):
    """SQL over a statement's search document and the query, aliased correctly even in subqueries.

    The document is the stored, indexed `search_vector` column that migration 0005 adds on
    PostgreSQL, next to the statement's `text` under the same table alias.
    """

    document = '{table}."search_vector"'
    query = "websearch_to_tsquery('english'::regconfig, {q})"
    sql = ""

    def __init__(self, q):
        super().__init__(F("text"), Value(q))

    def as_sql(self, compiler, connection, **extra_context):
        text_sql, text_params = compiler.compile(self.source_expressions[0])
        q_sql, q_params = compiler.compile(self.source_expressions[1])
        # text_sql is '"<alias>"."text"'; the column sits next to it under the same alias.
        document = self.document.format(table=text_sql.rsplit(".", 1)[0])
        sql = self.sql.format(document=document, query=self.query.format(q=q_sql))
        return sql, [*text_params, *q_params]


class TextMatches(_TextSearch):
    output_field = BooleanField()
    sql = "{document} @@ {query}"


class TextRank(_TextSearch):
    output_field = FloatField()
    sql = "ts_rank({document}, {query})"


class ParsedQuery(NamedTuple):
    """The free text of a search: every group must match (any one of its terms); no excluded term may."""

    groups: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...]

    @property
    def words(self):
        """Every word the search looks for, for highlighting."""
        return [word for group in self.groups for term in group for word in term.split()]


# Searches with more matches than this come newest first instead of by relevance.
RANK_LIMIT = 1000


class SearchResult(NamedTuple):
    statements: QuerySet  # every match: by relevance up to RANK_LIMIT matches (PostgreSQL), else newest first
    count: int | None  # the exact number of matches; None when not counted yet (`ordered_if_few`)

    @property
    def ranked(self):
        """Whether the statements come by relevance (else newest first)."""
        return "rank" in self.statements.query.annotations


def parse_query(q):
    """The free text of search `q` (its fields aside), lower-cased; raise ValueError saying why when
    nothing usable is left."""
    query = parse(q)
    if not query.groups:
        raise ValueError("Give at least one word to look for.")
    return ParsedQuery(
        tuple(tuple(" ".join(term.words) for term in group) for group in query.groups),
        tuple(" ".join(term.words) for term in query.excluded),
    )


def _uses_postgres(queryset):
    return connections[queryset.db].vendor == "postgresql"


def _text_condition(groups, excluded, postgres):
    """The condition that the text holds every group (any one term each) and no excluded term."""
    if postgres:
        parts = [" or ".join(term.websearch() for term in group) for group in groups]
        parts += ["-" + term.websearch() for term in excluded]
        return Q(TextMatches(" ".join(parts)))
    condition = Q()
    for group in groups:
        alternatives = Q()
        for term in group:
            alternatives |= Q(text__icontains=" ".join(term.words))
        condition &= alternatives
    for term in excluded:
        condition &= ~Q(text__icontains=" ".join(term.words))
    return condition


def interpreted_matches(queryset, interpretation):
    """The statements of `queryset` that match an Interpretation (statements.querylang.resolve), unordered."""
    postgres = _uses_postgres(queryset)
    query = interpretation.query
    matches = interpretation.conditions(queryset)
    plain = interpretation.plain_groups
    if plain or query.excluded:
        matches = matches.filter(_text_condition(plain, query.excluded, postgres))
    groups = query.groups
    for run in interpretation.runs:
        words = _text_condition([groups[index] for index in run.groups], (), postgres)
        matches = matches.filter(words | interpretation.name_condition(run))
    return matches


def match_statements(queryset, q):
    """The statements of `queryset` that match `q`, unordered. Raises ValueError for an unusable query."""
    return interpreted_matches(queryset, interpret(q))


def search_statements(queryset, q, *, count=None):
    """Search `queryset` for `q`: every match, and their exact number.

    `count` is the number of matches when the caller knows it already (a cached count); without it
    this runs one query now, the count. The returned queryset is lazy. Raises ValueError for an
    unusable query.
    """
    interpretation = interpret(q)
    return ordered_matches(interpreted_matches(queryset, interpretation), interpretation.query, count=count)


def ordered_matches(matches, query, *, count=None):
    """`matches` (of `interpreted_matches`) in the order of a search for `query` (a parsed query),
    with their number: as `search_statements`, for a caller that has the matches already."""
    if count is None:
        count = count_matches(matches)
    return SearchResult(_ordered(matches, query, ranked=count <= RANK_LIMIT), count)


def ordered_if_few(matches, query):
    """`matches` in the order of a search with at most RANK_LIMIT of them, not counted (count None):
    for a caller that counts them with the page it reads and checks that they are that few.

    Only the first RANK_LIMIT + 1 matches found are ranked: all of them when they are that few, and
    when they are not the caller drops this order. Ranking every match of a common word before
    finding out took ~0.7 s at a million statements.
    """
    few = matches.filter(pk__in=matches.order_by().values("pk")[: RANK_LIMIT + 1])
    return SearchResult(_ordered(few, query, ranked=True), None)


def first_matches(matches, query):
    """`FirstMatches` of `matches` when `ordered_if_few` ranks them (PostgreSQL, words to look for),
    else None."""
    return FirstMatches(matches, query) if _ranks(matches, query) else None


class FirstMatches:
    """The first RANK_LIMIT + 1 matches found, by relevance: a page of them and their number, in one
    query. The same ids in the same order as `ordered_if_few`'s queryset, on PostgreSQL.

    Why not that queryset: with its count (`PagePagination.paginate_ids_counting_small`) it looks for
    the matches four times (the page, the first ones it takes them from, and both again to count),
    and PostgreSQL plans each `@@` against the column's statistics: for a rare word at a million
    statements (EXPLAIN ANALYZE on a warm connection), 0.42–0.47 ms of planning and 0.9–1.0 ms of
    work, against 0.15–0.18 ms and 0.39 ms here, where a materialized CTE finds them once and the
    page and the count read it.
    """

    def __init__(self, matches, query):
        found = matches.order_by().annotate(rank=TextRank(query.websearch())).values_list("id", "date", "rank")
        self.sql, self.params = found[: RANK_LIMIT + 1].query.get_compiler(matches.db).as_sql()
        self.db = matches.db

    def rows(self, offset, limit):
        """(id, how many the first matches are) of `limit` matches from `offset`, by relevance."""
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"WITH found AS MATERIALIZED ({self.sql}) SELECT id, (SELECT COUNT(*) FROM found) FROM found"
                " ORDER BY rank DESC, date DESC, id DESC LIMIT %s OFFSET %s",
                [*self.params, limit, offset],
            )
            return cursor.fetchall()

    def count(self):
        """How many the first matches are: for a page past the end, where no row carries it."""
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({self.sql}) AS found", self.params)
            return cursor.fetchone()[0]


def _ranks(matches, query):
    """Whether a search for `query` can order `matches` by relevance: words to look for, on PostgreSQL."""
    return query.has_text and _uses_postgres(matches)


def _ordered(matches, query, *, ranked):
    if ranked and _ranks(matches, query):
        return matches.annotate(rank=TextRank(query.websearch())).order_by("-rank", "-date", "-id")
    return matches.order_by("-date", "-id")


def count_matches(matches):
    """The exact number of rows of `matches`, in one `SELECT COUNT(*)` with no join and no order.

    For a common word at a million statements PostgreSQL 15 still reads every matching heap page
    (~300 ms; a bitmap heap scan did not skip all-visible pages in EXPLAIN (ANALYZE, BUFFERS), see
    bench/README.md), which is why callers cache it.
    """
    return matches.order_by().count()


_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "es", "s", "ly")


@functools.lru_cache(maxsize=65536)
def _stem(word):
    """A crude English stemmer, enough to highlight "accused" for a search for "accuses".

    Remembered: a page of results stems every word of 50 texts, mostly the same few thousand.
    """
    word = word.lower().replace("’", "'")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=256)
def _marking(q):
    """(stems, candidates) of a search `q`, or None when it does not parse: the stems of its words,
    and a pattern of the words that may have one of them.

    `_stem` only takes a suffix off a lower-cased word, so a word has a stem of the search only if
    its lower case starts with it. Finding those few words with one pattern, instead of stemming
    every word of every result, took a page of 50 results from ~0.8 ms to ~0.1 ms. The pattern
    does not say that a word starts there (`_at_word_start` does): with a look-behind in front,
    `re` tried it at every character instead of jumping to the stem's letters, five times slower
    (14 against 2.3 µs for a text of 330 characters).
    """
    try:
        stems = frozenset(_stem(word) for word in parse_query(q).words)
    except ValueError:
        return None
    # A stem with other characters than letters and digits ("cease-fire") is no word's.
    starts = sorted((stem for stem in stems if _WORD.fullmatch(stem)), key=len, reverse=True)
    if not starts:
        return stems, None
    alternatives = "|".join(map(re.escape, starts))
    return stems, re.compile(rf"(?:{alternatives})\w*")


def _at_word_start(text, position):
    r"""Whether no word character (`\w`: a letter, digit or underscore) comes just before `position`."""
    return position == 0 or _WORD.match(text, position - 1, position) is None


def highlight(text, q):
    """`text` escaped for HTML, with the words the search looks for wrapped in <mark>…</mark>."""
    marking = _marking(q)
    if marking is None or marking[1] is None:
        return escape(text)
    stems, candidates = marking
    lowered = text.lower()
    if len(lowered) == len(text):
        # The same positions in both: the candidates are found in the lower case, read in `text`.
        # A candidate inside a word ends with that word, so it hides no word that starts later.
        spans = (match.span() for match in candidates.finditer(lowered) if _at_word_start(lowered, match.start()))
    else:
        # A letter whose lower case is longer ("İ"): every word, as they stand.
        spans = (match.span() for match in _WORD.finditer(text))
    # The text between two marked words is escaped in one piece (escaping works character by
    # character, so the result is the same as word by word, at a fraction of the calls), with the
    # standard library's escape, which is Django's without the safe string made of each piece.
    pieces, position = [], 0
    for start, end in spans:
        word = text[start:end]
        if _stem(word) in stems:
            pieces.append(html.escape(text[position:start]))
            pieces.append(f"<mark>{html.escape(word)}</mark>")
            position = end
    pieces.append(html.escape(text[position:]))
    return mark_safe("".join(pieces))
