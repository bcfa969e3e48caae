"""One loader of what lies around a page of statements: topics, citations, mentions, replies,
the further parties of joint statements and the checks of quotes against the official record.

The pages and the API both show a list of statements with these, which live in other tables.
`prefetch_related` would build a queryset per statement and relation (~20 ms for a page of 50);
instead `around()` reads them as plain rows in six `values_list` queries, whatever the number of
statements and none when there are none, in one order that both faces show.
"""

from collections import defaultdict
from typing import NamedTuple

from statements.models import Citation, Mention, RecordCheck, Statement


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
    """The related rows of the statements with `statement_ids`. Six queries, none without ids.

    Orders: topics by name; citations and mentions as they were recorded (by id), so the first
    citation is the source a statement was taken from; replies as they were made (date, then
    order in the meeting).
    """
    ids = list(statement_ids)
    if not ids:
        return Around({}, {}, {}, {})
    topics = _group(
        TopicRow,
        Statement.topics.through.objects.filter(statement_id__in=ids)
        .order_by("topic__name", "topic_id")
        .values_list("statement_id", "topic__slug", "topic__name"),
    )
    citations = _group(
        CitationRow,
        Citation.objects.filter(statement_id__in=ids)
        .order_by("id")
        .values_list(
            "statement_id",
            "source_id",
            "source__url",
            "source__title",
            "source__publisher",
            "source__kind",
            "start",
            "end",
        ),
    )
    mentions = _group(
        MentionRow,
        (
            (statement_id, relation, kind, code, short_name or name)
            for statement_id, relation, kind, code, short_name, name in Mention.objects.filter(statement_id__in=ids)
            .order_by("id")
            .values_list("statement_id", "relation", "party__kind", "party__code", "party__short_name", "party__name")
        ),
    )
    reply_rows = (
        Statement.objects.filter(reply_to_id__in=ids)
        .order_by("date", "sequence", "id")
        .values_list("reply_to_id", "pk", "speaker__full_name", "party__short_name", "party__name")
    )
    replies = _group(
        ReplyRow,
        ((reply_to, pk, speaker, short_name or name) for reply_to, pk, speaker, short_name, name in reply_rows),
    )
    joint_parties = _group(
        PartyRow,
        (
            (statement_id, kind, code, short_name or name)
            for statement_id, kind, code, short_name, name in Statement.joint_parties.through.objects.filter(
                statement_id__in=ids
            )
            .order_by("id")
            .values_list("statement_id", "party__kind", "party__code", "party__short_name", "party__name")
        ),
    )
    checks = _group(
        CheckRow,
        (
            (
                statement_id,
                result,
                score,
                speech_id,
                start,
                end,
                speech_text[start:end] if speech_text and start is not None else "",
                label or "",
            )
            for statement_id, result, score, speech_id, start, end, speech_text, label in RecordCheck.objects.filter(
                statement_id__in=ids
            ).values_list(
                "statement_id", "result", "score", "speech_id", "start", "end", "speech__text", "speech__label"
            )
        ),
    )
    return Around(topics, citations, mentions, replies, joint_parties, checks)


def _group(row_type, rows):
    """{first column: [row_type(rest of the row), ...]} in row order."""
    grouped = defaultdict(list)
    for key, *rest in rows:
        grouped[key].append(row_type(*rest))
    return dict(grouped)
