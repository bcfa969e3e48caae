"""One loader of what lies around a page of statements: topics, citations, mentions, replies,
the further parties of joint statements and the checks of quotes against the official record.

The pages and the API both show a list of statements with these, which live in other tables.
`prefetch_related` would build a queryset per statement and relation (~20 ms for a page of 50);
instead `around()` reads them as plain rows in one query, whatever the number of statements and
none when there are none, in one order that both faces show.
"""

import functools
from collections import defaultdict
from typing import NamedTuple

import orjson
from django.db import connection

from statements import prepared
from statements.models import Citation, Delegate, KeptAround, Mention, Party, RecordCheck, Source, Statement, Topic


class TopicRow(NamedTuple):
    slug: str
    name: str


class CitationRow(NamedTuple):
    source_id: int
    url: str
    title: str
    publisher: str
    kind: str
    start: int | None
    end: int | None


class MentionRow(NamedTuple):
    relation: str
    party_kind: str
    party_code: str
    party_name: str


class ReplyRow(NamedTuple):
    id: int
    speaker_name: str | None
    party_name: str | None


class PartyRow(NamedTuple):
    kind: str
    code: str
    name: str


class CheckRow(NamedTuple):
    """A quote checked against the record: the verdict, and the speech's passage when found."""

    result: str
    score: float
    speech_id: int | None
    start: int | None
    end: int | None
    passage: str
    speech_label: str


class Around(NamedTuple):
    """{statement id: [rows]} for each relation; a statement with none is absent.

    `checks` holds at most one row per statement.
    """

    topics: dict
    citations: dict
    mentions: dict
    replies: dict
    joint_parties: dict = {}
    checks: dict = {}


def around(statement_ids):
    """The related rows of the statements with `statement_ids`. One query, none without ids.

    Orders: topics by name; citations and mentions as they were recorded (by id), so the first
    citation is the source a statement was taken from; replies as they were made (date, then
    order in the meeting).
    """
    ids = list(statement_ids)
    if not ids:
        return Around({}, {}, {}, {})
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Kept per statement by PostgreSQL (statements/around_table.py): one row each.
            prepared.run(cursor, "statements_around_kept", kept_template(), ids)
            return collect_kept(cursor.fetchall())
        prepared.run(cursor, "statements_around", _around_template(), ids)
        return collect(cursor.fetchall())


@functools.cache
def kept_template():
    """The kept rows (statement id, doc) of the statements whose ids are tested at `{ids}`."""
    table = connection.ops.quote_name(KeptAround._meta.db_table)
    return f"SELECT statement_id, doc FROM {table} WHERE statement_id {{ids}}"


def collect_kept(fetched):
    """The Around of (statement id, kept doc) rows, the doc as PostgreSQL sends it (JSON text; Django
    leaves jsonb unparsed) or None for a statement with nothing around it."""
    grouped = [defaultdict(list) for _ in _ROW_TYPES]
    for statement_id, doc in fetched:
        if doc is None:
            continue
        for number, *columns in orjson.loads(doc):
            grouped[number][statement_id].append(_BUILDERS[number](*columns))
    return Around(*(dict(rows) for rows in grouped))


def collect(fetched):
    """The Around of rows of the UNION ALL (`around`'s query), in their order."""
    grouped = [defaultdict(list) for _ in _ROW_TYPES]
    for number, statement_id, *columns in fetched:
        grouped[number][statement_id].append(_BUILDERS[number](*columns[:_VALUES]))
    return Around(*(dict(rows) for rows in grouped))


# The columns of the UNION ALL: the relation's number, the statement id, the values, the sort keys.
COLUMNS = ("number", "statement_id", "i1", "i2", "i3", "t1", "t2", "t3", "t4", "t5", "f1", "k1", "k2", "k3", "k4")
# What a kept row holds of each: its number and values.
VALUE_COLUMNS = ("number", "i1", "i2", "i3", "t1", "t2", "t3", "t4", "t5", "f1")
# `around`'s order: by relation, then by its sort keys.
ORDER = ("number", "k1", "k2", "k3", "k4")


@functools.cache
def union():
    """The UNION ALL of the six relations, unordered, with `{ids}` where each branch tests its
    statement ids: what PostgreSQL keeps per statement (statements/around_table.py)."""
    return " UNION ALL ".join(_branches())


# The six relations, in Around's order, read by one UNION ALL of six SELECTs: each round trip and
# each queryset compiled by the ORM cost more than the rows themselves (issue 16). Every branch has
# the same columns: the relation's number in _ROW_TYPES, statement id, three integers, five texts,
# a float, then the sort keys (a text, three integers), NULL where a relation has nothing to say.
# The number and the NULLs sort without the collation: with a text tag and '' as placeholders,
# PostgreSQL compared text by locale for every pair of rows, a fifth of the query's time (0.45 of
# 2.25 ms for 50 statements at a million; issue 16).
_ROW_TYPES = ("topics", "citations", "mentions", "replies", "joint_parties", "checks")

_VALUES = 9  # the columns between the statement id and the sort keys

_ROW_BUILDERS = {
    "topics": lambda i1, i2, i3, slug, name, t3, t4, t5, f1: TopicRow(slug, name),
    "citations": lambda source_id, start, end, url, title, publisher, kind, t5, f1: CitationRow(
        source_id, url, title, publisher, kind, start, end
    ),
    "mentions": lambda i1, i2, i3, relation, kind, code, short_name, name, f1: MentionRow(
        relation, kind, code, short_name or name
    ),
    "replies": lambda pk, i2, i3, speaker, short_name, name, t4, t5, f1: ReplyRow(pk, speaker, short_name or name),
    "joint_parties": lambda i1, i2, i3, kind, code, short_name, name, t5, f1: PartyRow(kind, code, short_name or name),
    "checks": lambda speech_id, start, end, result, speech_text, label, t4, t5, score: CheckRow(
        result,
        score,
        speech_id,
        start,
        end,
        speech_text[start:end] if speech_text and start is not None else "",
        label or "",
    ),
}
# By the number each branch selects: its relation's place in _ROW_TYPES.
_BUILDERS = tuple(_ROW_BUILDERS[tag] for tag in _ROW_TYPES)


@functools.cache
def _around_template():
    """The UNION ALL from the models' tables, with `{ids}` where each branch tests its statement ids
    (`prepared.run`)."""
    order = ", ".join(str(COLUMNS.index(column) + 1) for column in ORDER)
    return union() + f" ORDER BY {order}"


@functools.cache
def _branches():
    """The SELECT of each relation, in _ROW_TYPES' order, with `{ids}` where it tests statement ids."""
    q = connection.ops.quote_name

    def table(model):
        return q(model._meta.db_table)

    topic_link, joint_link = Statement.topics.through, Statement.joint_parties.through
    statement, party = table(Statement), table(Party)
    null_int, null_text = "CAST(NULL AS INTEGER)", "CAST(NULL AS TEXT)"
    number = {tag: place for place, tag in enumerate(_ROW_TYPES)}
    branches = [
        # topics: slug, name; by name, then id
        f"SELECT {number['topics']}, l.statement_id, {null_int}, {null_int}, {null_int}, t.slug, t.name, {null_text},"
        f" {null_text}, {null_text}, CAST(NULL AS REAL), t.name, t.id, {null_int}, {null_int}"
        f" FROM {table(topic_link)} l JOIN {table(Topic)} t ON t.id = l.topic_id WHERE l.statement_id {{ids}}",
        # citations: source, start, end, url, title, publisher, kind; by id
        f"SELECT {number['citations']}, c.statement_id, c.source_id, c.{q('start')}, c.{q('end')}, so.url, so.title,"
        f" so.publisher, so.kind, {null_text}, NULL, NULL, c.id, NULL, NULL"
        f" FROM {table(Citation)} c JOIN {table(Source)} so ON so.id = c.source_id WHERE c.statement_id {{ids}}",
        # mentions: relation, party kind, code, short name, name; by id
        f"SELECT {number['mentions']}, m.statement_id, NULL, NULL, NULL, m.relation, p.kind, p.code, p.short_name,"
        f" p.name, NULL, NULL, m.id, NULL, NULL"
        f" FROM {table(Mention)} m JOIN {party} p ON p.id = m.party_id WHERE m.statement_id {{ids}}",
        # replies: id, speaker's name, party's short name and name; by date, order in the meeting, id
        f"SELECT {number['replies']}, r.reply_to_id, r.id, NULL, NULL, d.full_name, p.short_name, p.name, NULL, NULL,"
        f" NULL, CAST(r.date AS TEXT), r.sequence, r.id, NULL"
        f" FROM {statement} r LEFT JOIN {table(Delegate)} d ON d.id = r.speaker_id"
        f" LEFT JOIN {party} p ON p.id = r.party_id WHERE r.reply_to_id {{ids}}",
        # further parties of joint statements: kind, code, short name, name; by id
        f"SELECT {number['joint_parties']}, j.statement_id, NULL, NULL, NULL, p.kind, p.code, p.short_name, p.name,"
        f" NULL, NULL, NULL, j.id, NULL, NULL"
        f" FROM {table(joint_link)} j JOIN {party} p ON p.id = j.party_id WHERE j.statement_id {{ids}}",
        # the check against the record: speech, start, end, result, the speech's text and label, score
        f"SELECT {number['checks']}, k.statement_id, k.speech_id, k.{q('start')}, k.{q('end')}, k.result, sp.text,"
        f" sp.label, NULL, NULL, k.score, NULL, k.id, NULL, NULL"
        f" FROM {table(RecordCheck)} k LEFT JOIN {statement} sp ON sp.id = k.speech_id"
        " WHERE k.statement_id {ids}",
    ]
    return tuple(branches)
