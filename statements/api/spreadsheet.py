"""Spreadsheets (`?format=xlsx`): every cell typed, written in constant memory.

Typed: text is always a text cell, never a formula, so a quote that starts with `=`, `+`, `-` or
`@` is shown, not run; numbers are numbers, dates dates, true and false booleans, nothing an
empty cell. CSV cannot say which is which, so the CSV files are written verbatim and a spreadsheet
program that opens them guesses; this is the file for people who open exports in one.

Constant memory: openpyxl's write-only workbook writes each row to a temporary file as it comes
(nothing of a row is kept), and `save` zips those files into a spooled temporary file, which
moves to disk past XLSX_SPOOL bytes and is then streamed in pieces. The whole export is read
from the database before the first byte goes out (a zip's directory is written last), so a long
export takes a moment to start; its memory stays that of one chunk of rows.

What a spreadsheet cannot hold is said in the README: a cell holds at most 32,767 characters
(openpyxl cuts a longer text there; the CSV and JSON Lines have it whole), and control
characters other than tab and line breaks are written in the format's own escape, `_x0001_`.
"""

import datetime
import re
import tempfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_SPOOL = 4 * 1024 * 1024  # bytes of the finished file kept in memory before it moves to disk
PIECE = 256 * 1024  # bytes per piece of the response
MAX_ROWS = 1_048_576  # rows of a worksheet, the header included; the rest goes on to another sheet
MAX_TITLE = 31  # characters of a sheet's name

# XML cannot carry these; OOXML writes a character as `_xHHHH_`, so a literal `_xHHHH_` in the
# text is written with its underscore escaped (`_x005F_`), as the format's rule says.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def _escape(match):
    return f"_x{ord(match.group()):04X}_"


def cell(sheet, value):
    """`value` as a typed cell: text stays text whatever it starts with."""
    if isinstance(value, str):
        result = WriteOnlyCell(sheet, _UNWRITABLE.sub(_escape, value))
        # openpyxl makes a string that starts with "=" a formula, and one like "#N/A" an error.
        result.data_type = "s"
        return result
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # A spreadsheet has no time zones: the time in UTC.
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return WriteOnlyCell(sheet, value)


def sheet_title(name):
    """A sheet's name from a file's: without the characters a sheet's name cannot have, 31 at most."""
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:MAX_TITLE].strip("'") or "export"


def xlsx_pieces(title, headers, rows):
    """The bytes of a workbook whose sheet `title` has `headers`, then `rows` (lists of values)."""
    workbook = Workbook(write_only=True)
    sheets = 0

    def new_sheet():
        nonlocal sheets
        sheets += 1
        name = title if sheets == 1 else f"{title[: MAX_TITLE - 6]} ({sheets})"
        sheet = workbook.create_sheet(name)
        sheet.append([cell(sheet, header) for header in headers])
        return sheet

    sheet, written = new_sheet(), 1
    for row in rows:
        if written == MAX_ROWS:
            sheet, written = new_sheet(), 1
        sheet.append([cell(sheet, value) for value in row])
        written += 1
    with tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL) as file:
        workbook.save(file)
        file.seek(0)
        while piece := file.read(PIECE):
            yield piece
