"""One loader of what lies around a page of statements: topics, citations, mentions and replies.

The pages and the API both show a list of statements with these four, which live in other
tables. `prefetch_related` would build a queryset per statement and relation (~20 ms for a page
of 50); instead `around()` reads them as plain rows in four `values_list` queries, whatever the
number of statements and none when there are none, in one order that both faces show.
"""

from collections import defaultdict
from typing import NamedTuple

from statements.models import Citation, Mention, Statement


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


class Around(NamedTuple):
    """{statement id: [rows]} for each relation; a statement with none is absent."""

    topics: dict
    citations: dict
    mentions: dict
    replies: dict


def around(statement_ids):
    """The related rows of the statements with `statement_ids`. Four queries, none without ids.

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
    return Around(topics, citations, mentions, replies)


def _group(row_type, rows):
    """{first column: [row_type(rest of the row), ...]} in row order."""
    grouped = defaultdict(list)
    for key, *rest in rows:
        grouped[key].append(row_type(*rest))
    return dict(grouped)
