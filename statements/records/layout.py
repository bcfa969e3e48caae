"""From text to paragraphs: lines with their offsets, page furniture removed, lines joined.

Text extracted from a record's PDF still carries what is printed on every page: the document
symbol, the running title and the date at the top ("S/PV.9669 Non-proliferation 28/06/2024",
in either order), the job number and the page number at the bottom ("24-18345", "3/25"), and
on the first page the standard notice ("This record contains the text of speeches …"), the bar
code and "Please recycle". `paragraphs` drops those lines, joins the lines of each paragraph
(a hyphen that only breaks a word at a line's end goes), and joins a paragraph that a page
break cut in two. Every paragraph keeps the offsets of its first and last character in the
text as given, so that callers can point back into it.

Paragraphs are separated by blank lines. Clean text with one paragraph per line and no blank
lines at all is read as one paragraph per line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_SYMBOL = r"S/PV\.\d+(?:\s*\((?:Resumption|Part)\s*\d*\)|\s*\(Resumption\s+\d+\))?"
SYMBOL = re.compile(_SYMBOL)
_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_JOB = r"\d{2}-\d{5}(?:\s*\([A-Z]\))?"
_PAGE = r"\d{1,3}/\d{1,3}"
FOOTER = re.compile(rf"(?:{_JOB}|{_PAGE}|\*\d{{6,}}\*|{_JOB}\s+{_PAGE}|{_PAGE}\s+{_JOB}|Please recycle\W*)")
HEADER = re.compile(rf"(?:{_SYMBOL}\b.{{0,200}}?\b{_DATE}|{_DATE}\b.{{0,200}}?\b{_SYMBOL})")
SYMBOL_ONLY = re.compile(_SYMBOL)
DATE_ONLY = re.compile(_DATE)
NOTICE_START = re.compile(r"This record contains the text of speeches delivered in English")
NOTICE_END = re.compile(r"documents\.un\.org\)?\.?\s*$|Official Document System|United Nations \(http")
# Sentence ends: a paragraph that ends otherwise, cut by a page break, continues on the next page.
_CLOSED = tuple(".:;?!”’\"')]")
_LINE = re.compile(r"([^\n\f]*)(\n|\f|$)")
_HYPHENATED_WORD = re.compile(r"\b[^\W\d_]+-[^\W\d_]+\b")


@dataclass
class Line:
    start: int  # offset of the first character in the text as given
    end: int  # offset after the last character
    text: str  # stripped, spaces inside kept so that offsets within the line stay exact


@dataclass
class Paragraph:
    lines: list[Line] = field(default_factory=list)
    text: str = ""  # the lines joined
    # (offset in `text`, Line) for each line: maps a position in `text` back to the input.
    pieces: list[tuple[int, Line]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    def offset(self, position: int) -> int:
        """The offset in the input of `position` in `text` (exact within a line)."""
        chosen_at, chosen = self.pieces[0]
        for at, line in self.pieces:
            if at > position:
                break
            chosen_at, chosen = at, line
        return min(chosen.start + (position - chosen_at), chosen.end)


def split_lines(text: str) -> list[Line | None]:
    """Lines with offsets; None for a blank line and after a page break (form feed)."""
    lines: list[Line | None] = []
    for match in _LINE.finditer(text):
        raw = match.group(1)
        stripped = raw.strip()
        if stripped:
            start = match.start(1) + len(raw) - len(raw.lstrip())
            lines.append(Line(start, start + len(stripped), stripped))
        else:
            lines.append(None)
        if match.group(2) == "\f":
            lines.append(None)
    return lines


def remove_furniture(lines: list[Line | None]) -> list[Line | None]:
    """Replace page furniture by a page break marker (the string "page")."""
    result: list = list(lines)
    in_notice = False
    for index, line in enumerate(result):
        if line is None or line == "page":
            continue
        text = line.text
        if in_notice or NOTICE_START.match(text):
            in_notice = not NOTICE_END.search(text)
            result[index] = "page"
            continue
        if FOOTER.fullmatch(text) or HEADER.fullmatch(text) or DATE_ONLY.fullmatch(text):
            result[index] = "page"
        elif SYMBOL_ONLY.fullmatch(text):
            result[index] = "page"
            # The running title between a lone symbol and a lone date (or the other way round).
            for ahead in range(index + 1, min(index + 4, len(result))):
                other = result[ahead]
                if other is None or other == "page":
                    continue
                if DATE_ONLY.fullmatch(other.text):
                    for between in range(index + 1, ahead + 1):
                        result[between] = "page"
                    break
                if len(other.text) > 120:
                    break
    # A running title that precedes a lone symbol or date line which ends a header.
    return result


def paragraphs(lines: list, opens: Callable[[str], bool] | None = None) -> list[Paragraph]:
    """Group lines into paragraphs; join those cut by a page break.

    Text with long lines (a paragraph to a line, as pasted from a web page or as the PDF reader
    gives it), or without any blank line, is read a paragraph per line. Hard-wrapped text is read a paragraph per block
    between blank lines, except that a line for which `opens` is true (a speaker's label, a
    procedural sentence) starts a new paragraph, and so does a line after a short one that
    ends a sentence.
    """
    texts = [line for line in lines if isinstance(line, Line)]
    # Without a single blank line, a line is a paragraph: nothing else would mark where one ends.
    wrapped = _is_wrapped(texts) and any(line is None for line in lines[:-1])
    short = 0.7 * _wrap_width(texts) if wrapped else 0
    hyphenated = set()
    for line in texts:
        if "-" in line.text:
            hyphenated.update(word.lower() for word in _HYPHENATED_WORD.findall(line.text))
    result: list[Paragraph] = []
    current: list[Line] = []
    page_break = False  # furniture since the last paragraph ended
    for line in lines:
        if line is None or line == "page":
            if current:
                result.append(_join(current, hyphenated))
                current = []
            page_break = page_break or line == "page"
            continue
        if current:
            previous = current[-1].text
            if (
                not wrapped
                or (opens is not None and opens(line.text))
                or (previous.endswith(_CLOSED) and len(previous) < short)
            ):
                result.append(_join(current, hyphenated))
                current = []
        if not current and page_break and result and _continues(result[-1], line):
            current = result.pop().lines
        page_break = False
        current.append(line)
    if current:
        result.append(_join(current, hyphenated))
    return result


def _is_wrapped(lines: list[Line]) -> bool:
    """True when the lines were broken to a page's width, as a PDF's are."""
    long = sum(1 for line in lines if len(line.text) > 150)
    return long < max(2, len(lines) // 20)


def _wrap_width(lines: list[Line]) -> int:
    lengths = sorted(len(line.text) for line in lines)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _continues(previous: Paragraph, line: Line) -> bool:
    text = previous.text
    if text.endswith("-"):
        return True
    if text.endswith(_CLOSED):
        return False
    last_word = text.rsplit(" ", 1)[-1]
    return line.text[0].islower() or last_word[0].islower()


def _join(lines: list[Line], hyphenated: set[str]) -> Paragraph:
    paragraph = Paragraph(lines=lines)
    parts: list[str] = []
    length = 0
    previous = ""
    for line in lines:
        text = line.text
        if parts:
            separator = " "
            if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha() and text[:1].isalpha():
                head = previous.rsplit(" ", 1)[-1][:-1]
                tail = re.match(r"[^\W\d_]+", text)
                joined_hyphen = f"{head}-{tail.group(0) if tail else ''}".lower()
                if text[0].islower() and joined_hyphen not in hyphenated:
                    parts[-1] = parts[-1][:-1]  # a word broken at the line's end: drop the hyphen
                    length -= 1
                separator = ""
            elif previous.endswith(("—", "/")) and not previous.endswith(" —"):
                separator = ""
            parts.append(separator)
            length += len(separator)
        paragraph.pieces.append((length, line))
        parts.append(text)
        length += len(text)
        previous = text
    paragraph.text = "".join(parts)
    return paragraph
