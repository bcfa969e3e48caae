"""Renderers that let `?format=csv` and `?format=jsonl` through DRF's content negotiation.

Lists do not use them to render: they stream every matching row through statements/export.py.
They render what is left, a single object or a summary, as one flat row; error responses are
turned back into JSON by the API views.
"""

import csv
import io
import json

from rest_framework.renderers import BaseRenderer

from statements.api.export import json_line


def _rows(data):
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return data
    return [data]


def _flat(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else value


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = [row if isinstance(row, dict) else {"value": row} for row in _rows(data)]
        headers = list(rows[0]) if rows else []
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_flat(row.get(header)) for header in headers])
        return buffer.getvalue().encode(self.charset)


class JSONLinesRenderer(BaseRenderer):
    media_type = "application/jsonl"
    format = "jsonl"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        lines = (json_line(row) + "\n" for row in _rows(data))
        return "".join(lines).encode(self.charset)


EXPORT_RENDERERS = (CSVRenderer, JSONLinesRenderer)
