"""Renderers that let `?format=csv`, `?format=jsonl` and `?format=xlsx` through DRF's content negotiation.

Lists do not use them to render: they stream every matching row through statements/api/export.py.
They render what is left, a single object or a summary, as flat rows (`flat_rows`): no JSON in a
cell. Error responses are turned back into JSON by the API views.
"""

import io

from rest_framework.renderers import BaseRenderer

from statements.api import spreadsheet
from statements.api.export import csv_writer, json_line


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
