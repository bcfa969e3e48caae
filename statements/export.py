"""Streaming export of whole lists as CSV or JSON Lines, in constant memory.

Rows come from `values_list()` through a server-side cursor (`iterator(chunk_size=...)`), so no
model instances are built. Many-valued columns (a statement's topics and source URLs) come in
the same query, each as a correlated subquery that joins the values into one string, so the
database does the joining through its indexes and Python only splits. Memory holds one chunk of
rows, whatever the size of the export.
"""

import csv
import itertools
import json
from dataclasses import dataclass, field

from django.db.models import Aggregate, F, OuterRef, Subquery, TextField
from django.http import StreamingHttpResponse
from django.urls import reverse

from .models import Alias, Citation, Meeting, Position, Statement

CHUNK_SIZE = 2000
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}
# Joins many values inside the database; no topic slug, party code, name or URL contains it.
SEPARATOR = "\x1f"


class _Joined(Aggregate):
    """The values of a group as one string, in `order` on PostgreSQL (in index order elsewhere)."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        value_sql, value_params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            order_sql, order_params = compiler.compile(self.source_expressions[1])
            return (
                f"STRING_AGG(({value_sql})::text, %s ORDER BY {order_sql})",
                [*value_params, SEPARATOR, *order_params],
            )
        return f"GROUP_CONCAT({value_sql}, %s)", [*value_params, SEPARATOR]


@dataclass
class Many:
    """A many-valued column: `value` of the rows of `model` whose `key` is the exported object."""

    model: type
    key: str
    value: str
    order: str = "id"
    sort: bool = False  # sort in Python too, for databases that cannot order inside the join

    def expression(self):
        related = self.model.objects.filter(**{self.key: OuterRef("pk")}).order_by().values(self.key)
        return Subquery(related.annotate(joined=_Joined(F(self.value), F(self.order))).values("joined"))

    def split(self, joined):
        if not joined:
            return []
        values = joined.split(SEPARATOR)
        return sorted(values) if self.sort else values


@dataclass
class Export:
    """How to flatten one kind of object: columns from `values_list`, plus many-valued columns.

    `columns` are (header, lookup) pairs; `many` maps a header to a Many; `page` names the URL
    pattern of the object's web page, which becomes the `url` column, built from the key column
    `page_key`.
    """

    columns: list
    many: dict = field(default_factory=dict)
    page: str = ""
    page_key: str = "id"

    def headers(self):
        return [header for header, _ in self.columns] + list(self.many) + (["url"] if self.page else [])

    def tuples(self, queryset, request):
        """(plain values, [lists of many values], url) per object, in the queryset's order."""
        lookups = [lookup for _, lookup in self.columns]
        many = list(self.many.values())
        annotations = {f"_many_{index}": spec.expression() for index, spec in enumerate(many)}
        key_index = [header for header, _ in self.columns].index(self.page_key)
        prefix, suffix = self._url_parts(request)
        width = len(lookups)
        rows = queryset.annotate(**annotations).values_list(*lookups, *annotations).iterator(chunk_size=CHUNK_SIZE)
        for row in rows:
            lists = [spec.split(joined) for spec, joined in zip(many, row[width:], strict=True)]
            url = f"{prefix}{row[key_index]}{suffix}" if self.page else None
            yield row[:width], lists, url

    def _url_parts(self, request):
        if not self.page:
            return "", ""
        marker = "918273645"
        return request.build_absolute_uri(reverse(self.page, args=[marker])).split(marker, 1)


def _csv_lines(export, tuples):
    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    yield writer.writerow(export.headers())
    with_url = bool(export.page)
    for chunk in _batches(tuples):
        lines = []
        for values, lists, url in chunk:
            row = [*values, *(";".join(values_) for values_ in lists)]
            if with_url:
                row.append(url)
            lines.append(writer.writerow(row))
        yield "".join(lines)


def _jsonl_lines(export, tuples):
    headers = export.headers()
    with_url = bool(export.page)
    for chunk in _batches(tuples):
        lines = []
        for values, lists, url in chunk:
            row = [*values, *lists, url] if with_url else [*values, *lists]
            lines.append(json.dumps(dict(zip(headers, row, strict=True)), ensure_ascii=False, default=str))
        yield "\n".join(lines) + "\n"


def _batches(rows):
    rows = iter(rows)
    while batch := list(itertools.islice(rows, 500)):
        yield batch


def export_response(export, queryset, request, fmt, filename):
    """A streaming response with every row of `queryset` as `fmt` ("csv" or "jsonl")."""
    tuples = export.tuples(queryset, request)
    lines = _csv_lines(export, tuples) if fmt == "csv" else _jsonl_lines(export, tuples)
    response = StreamingHttpResponse(lines, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


STATEMENTS = Export(
    columns=[
        ("id", "id"),
        ("date", "date"),
        ("kind", "kind"),
        ("language", "language"),
        ("speaker_id", "speaker_id"),
        ("speaker_name", "speaker__full_name"),
        ("party_code", "party__code"),
        ("party_name", "party__name"),
        ("speaker_title", "speaker_title"),
        ("meeting_id", "meeting_id"),
        ("meeting_date", "meeting__date"),
        ("meeting_symbol", "meeting__record_symbol"),
        ("press_release", "meeting__press_release"),
        ("body", "meeting__body__slug"),
        ("reply_to", "reply_to_id"),
        ("sequence", "sequence"),
        ("text", "text"),
    ],
    many={
        "topics": Many(Statement.topics.through, "statement", "topic__slug", order="topic__slug", sort=True),
        "source_urls": Many(Citation, "statement", "source__url"),
    },
    page="statement",
)

MEETINGS = Export(
    columns=[
        ("id", "id"),
        ("date", "date"),
        ("body", "body__slug"),
        ("title", "title"),
        ("kind", "kind"),
        ("number", "number"),
        ("record_symbol", "record_symbol"),
        ("press_release", "press_release"),
        ("agenda_item", "agenda_item"),
        ("place", "place"),
    ],
    many={"requested_by": Many(Meeting.requested_by.through, "meeting", "party__code", order="party__code", sort=True)},
    page="meeting",
)

DELEGATES = Export(
    columns=[("id", "id"), ("name", "full_name"), ("sort_name", "sort_name")],
    many={
        "parties": Many(Position, "delegate", "party__code", order="id"),
        "aliases": Many(Alias, "delegate", "name", order="name", sort=True),
    },
    page="delegate",
)

PARTY_COLUMNS = [
    ("code", "code"),
    ("kind", "kind"),
    ("name", "name"),
    ("short_name", "short_name"),
    ("iso2", "iso2"),
    ("un_status", "un_status"),
]
COUNTRIES = Export(columns=PARTY_COLUMNS, page="country", page_key="code")
ORGANISATIONS = Export(columns=PARTY_COLUMNS, page="organisation", page_key="code")
BODIES = Export(
    columns=[("slug", "slug"), ("name", "name"), ("short_name", "short_name")], page="body", page_key="slug"
)
TOPICS = Export(columns=[("slug", "slug"), ("name", "name")], page="topic", page_key="slug")
SOURCES = Export(
    columns=[
        ("id", "id"),
        ("kind", "kind"),
        ("title", "title"),
        ("publisher", "publisher"),
        ("link", "url"),
        ("published_on", "published_on"),
        ("retrieved_on", "retrieved_on"),
    ],
    page="source",
)
