"""What goes wrong when reading a record, each with one line that says so."""


class RecordError(ValueError):
    """The input cannot be read as a record; the message says why, in one line."""


class NotARecord(RecordError):
    """The text is readable but is not a verbatim record or press release (a resolution, a letter …)."""


class UnreadablePdf(RecordError):
    """A PDF with no text layer (a scan), encrypted, truncated or not a PDF at all."""
