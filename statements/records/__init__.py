"""Reading the Security Council's official record: verbatim records (S/PV.…) and press releases (SC/…).

Pure Python: no Django, no network. The importer in `statements.editor` turns what these modules
read into rows. `read` is the entry point: bytes of a PDF or of UTF-8 text, or a string, in;
a Record out, or a RecordError whose message is one line.
"""

from statements.records.datatypes import Record
from statements.records.errors import RecordError, UnreadablePdf


def read(data: bytes | str, filename: str = "") -> Record:
    """Read a verbatim record or a press release; `filename` only makes messages clearer."""
    from statements.records import detect, press, verbatim

    if isinstance(data, bytes):
        data = _text_of(data, filename)
    if detect.kind(data) == "press-release":
        return press.parse_press_release(data)
    return verbatim.parse_verbatim(data)


def _text_of(data: bytes, filename: str) -> str:
    where = f"{filename}: " if filename else ""
    if data.lstrip()[:5] == b"%PDF-":
        try:
            from statements.records import pdf  # written separately; may not exist yet
        except ImportError:
            raise UnreadablePdf(f"{where}PDF support not available") from None
        return pdf.extract_text(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecordError(f"{where}not UTF-8 text (byte {error.start}): give the record as UTF-8 or PDF") from None
