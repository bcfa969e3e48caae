"""The API's JSON renderer, and renderers that let `?format=csv`, `?format=jsonl` and `?format=xlsx`
through DRF's content negotiation.

Lists do not use them to render: they stream every matching row through statements/api/export.py.
They render what is left, a single object or a summary, as flat rows (`flat_rows`): no JSON in a
cell. Error responses are turned back into JSON by the API views.
"""

import io
import re

import orjson
from rest_framework import renderers
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

from statements.api import spreadsheet
from statements.api.export import csv_writer, json_line

# Where orjson's bytes can differ from json.dumps's: floats below 1e-4 or from 1e16 up, which
# json.dumps writes with an exponent ("1e-05", "1e+16") and orjson in other forms ("0.00001",
# "1e16"). Checked against a million random floats: each difference has "0.0000", or a digit, "e"
# and a digit or "-" ("1e16", "1.5e-7"). Text can look like that too ("3e-4 cm"), which only costs
# the slower path. (A pattern starting with the digit took 0.6 ms on a page of 50 statements: the
# regular expression engine then tries every position; one starting with "e" takes ~0.1 ms.)
_EXPONENT = re.compile(rb"e[-0-9]")
_DIGITS = frozenset(b"0123456789")


def _has_float_forms(body):
    if b"0.0000" in body:
        return True
    return any(match.start() and body[match.start() - 1] in _DIGITS for match in _EXPONENT.finditer(body))


_LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON, byte for byte, written by orjson where that gives the same bytes.

    json.dumps took ~0.4 ms of a page of 50 statements' ~5 ms of CPU, orjson ~0.03 ms (bench/cpu.py,
    issue 16). orjson writes strings, integers, lists and dicts as DRF's compact, non-ASCII JSON
    does. What it would write differently goes to DRF's encoder (dates and times, through
    `default`) or to DRF's own path: an indented answer, a float in exponent form (`_has_float_forms`),
    and what orjson refuses (integers beyond 64 bits, keys that are not strings, lone surrogates).
    One difference is left: a NaN or infinite float, which DRF refuses (an error, HTTP 500), orjson
    writes as null. The API's floats are scores from 0 to 1.
    """

    _default = JSONEncoder().default

    def render(self, data, accepted_media_type=None, renderer_context=None):
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if data is None or indent is not None or self.ensure_ascii or not self.compact:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=self._default, option=orjson.OPT_PASSTHROUGH_DATETIME)
        except TypeError:
            return super().render(data, accepted_media_type, renderer_context)
        if _has_float_forms(body):
            return super().render(data, accepted_media_type, renderer_context)
        # DRF escapes the two line separators that JavaScript string literals cannot hold.
        for raw, escaped in _LINE_SEPARATORS:
            body = body.replace(raw, escaped)
        return body


def _rows(data):
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return data
    return [data]


def flat_row(item, prefix=""):
    """`item` (a dict) as one flat row: a nested object's fields as `object_field`, a list of
    values joined by ";", a list of objects as one such column per field (parallel, in order).

    The same names as the exports' columns: `party.name` is `party_name`.
    """
    row = {}
    for name, value in item.items():
        name = f"{prefix}{name}"
        if isinstance(value, dict):
            row.update(flat_row(value, f"{name}_"))
        elif isinstance(value, list) and any(isinstance(element, dict) for element in value):
            fields = dict.fromkeys(field for element in value for field in element)
            for field in fields:
                row[f"{name}_{field}"] = ";".join(_text(element.get(field)) for element in value)
        elif isinstance(value, list):
            row[name] = ";".join(_text(element) for element in value)
        else:
            row[name] = value
    return row


def _text(value):
    if isinstance(value, dict):
        return ";".join(_text(element) for element in value.values())
    return "" if value is None else str(value)


def flat_rows(data):
    """The rows and headers of `data` (a list, a page or one object): headers in order of appearance."""
    rows = [flat_row(row) if isinstance(row, dict) else {"value": row} for row in _rows(data)]
    headers = list(dict.fromkeys(header for row in rows for header in row))
    return headers, rows


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        headers, rows = flat_rows(data)
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if row.get(header) is None else row[header] for header in headers])
        return buffer.getvalue().encode(self.charset)


class JSONLinesRenderer(BaseRenderer):
    media_type = "application/jsonl"
    format = "jsonl"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        lines = (json_line(row) + "\n" for row in _rows(data))
        return "".join(lines).encode(self.charset)


class XLSXRenderer(BaseRenderer):
    media_type = spreadsheet.CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        headers, rows = flat_rows(data)
        view = (renderer_context or {}).get("view")
        title = spreadsheet.sheet_title(view.file_name() if hasattr(view, "file_name") else "export")
        cells = ([row.get(header) for header in headers] for row in rows)
        return b"".join(spreadsheet.xlsx_pieces(title, headers, cells))


EXPORT_RENDERERS = (CSVRenderer, JSONLinesRenderer, XLSXRenderer)
