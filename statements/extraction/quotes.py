"""Stage 1: where the quotations are.

Finds the spans between quotation marks paragraph by paragraph, including wire style's unclosed
quotation that carries on in the next paragraph, and answers whether an offset lies inside one,
which the later stages ask to skip quoted words.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from statements.extraction.deadline import NO_DEADLINE


@dataclass
class _Quote:
    """A stretch of text between quotation marks (or from an opening mark to the paragraph end)."""

    open: int  # offset of the opening mark
    close: int  # offset of the closing mark, or of the paragraph end when unclosed
    start: int  # the quoted words, trimmed
    end: int
    open_ended: bool  # the paragraph ended before a closing mark (wire style, continued below)
    continues: int | None  # index of the unclosed quotation this one carries on
    had_comma: bool  # a comma before the closing mark, which links it to an attribution after it
    headline: bool = False  # in single marks in the lines that open the text


_QUOTE_MARKS = re.compile(r'["“”\n]')
_BRITISH_CLOSE = re.compile(r"’(?![^\W\d_])")  # a closing mark, not an apostrophe inside a word
# Whole sentences quoted in single marks with their attribution: "…,’ she said", "said: ‘…".
_BRITISH_QUOTING = re.compile(
    r"[,.!?]’[ \t]+(?:[A-Za-z.-]+[ \t]+){0,4}?(?:said|says|added|told|warned|stressed|insisted|argued)\b"
    r"|\b(?:said|added|told[ \t]+\w+|stated|declared):?[ \t]+‘"
)


def _find_quotes(text: str, deadline=NO_DEADLINE) -> list[_Quote]:
    """Quotation spans in order. Paragraphs (lines) bound them, so one missing mark costs one paragraph.

    Straight marks toggle; curly marks nest, so a straight or curly inner quotation inside curly
    marks stays part of the outer one. Single marks are not quotation marks at the top level: they
    double as apostrophes ("last week’s") and quote inside a quotation — except in a headline, and
    in a text that quotes only in single curly marks (British style: "‘We reject this,’ she said"),
    read as double ones.
    """
    if "‘" in text and not any(mark in text for mark in '"“”') and _BRITISH_QUOTING.search(text):
        # One character for one, so the offsets hold; "Russia’s" keeps its apostrophe.
        text = _BRITISH_CLOSE.sub("”", text.replace("‘", "“"))
    quotes: list[_Quote] = _headline_quotes(text)
    open_at = None
    curly = False
    depth = 0
    paragraph_start = 0
    pending = None  # index of an unclosed quotation from the previous paragraph
    for mark in _QUOTE_MARKS.finditer(text):
        deadline.tick()
        char, pos = mark.group(), mark.start()
        if char == "\n":
            if open_at is not None:
                _add_quote(text, quotes, open_at, pos, True, _continuation(text, pending, paragraph_start, open_at))
                pending = len(quotes) - 1 if quotes and quotes[-1].open == open_at else None
                open_at = None
            elif text[paragraph_start:pos].strip():
                pending = None
            paragraph_start = pos + 1
            continue
        if open_at is None:
            if char == "”":
                continue  # a stray closing mark: nothing was opened
            open_at, curly, depth = pos, char == "“", 1
        elif curly:
            depth += 1 if char == "“" else -1 if char == "”" else 0
            if depth == 0:
                _add_quote(text, quotes, open_at, pos, False, _continuation(text, pending, paragraph_start, open_at))
                open_at = pending = None  # only a paragraph's first quotation can carry one on
        elif char in '"”':
            _add_quote(text, quotes, open_at, pos, False, _continuation(text, pending, paragraph_start, open_at))
            open_at = pending = None
    if open_at is not None:
        _add_quote(text, quotes, open_at, len(text), True, _continuation(text, pending, paragraph_start, open_at))
    return quotes


# Headlines quote in single marks ("Moscow 'trashed the credibility' of the Council", "Reveals Why
# Israel ‘Continues Its Crimes’, Says Delegate"): a mark after a space opening words, and one after
# them before a space, a stop or the line's end. Only in the short lines that open the text (the
# headline and a subheading, up to the first paragraph of body text), each without double marks.
_HEADLINE_SINGLE = re.compile(r"(?<![^\s])[‘'](?=\w)([^‘’'\n]*[\w.!?])[’'](?![^\s,.;:!?])")
_HEADLINE_LENGTH = 300
_HEADLINE_LINES = 4  # a headline, a blank line, a subheading, a blank line


def _headline_quotes(text: str) -> list[_Quote]:
    quotes = []
    line_start = 0
    for _line in range(_HEADLINE_LINES):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start > _HEADLINE_LENGTH:
            break
        if not any(mark in text[line_start:line_end] for mark in '"“”'):
            quotes.extend(
                _Quote(found.start(), found.end() - 1, found.start(1), found.end(1), False, None, False, True)
                for found in _HEADLINE_SINGLE.finditer(text, line_start, line_end)
            )
        if line_end == len(text):
            break
        line_start = line_end + 1
    if len(text.split("\n", 2)) < 2 or not text[text.find("\n") :].strip():
        return []  # a text of one line has no headline: its single marks are apostrophes or nested quotes
    return quotes


def _continuation(text: str, pending: int | None, paragraph_start: int, open_at: int) -> int | None:
    """The unclosed quotation this one continues, when it opens its paragraph right after one."""
    if pending is None or text[paragraph_start:open_at].strip():
        return None
    return pending


def _add_quote(text, quotes, open_at, close_at, open_ended, continues) -> None:
    """Trim the inside of the marks and keep it unless empty.

    A comma just inside the closing mark belongs to the attribution grammar ('"We reject this,"
    he said'), not to the statement, so it is cut; sentence-final punctuation is kept.
    """
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    had_comma = end > start and text[end - 1] == ","
    # '"… technology,'" Kariuki said': the comma sits inside an inner quotation but still links
    # the outer one to the attribution after it. It stays, as part of the inner quotation.
    inner_comma = end - start > 1 and text[end - 1] in "'’" and text[end - 2] == ","
    if had_comma:
        end -= 1
        while end > start and text[end - 1].isspace():
            end -= 1
    if end > start:
        quotes.append(_Quote(open_at, close_at, start, end, open_ended, continues, had_comma or inner_comma))


def _inside_quote_test(quotes: list[_Quote]):
    """A function telling whether an offset lies within a quotation's marks (the marks included)."""
    opens = [q.open for q in quotes]

    def inside(pos: int) -> bool:
        index = bisect.bisect_right(opens, pos) - 1
        return index >= 0 and quotes[index].open < pos <= quotes[index].close

    return inside
