"""Streaming export of whole lists as CSV or JSON Lines, in constant memory.

Rows come from `values_list()` through a server-side cursor (`iterator(chunk_size=...)`), so no
model instances are built. Many-valued columns (a statement's topics and source URLs) come in
the same query, each as a correlated subquery that joins the values into one string, so the
database does the joining through its indexes and Python only splits. Memory holds one chunk of
rows, whatever the size of the export.

CSV on PostgreSQL skips Python's row formatting altogether (~22,000 rows/s for statements):
the same query, with the many-valued columns joined by ";" and the URL column put together in
SQL, runs as `COPY (SELECT …) TO STDOUT WITH (FORMAT csv)` (see `_copy_csv`). The output
parses to the same values; only the bytes differ (empty strings are `""`). Every CSV of the API
ends its lines in LF, as COPY does (it cannot write CRLF): a file does not change with the database.

A slow client cannot hold the database: every export is written whole into a temporary file
(memory, then disk past SPOOL bytes), in one query and one consistent read, and only then sent
(`export_response`). No transaction, cursor or snapshot stays open while the client reads.

A spreadsheet (`xlsx`) is written from the same rows, with typed cells (statements/api/spreadsheet.py).
"""

import csv
import itertools
import json
import re
import tempfile
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, RowNumber
from django.http import StreamingHttpResponse

from statements import licences, links
from statements.api import export_slots, spreadsheet
from statements.models import (
    Alias,
    Ballot,
    Citation,
    Draft,
    Meeting,
    Mention,
    Position,
    Statement,
)

CHUNK_SIZE = 2000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "xlsx": spreadsheet.CONTENT_TYPE,
}
LINE_END = "\n"  # of every CSV: PostgreSQL's COPY writes LF, so the Python paths write it too
# Joins many values inside the database; no topic slug, party code, name or URL contains it.
SEPARATOR = "\x1f"


class _Joined(Aggregate):
    """The values of a group as one string, in `order` on PostgreSQL (in index order elsewhere).

    `separator` and `bytewise` (order by code point, as Python's sort does) serve the COPY export.
    """

    output_field = TextField()

    def __init__(self, *expressions, separator=SEPARATOR, bytewise=False, **extra):
        super().__init__(*expressions, **extra)
        self.separator = separator
        self.bytewise = bytewise

    def as_sql(self, compiler, connection, **extra_context):
        value_sql, value_params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            order_sql, order_params = compiler.compile(self.source_expressions[1])
            collate = ' COLLATE "C"' if self.bytewise else ""
            return (
                f"STRING_AGG(({value_sql})::text, %s ORDER BY {order_sql}{collate})",
                [*value_params, self.separator, *order_params],
            )
        return f"GROUP_CONCAT({value_sql}, %s)", [*value_params, self.separator]


@dataclass
class Many:
    """A many-valued column: `value` of the rows of `model` whose `key` is the exported object."""

    model: type
    key: str
    value: str
    order: str = "id"
    sort: bool = False  # sort in Python too, for databases that cannot order inside the join
    where: dict = field(default_factory=dict)  # only the related rows that match these lookups
    rows: object = None  # a function giving the related rows to start from; all of `model`'s by default
    # `value` may be NULL: it is joined as an empty string, so that columns of the same rows in
    # the same `order` stay parallel (a join skips NULLs), and comes back from `split` as None.
    nullable: bool = False
    cast: object = None  # turns each value back from text (int for ids and offsets) for JSON Lines

    def expression(self, separator=SEPARATOR):
        rows, joined = self._rows_and_joined(separator)
        related = rows.filter(**{self.key: OuterRef("pk")}, **self.where).order_by().values(self.key)
        return Subquery(related.annotate(joined=joined).values("joined"))

    def grouped(self, separator=SEPARATOR):
        """(key, joined) per exported object that has related rows: `expression` for every object
        at once, as one GROUP BY over the related table instead of one subquery per object."""
        rows, joined = self._rows_and_joined(separator)
        related = rows.filter(**self.where).order_by().values(self.key)
        return related.annotate(joined=joined).values_list(self.key, "joined")

    def _rows_and_joined(self, separator):
        rows = self.rows() if self.rows else self.model.objects.all()
        value = F(self.value)
        if self.nullable:
            value = Coalesce(Cast(value, TextField()), Value(""))
        return rows, _Joined(value, F(self.order), separator=separator, bytewise=self.sort)

    def split(self, joined):
        # None: no related row. "" is one row whose value is NULL when the column is nullable.
        if joined is None or (joined == "" and not self.nullable):
            return []
        values = joined.split(SEPARATOR)
        if self.sort:
            values.sort()
        return [self._value(value) for value in values] if self.nullable or self.cast else values

    def _value(self, text):
        if text == "" and self.nullable:
            return None
        return self.cast(text) if self.cast else text


@dataclass
class Export:
    """How to flatten one kind of object: columns from `values_list`, plus many-valued columns.

    `columns` are (header, lookup) pairs; `flags` maps a header to a condition (a Q), exported
    as true or false after the columns; `many` maps a header to a Many; `page` names the URL
    pattern of the object's web page, which becomes the `web_url` column (as in the JSON, whose
    `url` is the API's), built from the key column `page_key`.
    """

    columns: list
    many: dict = field(default_factory=dict)
    page: str = ""
    page_key: str = "id"
    flags: dict = field(default_factory=dict)

    def headers(self):
        return (
            [header for header, _ in self.columns]
            + list(self.flags)
            + list(self.many)
            + (["web_url"] if self.page else [])
        )

    def rows(self, queryset):
        """`queryset` as rows of values (a lazy `values_list`): the plain values, the flags, then
        the many-valued columns each joined into one string; `tuples` reads them."""
        lookups = [lookup for _, lookup in self.columns]
        flags = {
            f"_flag_{index}": ExpressionWrapper(condition, output_field=BooleanField())
            for index, condition in enumerate(self.flags.values())
        }
        many = {f"_many_{index}": spec.expression() for index, spec in enumerate(self.many.values())}
        return queryset.annotate(**flags, **many).values_list(*lookups, *flags, *many)

    def tuples(self, queryset, request):
        """(plain values, [lists of many values], url) per object, in the queryset's order.

        The plain values end with the flags, as booleans.
        """
        return self.read(self.rows(queryset).iterator(chunk_size=CHUNK_SIZE), request)

    def read(self, rows, request):
        """The `tuples` of rows of `rows()` already read (a page of them)."""
        many = list(self.many.values())
        key_index = [header for header, _ in self.columns].index(self.page_key)
        prefix, suffix = self._url_parts(request)
        width = len(self.columns) + len(self.flags)
        for row in rows:
            lists = [spec.split(joined) for spec, joined in zip(many, row[width:], strict=True)]
            url = f"{prefix}{row[key_index]}{suffix}" if self.page else None
            yield row[:width], lists, url

    def dicts(self, tuples):
        """Each of `tuples` as a dict by header: a row of JSON Lines, or an item of a table's JSON page."""
        headers = self.headers()
        with_url = bool(self.page)
        for values, lists, url in tuples:
            row = [*values, *lists, url] if with_url else [*values, *lists]
            yield dict(zip(headers, row, strict=True))

    def copy_sql(self, queryset, request):
        """The PostgreSQL `COPY … TO STDOUT` of the CSV rows `tuples` would give, without the header."""
        lookups = [lookup for _, lookup in self.columns]
        flags = {
            f"_flag_{index}": Case(
                When(condition, then=Value("true")), default=Value("false"), output_field=TextField()
            )
            for index, condition in enumerate(self.flags.values())
        }
        url = {}
        if self.page:
            prefix, suffix = self._url_parts(request)
            key = Cast(dict(self.columns)[self.page_key], TextField())
            url["_url"] = Concat(Value(prefix), key, Value(suffix), output_field=TextField())
        ordering = queryset.query.order_by or ("pk",)
        if self.many and not queryset.query.where and all(isinstance(term, str) for term in ordering):
            select = self._grouped_select(queryset, ordering, lookups, flags, url)
        else:
            many = {f"_many_{index}": spec.expression(";") for index, spec in enumerate(self.many.values())}
            rows = queryset.annotate(**flags, **many, **url).values_list(*lookups, *flags, *many, *url)
            select = _literal_sql(rows)
        return f"COPY ({select}) TO STDOUT WITH (FORMAT csv)"

    def _grouped_select(self, queryset, ordering, lookups, flags, url):
        """copy_sql's SELECT for a whole table: each many-valued column is one GROUP BY over its
        related table (`Many.grouped`), joined to the rows by key, instead of a subquery per row.

        A subquery costs ~5 µs per row and column, and the statements have 14 such columns: a
        full export ran at ~13,000 rows/s (issue 16). The groups cost a pass over each related
        table however few the rows, so a filtered export keeps the subqueries. The rows are
        numbered in the queryset's order and sorted by that number after the joins.
        """
        rows = queryset.annotate(**flags, **url, _row=Window(RowNumber(), order_by=list(ordering))).order_by()
        plain = [*lookups, *flags, *url]
        columns = [f"c{index}" for index in range(len(plain))]
        width = len(lookups) + len(flags)  # the many-valued columns go between these and the URL
        shown = [f"b.{name}" for name in columns[:width]]
        joins = []
        for index, spec in enumerate(self.many.values()):
            shown.append(f"m{index}.joined")
            joins.append(f" LEFT JOIN ({_literal_sql(spec.grouped(';'))}) AS m{index}(k, joined) ON m{index}.k = b.k")
        shown += [f"b.{name}" for name in columns[width:]]
        base = _literal_sql(rows.values_list(*plain, "pk", "_row"))
        return (
            f"SELECT {', '.join(shown)} FROM ({base}) AS b({', '.join(columns)}, k, n)"
            + "".join(joins)
            + " ORDER BY b.n"
        )

    def _url_parts(self, request):
        return links.template(self.page, request) if self.page else ("", "")


def _literal_sql(queryset):
    """A queryset's SQL with its parameters written in, for COPY (which takes none)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        return cursor.mogrify(sql, params).decode()


class _Echo:
    """A "file" whose write gives back what it was given: csv.writer's rows as strings."""

    def write(self, value):
        return value


def csv_writer(file=None):
    """A csv.writer with the API's line ending, writing into `file` (by default giving each row back)."""
    return csv.writer(file or _Echo(), lineterminator=LINE_END)


def _flat_rows(export, tuples):
    """Each of `tuples` as one list of cells: the many values joined by ";", then the url."""
    with_url = bool(export.page)
    for values, lists, url in tuples:
        row = [*values, *(";".join(_cell(value) for value in values_) for values_ in lists)]
        if with_url:
            row.append(url)
        yield row


def csv_lines(export, tuples):
    """The CSV of `export`'s rows: its header line, then a piece of text per batch of rows. The public
    releases write it too, so that their files read like the API's downloads."""
    writer = csv_writer()
    yield writer.writerow(export.headers())
    flags = range(len(export.columns), len(export.columns) + len(export.flags))
    for chunk in _batches(_flat_rows(export, tuples)):
        if flags:
            for row in chunk:
                # As PostgreSQL's COPY writes them (see copy_sql), not Python's True/False.
                for index in flags:
                    row[index] = "true" if row[index] else "false"
        yield "".join(writer.writerow(row) for row in chunk)


def _cell(value):
    """A value inside a joined CSV cell, as PostgreSQL's COPY writes it (NULL as nothing)."""
    return "" if value is None else str(value)


SPOOL = 4 * 1024 * 1024  # bytes of an export kept in memory before its file moves to disk
PIECE = 256 * 1024  # bytes per piece of the response


def _copy_csv(export, sql, using, file):
    """Write the CSV header, then `sql` (a COPY … TO STDOUT), into `file`; the number of rows."""
    file.write(csv_writer().writerow(export.headers()).encode())
    with connections[using].cursor() as cursor:
        cursor.copy_expert(sql, file)
        return cursor.rowcount


class _Counted:
    """The `tuples` of an export, counting them as they pass."""

    def __init__(self, tuples):
        self.tuples, self.count = tuples, 0

    def __iter__(self):
        for row in self.tuples:
            self.count += 1
            yield row


class _SpooledFile:
    """A finished export file, given out in pieces; closing the response deletes it and runs `on_close`."""

    def __init__(self, file, on_close):
        self.file, self.on_close = file, on_close

    def __iter__(self):
        self.file.seek(0)
        while piece := self.file.read(PIECE):
            yield piece

    def close(self):
        self.file.close()
        self.on_close()


# JSON allows these three unescaped in a string, but many tools (Python's str.splitlines among
# them) end a line at each; escaped, each row stays on one line for any line-oriented reader.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(value):
    """`value` as one line of JSON Lines, without its line ending: UTF-8 text, line breaks escaped."""
    line = json.dumps(value, ensure_ascii=False, default=str)
    return line if line.isascii() else line.translate(_LINE_BREAKS)


def jsonl_lines(export, tuples):
    """The JSON Lines of `export`'s rows, a piece of text per batch of rows (batched as `csv_lines`)."""
    for chunk in _batches(export.dicts(tuples)):
        yield "".join(json_line(row) + "\n" for row in chunk)


def _batches(rows):
    rows = iter(rows)
    while batch := list(itertools.islice(rows, 500)):
        yield batch


def export_response(export, queryset, request, fmt, filename):
    """A streaming response with every row of `queryset` as `fmt` ("csv", "jsonl" or "xlsx").

    The whole file is written first, into a temporary file (in memory up to SPOOL bytes), and
    only then sent: the database is done with the export, its query and transaction over, before
    the first byte goes out, however slowly the client reads. A client may run only a few exports
    at once (statements/api/export_slots.py), and each counts in its rate limit by its rows.
    """
    release = export_slots.acquire(request)
    file = tempfile.SpooledTemporaryFile(max_size=SPOOL)
    try:
        if fmt == "csv" and connections[queryset.db].vendor == "postgresql":
            rows = _copy_csv(export, export.copy_sql(queryset, request), queryset.db, file)
        else:
            tuples = _Counted(export.tuples(queryset, request))
            if fmt == "xlsx":
                title = spreadsheet.sheet_title(filename)
                pieces = spreadsheet.xlsx_pieces(title, export.headers(), _flat_rows(export, tuples))
            else:
                pieces = csv_lines(export, tuples) if fmt == "csv" else jsonl_lines(export, tuples)
            for piece in pieces:
                file.write(piece.encode() if isinstance(piece, str) else piece)
            rows = tuples.count
    except BaseException:
        file.close()
        release()
        raise
    export_slots.charge(request, rows)
    response = StreamingHttpResponse(_SpooledFile(file, release), content_type=CONTENT_TYPES[fmt])
    response["Link"] = licences.LICENCE_LINK
    response["Content-Disposition"] = attachment(filename, fmt)
    return response


def attachment(filename, fmt):
    """The Content-Disposition of a file `filename` (no extension) exported as `fmt`: one extension,
    and nothing in the name but letters, digits, `-` and `_`."""
    name = re.sub(r"[^\w-]+", "-", filename, flags=re.ASCII).strip("-") or "export"
    return f'attachment; filename="{name}.{fmt}"'


def display_name(party=""):
    """Party.display_name in SQL, for the party at lookup `party` (the exported row's own when empty):
    the API's `name` of a party, so that `party_name` holds the same string as the JSON's `party.name`."""
    prefix = f"{party}__" if party else ""
    return Coalesce(NullIf(F(f"{prefix}short_name"), Value("")), F(f"{prefix}name"))


def export_relation_name(relation):
    """The export column of a mention relation."""
    return "mentions_only" if relation == Mention.Relation.MENTIONS else relation.replace("-", "_")


STATEMENTS = Export(
    columns=[
        ("id", "id"),
        ("date", "date"),
        ("kind", "kind"),
        ("language", "language"),
        ("speaker_id", "speaker_id"),
        ("speaker_name", "speaker__full_name"),
        ("party_code", "party__code"),
        ("party_name", display_name("party")),
        ("speaker_title", "speaker_title"),
        ("meeting_id", "meeting_id"),
        ("meeting_date", "meeting__date"),
        ("meeting_symbol", "meeting__record_symbol"),
        ("press_release", "meeting__press_release"),
        ("body", "meeting__body__slug"),
        ("reply_to", "reply_to_id"),
        ("sequence", "sequence"),
        ("text", "text"),
        ("spoken_language", "spoken_language"),
        ("label", "label"),
        ("role", "role"),
        # One-to-one: the join adds no row.
        ("record_check_result", "record_check__result"),
        ("record_check_score", "record_check__score"),
    ],
    flags={
        # Statement.is_interpretation in SQL: a spoken language other than the text's (its base, "en" of "en-GB").
        "is_interpretation": ~Q(spoken_language="")
        & ~Q(language=F("spoken_language"))
        & ~Q(language__startswith=Concat(F("spoken_language"), Value("-"))),
    },
    many={
        "topics": Many(Statement.topics.through, "statement", "topic__slug", order="topic__slug", sort=True),
        "source_urls": Many(Citation, "statement", "source__url"),
        "joint_parties": Many(Statement.joint_parties.through, "statement", "party__code"),
        # The mentions, one column per relation (`calls-on` as `calls_on`; the plain `mentions`
        # as `mentions_only`, since `mentions` is the whole list in the JSON API), each the codes
        # of the parties the statement treats so, in code order: `df["accuses"].str.split(";")`
        # in pandas, with no second column to keep in step.
        **{
            export_relation_name(relation): Many(
                Mention, "statement", "party__code", order="party__code", sort=True, where={"relation": relation}
            )
            for relation in Mention.Relation.values
        },
        # The citations as three parallel columns, in the order they were recorded (the first is
        # the source the statement was taken from); an offset that is not known is empty.
        "citation_source_ids": Many(Citation, "statement", "source_id", cast=int),
        "citation_starts": Many(Citation, "statement", "start", nullable=True, cast=int),
        "citation_ends": Many(Citation, "statement", "end", nullable=True, cast=int),
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
    ("name", display_name()),
    ("official_name", "name"),
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


def _ballots(choice):
    return Many(Ballot, "vote", "party__code", order="party__code", sort=True, where={"choice": choice})


VOTES = Export(
    columns=[
        ("id", "id"),
        ("date", "meeting__date"),
        ("meeting_id", "meeting_id"),
        ("meeting_number", "meeting__number"),
        ("record_symbol", "meeting__record_symbol"),
        ("draft", "draft__symbol"),
        ("outcome", "outcome"),
        ("resolution", "resolution"),
        ("in_favour", "in_favour"),
        ("against", "against"),
        ("abstaining", "abstaining"),
    ],
    many={
        "in_favour_codes": _ballots(Ballot.Choice.IN_FAVOUR),
        "against_codes": _ballots(Ballot.Choice.AGAINST),
        "abstaining_codes": _ballots(Ballot.Choice.ABSTENTION),
        "did_not_vote_codes": _ballots(Ballot.Choice.DID_NOT_VOTE),
        "vetoed_by": Many(Ballot, "vote", "party__code", order="party__code", sort=True, rows=Ballot.objects.vetoes),
    },
)

DRAFTS = Export(
    columns=[("symbol", "symbol"), ("subject", "subject")],
    many={"sponsors": Many(Draft.sponsors.through, "draft", "party__code", order="party__code", sort=True)},
    page="draft",
    page_key="symbol",
)


# Tables of their own, one row per link, so that a network or a panel can be built from files
# alone: who mentions whom how, what cites what, who sat where, who voted how.

MENTIONS = Export(
    columns=[
        ("id", "id"),
        ("statement_id", "statement_id"),
        ("date", "statement__date"),
        ("party_code", "statement__party__code"),
        ("party_name", display_name("statement__party")),
        ("relation", "relation"),
        ("mentioned_code", "party__code"),
        ("mentioned_name", display_name("party")),
        ("mentioned_kind", "party__kind"),
        ("meeting_id", "statement__meeting_id"),
        ("body", "statement__meeting__body__slug"),
        ("kind", "statement__kind"),
    ],
    page="statement",
    page_key="statement_id",
)

CITATIONS = Export(
    columns=[
        ("id", "id"),
        ("statement_id", "statement_id"),
        ("date", "statement__date"),
        ("source_id", "source_id"),
        ("start", "start"),
        ("end", "end"),
        ("source_kind", "source__kind"),
        ("source_title", "source__title"),
        ("source_publisher", "source__publisher"),
        ("source_link", "source__url"),
        ("source_published_on", "source__published_on"),
    ],
    page="statement",
    page_key="statement_id",
)

SEATS = Export(
    columns=[
        ("id", "id"),
        ("country_code", "country__code"),
        ("country_name", display_name("country")),
        ("body", "body__slug"),
        ("kind", "kind"),
        ("start", "start"),
        ("end", "end"),
    ]
)

BALLOTS = Export(
    columns=[
        ("id", "id"),
        ("vote_id", "vote_id"),
        ("date", "vote__meeting__date"),
        ("meeting_id", "vote__meeting_id"),
        ("body", "vote__meeting__body__slug"),
        ("draft", "vote__draft__symbol"),
        ("outcome", "vote__outcome"),
        ("party_code", "party__code"),
        ("party_name", display_name("party")),
        ("choice", "choice"),
    ]
)


# Facets as a file: one flat row per value counted, not a JSON object in a cell.
FACET_HEADERS = ["facet", "key", "name", "count"]


def facet_rows(facets):
    """The facets of statements/facets/ ({facet: [{key field, name?, …, count}]}) as rows of
    FACET_HEADERS, facet by facet in their order: the key is the item's first field (`code`, `id`,
    `slug`, `month`, `year`, `relation`, `kind`), the name empty for a facet without names.
    What is not a list of counts (a flag on the whole answer) has no row."""
    for facet, items in facets.items():
        if not isinstance(items, list):
            continue
        for item in items:
            key = next(iter(item.values()))
            yield {"facet": facet, "key": key, "name": item.get("name", ""), "count": item["count"]}
