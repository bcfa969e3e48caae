"""The API's JSON of statements, from plain rows: no model instances, no queryset compiled twice.

Why not the ORM here: a statement answered by the API cost ~10 ms of CPU for 2 ms of database
work (issue 16). Most of it was compiling querysets (`select_related` over four tables and
`only()` of 28 columns, once per request) and building five model instances per statement, only
to read their attributes back out. Here a statement is a tuple of ROW_FIELDS: a page's own query selects
them (`values_list`), and one statement by id is read by a SELECT whose text is built once from
the models' tables. The rows around them (topics, citations, mentions, replies, joint parties,
checks) come from `rows.around`, whose SQL is built once as well. Both are plain SQL that SQLite
runs as well as PostgreSQL.

`StatementSerializer` still declares the fields (the schema is generated from it); the keys,
their order and every value here are the ones it documents, and tests/test_api_golden.py holds
the bytes of a fixed set of answers.
"""

import datetime
import functools

from django.db import connection
from django.utils import timezone
from rest_framework import serializers

from statements import links, prepared, rows
from statements.models import Body, Delegate, KeptAround, Meeting, Party, RecordCheck, Statement
from statements.search import highlight

# What a statement's document reads of it and of its speaker, party, meeting and body, as ORM
# paths: a page's query selects them with `values_list(*ROW_FIELDS)`, `statement_rows` with SQL.
ROW_FIELDS = (
    "id",
    "date",
    "sequence",
    "speaker_title",
    "kind",
    "language",
    "spoken_language",
    "label",
    "role",
    "text",
    "reply_to_id",
    "created",
    "updated",
    "speaker__id",
    "speaker__full_name",
    "party__code",
    "party__name",
    "party__short_name",
    "party__kind",
    "meeting__id",
    "meeting__date",
    "meeting__record_symbol",
    "meeting__title",
    "meeting__body__slug",
    "meeting__body__name",
    "meeting__body__short_name",
)

# The table alias and model of each path's prefix, in `_select_template`.
_JOINED = {"": ("s", Statement), "speaker": ("d", Delegate), "party": ("p", Party), "meeting": ("m", Meeting)}
_JOINED["meeting__body"] = ("b", Body)


@functools.cache
def _select_template():
    """ROW_FIELDS by statement id, with `{ids}` where the ids are tested (`prepared.run`)."""
    q = connection.ops.quote_name

    def column(path):
        prefix, _, name = path.rpartition("__")
        alias, model = _JOINED[prefix]
        return f"{alias}.{q(model._meta.get_field(name).column)}"

    def table(model):
        return q(model._meta.db_table)

    def key(model, name):
        return q(model._meta.get_field(name).column)

    return (
        f"SELECT {', '.join(column(path) for path in ROW_FIELDS)}"
        f" FROM {table(Statement)} s"
        f" LEFT JOIN {table(Delegate)} d ON d.id = s.{key(Statement, 'speaker')}"
        f" LEFT JOIN {table(Party)} p ON p.id = s.{key(Statement, 'party')}"
        f" LEFT JOIN {table(Meeting)} m ON m.id = s.{key(Statement, 'meeting')}"
        f" LEFT JOIN {table(Body)} b ON b.id = m.{key(Meeting, 'body')}"
        " WHERE s.id {ids}"
    )


class Rows(list):
    """Rows of ROW_FIELDS, with `around` (a rows.Around) when the same query read it."""

    around = None


def statement_rows(ids):
    """The ROW_FIELDS of the statements with `ids`, in that order; unknown ids are left out. One query.

    On PostgreSQL the same query reads what lies around them (`Rows.around`), kept per statement
    (statements/around_table.py): a round trip fewer, and one row each instead of six tables'.
    """
    ids = [int(pk) for pk in ids]
    if not ids:
        return Rows()
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            prepared.run(cursor, "statements_rows", _select_template(), ids)
            found = {row[0]: row for row in cursor.fetchall()}
            return Rows(found[pk] for pk in ids if pk in found)
        prepared.run(cursor, "statements_rows_kept", _select_kept_template(), ids)
        fetched = cursor.fetchall()
    width = len(ROW_FIELDS)
    found = {row[0]: row[:width] for row in fetched}
    result = Rows(found[pk] for pk in ids if pk in found)
    result.around = rows.collect_kept((row[0], row[width]) for row in fetched)
    return result


@functools.cache
def _select_kept_template():
    """_select_template's SELECT with each statement's kept rows around it (PostgreSQL)."""
    select, _, where = _select_template().partition(" WHERE ")
    kept = connection.ops.quote_name(KeptAround._meta.db_table)
    select = select.replace(" FROM ", ", k.doc FROM ", 1)
    return f"{select} LEFT JOIN {kept} k ON k.statement_id = s.id WHERE {where}"


def rows_of_instances(statements):
    """ROW_FIELDS read from Statement instances (which should have their relations selected)."""

    def value(statement, path):
        *relations, name = path.split("__")
        for relation in relations:
            statement = getattr(statement, relation)
            if statement is None:
                return None
        return getattr(statement, name)

    return [tuple(value(statement, path) for path in ROW_FIELDS) for statement in statements]


_DATETIME = serializers.DateTimeField()
_UTC_OFFSET = datetime.timedelta(0)


def _datetime_writer():
    """DRF's DateTimeField.to_representation, short-cut for what the database gives here.

    DRF converts a value to the current time zone and writes `isoformat()` with `Z` for UTC. When
    the current zone is UTC and a value is already in UTC (PostgreSQL's answer in a UTC session)
    that is `isoformat()` itself; anything else goes through DRF.
    """
    if timezone.get_current_timezone_name() != "UTC":
        return _DATETIME.to_representation

    def write(value):
        if value.tzinfo is not None and value.utcoffset() == _UTC_OFFSET:
            text = value.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return _DATETIME.to_representation(value)

    return write


def statement_documents(statement_rows, request=None, q=None):
    """The API's JSON objects of statements from their ROW_FIELDS, in the same order.

    `q`, a search, adds the text's highlighted matches. One query (`rows.around`), none without rows
    or when `statement_rows` came with what is around them.
    """
    if not statement_rows:
        return []
    around = getattr(statement_rows, "around", None)
    if around is None:
        around = rows.around(row[0] for row in statement_rows)

    def parts(name):
        return links.template(name, request)

    statement_api, statement_web = parts("api:statement-detail"), parts("statement")
    delegate_api, delegate_web = parts("api:delegate-detail"), parts("delegate")
    meeting_api = parts("api:meeting-detail")
    country_api, organisation_api = parts("api:country-detail"), parts("api:organisation-detail")
    state = Party.Kind.STATE
    result_labels = dict(RecordCheck.Result.choices)
    datetime_text = _datetime_writer()

    documents = []
    for row in statement_rows:
        (
            pk,
            date,
            sequence,
            speaker_title,
            kind,
            language,
            spoken,
            label,
            role,
            text,
            reply_to,
            created,
            updated,
            speaker_id,
            speaker_name,
            party_code,
            party_name,
            party_short_name,
            party_kind,
            meeting_id,
            meeting_date,
            meeting_symbol,
            meeting_title,
            body_slug,
            body_name,
            body_short_name,
        ) = row
        speaker = party = meeting = check = None
        if speaker_id is not None:
            speaker = {
                "id": speaker_id,
                "name": speaker_name,
                "url": f"{delegate_api[0]}{speaker_id}{delegate_api[1]}",
                "web_url": f"{delegate_web[0]}{speaker_id}{delegate_web[1]}",
            }
        if party_code is not None:
            url = country_api if party_kind == state else organisation_api
            party = {
                "code": party_code,
                "name": party_short_name or party_name,
                "kind": party_kind,
                "url": f"{url[0]}{party_code}{url[1]}",
            }
        if meeting_id is not None:
            meeting = {
                "id": meeting_id,
                "date": meeting_date.isoformat(),
                "symbol": meeting_symbol,
                "title": meeting_title or f"{body_short_name or body_name} meeting",
                "body": body_slug,
                "url": f"{meeting_api[0]}{meeting_id}{meeting_api[1]}",
            }
        checks = around.checks.get(pk)
        if checks:
            found_check = checks[0]
            speech = found_check.speech_id
            check = {
                "result": found_check.result,
                "result_label": result_labels.get(found_check.result, found_check.result),
                "score": found_check.score,
                "speech": speech,
                "speech_url": f"{statement_api[0]}{speech}{statement_api[1]}" if speech else None,
                "speech_label": found_check.speech_label,
                "passage": found_check.passage,
            }
        documents.append(
            {
                "id": pk,
                "url": f"{statement_api[0]}{pk}{statement_api[1]}",
                "web_url": f"{statement_web[0]}{pk}{statement_web[1]}",
                "date": date.isoformat(),
                "meeting": meeting,
                "sequence": sequence,
                "speaker": speaker,
                "speaker_title": speaker_title,
                "party": party,
                "joint_parties": [
                    {
                        "code": joint.code,
                        "name": joint.name,
                        "kind": joint.kind,
                        "url": links.fill(country_api if joint.kind == state else organisation_api, joint.code),
                    }
                    for joint in around.joint_parties.get(pk, ())
                ],
                "label": label,
                "role": role,
                "kind": kind,
                "language": language,
                "spoken_language": spoken,
                # Statement.is_interpretation, from the row.
                "is_interpretation": bool(spoken) and spoken != language.split("-")[0],
                "text": text,
                "highlight": highlight(text, q) if q else None,
                "topics": [topic._asdict() for topic in around.topics.get(pk, ())],
                "mentions": [
                    {"code": row.party_code, "name": row.party_name, "kind": row.party_kind, "relation": row.relation}
                    for row in around.mentions.get(pk, ())
                ],
                "citations": [
                    {
                        "source": row.source_id,
                        "url": row.url,
                        "title": row.title,
                        "publisher": row.publisher,
                        "kind": row.kind,
                        "start": row.start,
                        "end": row.end,
                    }
                    for row in around.citations.get(pk, ())
                ],
                "record_check": check,
                "reply_to": reply_to,
                "replies": [reply.id for reply in around.replies.get(pk, ())],
                "created": datetime_text(created),
                "updated": datetime_text(updated),
            }
        )
    return documents
