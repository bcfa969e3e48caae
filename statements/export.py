"""Streaming export of whole lists as CSV or JSON Lines, in constant memory.

Rows come from `values_list()` through a server-side cursor (`iterator(chunk_size=...)`), so no
model instances are built; many-valued columns (a statement's topics and source URLs) are fetched
with one query per chunk of rows. Memory holds one chunk, whatever the size of the export.
"""

import csv
import itertools
import json
from dataclasses import dataclass, field

from django.http import StreamingHttpResponse
from django.urls import reverse

from .models import Alias, Citation, Meeting, Position, Statement

CHUNK_SIZE = 2000
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}


@dataclass
class Export:
    """How to flatten one kind of object: columns from `values_list`, plus many-valued columns.

    `columns` are (header, lookup) pairs; `many` maps a header to a function from a list of ids
    to {id: [values]} (one query); `page` names the URL pattern of the object's web page, which
    becomes the `url` column, built from the key column `page_key`.
    """

    columns: list
    many: dict = field(default_factory=dict)
    page: str = ""
    page_key: str = "id"

    def rows(self, queryset, request):
        """Dicts of flat values, one per object, in the queryset's order."""
        headers = [header for header, _ in self.columns]
        lookups = [lookup for _, lookup in self.columns]
        key_index = headers.index(self.page_key)
        url_pattern = self._url_pattern(request)
        iterator = queryset.values_list(*lookups).iterator(chunk_size=CHUNK_SIZE)
        while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
            keys = [row[key_index] for row in chunk]
            many = {header: values_of(keys) for header, values_of in self.many.items()}
            for values in chunk:
                row = dict(zip(headers, values, strict=True))
                for header, by_key in many.items():
                    row[header] = by_key.get(row[self.page_key], [])
                if url_pattern:
                    row["url"] = url_pattern.format(row[self.page_key])
                yield row

    def headers(self):
        return [header for header, _ in self.columns] + list(self.many) + (["url"] if self.page else [])

    def _url_pattern(self, request):
        if not self.page:
            return ""
        marker = "00000000"
        url = request.build_absolute_uri(reverse(self.page, args=[marker]))
        return url.replace("{", "{{").replace("}", "}}").replace(marker, "{}")


def _csv_lines(export, rows):
    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    headers = export.headers()
    yield writer.writerow(headers)
    for chunk in _batches(rows):
        yield "".join(writer.writerow([_csv_value(row.get(header)) for header in headers]) for row in chunk)


def _csv_value(value):
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return "" if value is None else value


def _jsonl_lines(export, rows):
    for chunk in _batches(rows):
        yield "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in chunk)


def _batches(rows):
    rows = iter(rows)
    while batch := list(itertools.islice(rows, 500)):
        yield batch


def export_response(export, queryset, request, fmt, filename):
    """A streaming response with every row of `queryset` as `fmt` ("csv" or "jsonl")."""
    rows = export.rows(queryset, request)
    lines = _csv_lines(export, rows) if fmt == "csv" else _jsonl_lines(export, rows)
    response = StreamingHttpResponse(lines, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _many(queryset, key, value):
    def values_of(keys):
        by_key = {}
        for k, v in queryset.filter(**{f"{key}__in": keys}).values_list(key, value):
            by_key.setdefault(k, []).append(v)
        return by_key

    return values_of


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
        "topics": _many(Statement.topics.through.objects.order_by("topic__slug"), "statement_id", "topic__slug"),
        "source_urls": _many(Citation.objects.order_by("id"), "statement_id", "source__url"),
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
    many={"requested_by": _many(Meeting.requested_by.through.objects.order_by("id"), "meeting_id", "party__code")},
    page="meeting",
)

DELEGATES = Export(
    columns=[("id", "id"), ("name", "full_name"), ("sort_name", "sort_name")],
    many={
        "parties": _many(Position.objects.order_by("start", "id"), "delegate_id", "party__code"),
        "aliases": _many(Alias.objects.order_by("name"), "delegate_id", "name"),
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
