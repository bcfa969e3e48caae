"""The text of a verbatim record (S/PV.…) from its PDF, in reading order.

`extract_text(data)` reads the front page top to bottom, then each later page left column then right
column; it leaves out what the UN prints around the speeches (the header with the symbol, the agenda's
title and the date, the footer with "3/25" and the document number, the notice on the front page, the
barcode text, footnotes and their marks) and gives paragraphs separated by a blank line. The lines of a
paragraph are joined with a space and a word hyphenated at a line's end is joined again, also across a
column or a page, while a compound cut at its own hyphen keeps it (see HYPHENATED_PREFIXES). Each
paragraph starts where the record starts one (a speaker's label such as "Mr. Nebenzia (Russian
Federation) (spoke in Russian):" stays at the start of its paragraph), so that
`statements.records.verbatim` reads the text as it reads a pasted one.

pdfminer.six interprets the pages; its layout analysis is not used. It is several times slower than the
interpretation itself and does not know the UN's columns, so a small device here keeps each glyph's
position, size and style, and the columns are found from where the glyphs are not: the gutter. A page
whose right column holds a line or two (the last page, say) takes the gutter of a full page of its side.
"""

import io
import re
from collections import Counter
from dataclasses import dataclass

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect, PDFXRefFallback
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from .errors import UnreadablePdf

MAX_PAGES = 500

# What the UN prints in a page's header and footer: the symbol, the date, "3/25", the document number
# "24-18345" or "24-18345 (E)" and the barcode's text "*2418345*".
FURNITURE = re.compile(
    r"S/PV\.\d+(?:\s*\((?:Resumption|Part)[^)]*\))?|\b\d{1,2}/\d{1,2}/\d{4}\b|(?<![\w/])\d{1,3}/\d{1,3}(?![\w/])"
    r"|\b\d{2}-\d{5}(?:\s*\([A-Z]\))?|\*\d{6,}\*"
)
NOTICE_START = re.compile(r"^This record contains the (?:text|record) of speeches")
LEADER = re.compile(r"(?:\. ?){3}")  # "Algeria . . . . . Mr. Bendjama"
SENTENCE_END = tuple('.:;?!"”’)]…')
# U+E000 (a private-use code point, which no English text needs) marks a hyphen to be decided (SOFT_BREAK).
LIGATURES = str.maketrans({"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "\u00a0": " ", "\ue000": ""})
# A hyphen at a line's end before a lower-case letter: a break inside a word ("provisi-|onal") or a
# compound's own hyphen ("long-|term"). The PDF does not say which. The hyphen stays when the compound is
# printed whole elsewhere in the record (as the text path decides), when its first part is a prefix that
# the UN's style always hyphenates, or when it is one of the compounds below; else it goes. The lists are
# short on purpose: a typesetter breaks far more words than compounds, and a wrong entry would glue a
# hyphen into every word it breaks ("so-|ciety", "post-|pone", "ex-|ample" are why "so", "post" and "ex"
# are not prefixes here). An upper-case letter or a digit after the hyphen keeps it always
# ("Secretary-|General", "non-|State", "COVID-|19"), and so does a digit in either part ("1870th-|l874th"):
# a typesetter does not break a number.
HYPHENATED_PREFIXES = frozenset({"non", "self"})
HYPHENATED_COMPOUNDS = frozenset(
    {
        "so-called", "long-term", "short-term", "medium-term", "long-standing", "long-lasting", "follow-up",
        "high-level", "well-being", "decision-making", "cease-fire", "cross-border", "large-scale", "full-scale",
        "anti-personnel", "post-conflict", "ex-combatants", "counter-terrorism", "peace-loving",
    }
)  # fmt: skip
SOFT_BREAK = "\ue000"  # a hyphen at a line's end to be decided once the whole record is read
_SOFT_BREAK = re.compile(r"([^\W\d_]*)" + SOFT_BREAK + r"([^\W\d_]*)")
_COMPOUND = re.compile(r"(?<![^\W\d_])[^\W\d_]+-[^\W\d_]+(?![^\W\d_])")


def extract_text(data: bytes, *, max_pages: int = MAX_PAGES) -> str:
    """The record's text, paragraphs separated by a blank line. Raises UnreadablePdf."""
    pages = _read_pages(data, max_pages)
    glyphs = sum(len(page.chars) for page in pages)
    visible = sum(1 for page in pages for char in page.chars if not char.text.isspace())
    if visible < 20 * len(pages) and visible < 200:
        raise UnreadablePdf("the PDF has no text layer (a scanned image?); OCR it first or paste the text")
    undefined = sum(1 for page in pages for char in page.chars if char.text == "\ufffd")
    if undefined > glyphs / 2:
        raise UnreadablePdf("the PDF's fonts do not say which letters they draw; OCR it first or paste the text")
    return "\n\n".join(_Reader().read(pages))


# Reading the PDF.


@dataclass(slots=True)
class Char:
    x0: float
    x1: float
    y: float  # the baseline
    size: float
    text: str
    bold: bool
    italic: bool


@dataclass(slots=True)
class Page:
    width: float
    height: float
    chars: list


def _read_pages(data, max_pages):
    if not isinstance(data, bytes | bytearray) or b"%PDF-" not in data[:1024]:
        raise UnreadablePdf("the file is not a PDF")
    if b"%%EOF" not in data[-2048:]:
        raise UnreadablePdf("the PDF is truncated (its end is missing); download it again")
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadablePdf("the PDF is encrypted; upload a copy without a password") from None
    except Exception as error:  # pdfminer raises many kinds on damaged files; each means the same here
        raise UnreadablePdf(f"the PDF is damaged and cannot be read ({type(error).__name__})") from None
    if any(isinstance(xref, PDFXRefFallback) for xref in document.xrefs):
        # pdfminer would read on from what it finds, and leave out what it does not: a page, a speech.
        raise UnreadablePdf("the PDF is damaged (its index does not match its contents); download it again")
    try:
        count = _page_count(document)
        if count > max_pages:
            raise UnreadablePdf(f"the PDF has {count} pages; at most {max_pages} are read")
        resources = PDFResourceManager(caching=True)
        device = _GlyphDevice(resources)
        interpreter = PDFPageInterpreter(resources, device)
        pages = []
        for number, pdf_page in enumerate(PDFPage.create_pages(document), start=1):
            if number > max_pages:
                raise UnreadablePdf(f"the PDF has more than {max_pages} pages; at most {max_pages} are read")
            x0, y0, x1, y1 = pdf_page.mediabox
            device.chars = []
            interpreter.process_page(pdf_page)
            if x0 or y0:  # a page whose corner is not at the origin: positions measured from its corner
                for char in device.chars:
                    char.x0, char.x1, char.y = char.x0 - x0, char.x1 - x0, char.y - y0
            pages.append(Page(width=abs(x1 - x0), height=abs(y1 - y0), chars=device.chars))
    except UnreadablePdf:
        raise
    except Exception as error:  # as above: a damaged page, a broken font, a stream cut short
        raise UnreadablePdf(f"the PDF is damaged and cannot be read ({type(error).__name__})") from None
    if not pages:
        raise UnreadablePdf("the PDF has no pages")
    return pages


def _page_count(document):
    try:
        return int(document.catalog["Pages"].resolve()["Count"])
    except Exception:  # a missing or odd count: the loop over the pages checks the limit as it goes
        return 0


class _GlyphDevice(PDFTextDevice):
    """Keeps each glyph's box, baseline, size and style; draws nothing else. pdfminer's LTChar objects
    and its layout analysis would cost more than the interpretation itself."""

    def __init__(self, resources):
        super().__init__(resources)
        self.chars = []
        self._render_mode = 0
        self._fonts = {}  # id(font) -> (font, bold, italic, {cid: (text, width)})

    def render_string_horizontal(
        self, seq, matrix, pos, font, fontsize, scaling, charspace, wordspace, rise, dxscale, ncs, graphicstate
    ):
        a, b, c, d, e, f = matrix
        x, y = pos
        known = self._fonts.get(id(font))
        if known is None or known[0] is not font:
            name = (font.fontname or "").lower() if isinstance(font.fontname, str) else ""
            bold = any(word in name for word in ("bold", "black", "heavy", "semibold", "demi"))
            italic = any(word in name for word in ("italic", "oblique"))
            known = (font, bold, italic, {})
            self._fonts[id(font)] = known
        _, bold, italic, glyphs = known
        # Text drawn with a stroke as well as a fill is how some word processors make bold.
        bold = bold or self._render_mode in (1, 2)
        upright = abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0
        size = fontsize * d
        append = self.chars.append
        needcharspace = False
        for obj in seq:
            if isinstance(obj, int | float):
                x -= obj * dxscale
                needcharspace = True
                continue
            if not isinstance(obj, bytes):
                continue
            for cid in font.decode(obj):
                if needcharspace:
                    x += charspace
                glyph = glyphs.get(cid)
                if glyph is None:
                    try:
                        text = font.to_unichr(cid)
                    except PDFUnicodeNotDefined:
                        text = "\ufffd"
                    glyph = glyphs[cid] = (text.translate(LIGATURES), font.char_width(cid))
                text, width = glyph
                advance = width * fontsize * scaling
                if upright:
                    left = a * x + c * (y + rise) + e
                    append(Char(left, left + a * advance, b * x + d * (y + rise) + f, size, text, bold, italic))
                x += advance
                if cid == 32 and wordspace:
                    x += wordspace
                needcharspace = True
        return (x, y)

    def render_string_vertical(self, seq, matrix, pos, *args):
        return pos  # vertical writing (CJK) is not in an English record

    def render_string(self, textstate, seq, ncs, graphicstate):
        self._render_mode = textstate.render
        super().render_string(textstate, seq, ncs, graphicstate)


# From glyphs to lines.


@dataclass(slots=True)
class Line:
    x0: float
    x1: float
    y: float
    size: float
    text: str
    starts_bold: bool
    ends_bold: bool
    italic: bool  # every letter in italics


def _rows(chars, tolerance):
    """Glyphs on one baseline, top of the page first; each row's glyphs left to right."""
    rows = []
    for char in sorted(chars, key=lambda ch: -ch.y):
        if rows and rows[-1][0].y - char.y <= tolerance:
            rows[-1].append(char)
        else:
            rows.append([char])
    for row in rows:
        row.sort(key=lambda ch: ch.x0)
    return rows


def _line(chars):
    """A line from glyphs that are left to right: spaces where the gaps are, none doubled."""
    sizes = Counter(round(ch.size, 1) for ch in chars if not ch.text.isspace())
    usual = sizes.most_common(1)[0][0] if sizes else 0
    base = min((ch.y for ch in chars if ch.size >= usual * 0.9), default=0)
    # A footnote's mark: a small glyph raised above the line's baseline.
    chars = [ch for ch in chars if not (ch.size < usual * 0.75 and ch.y > base + 0.5)] or chars
    parts = []
    previous = None
    for char in chars:
        if previous is not None and char.x0 - previous.x1 > 0.2 * char.size and not previous.text.isspace():
            parts.append(" ")
        parts.append(char.text)
        previous = char
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    ink = [ch for ch in chars if not ch.text.isspace()]
    letters = [ch for ch in ink if ch.text.isalpha()] or ink
    return Line(
        x0=ink[0].x0,
        x1=ink[-1].x1,
        y=ink[0].y,
        size=usual,
        text=text,
        starts_bold=ink[0].bold,
        ends_bold=ink[-1].bold,
        italic=all(ch.italic for ch in letters),
    )


def _row_text(row):
    return _line(row).text if any(not ch.text.isspace() for ch in row) else ""


def _is_furniture(text):
    tokens = FURNITURE.findall(text)
    rest = FURNITURE.sub("", text).strip(" .,-–|")
    return bool(tokens) and (not rest or len(tokens) >= 2)


def _without_furniture(rows, height, header=True):
    """The rows without the header and footer: in the top and bottom tenth of the page, a row that is
    the symbol, the date, a page number or the document number (alone, or two of them with the agenda's
    title between) goes, with everything farther out. The front page has no header (its symbol stays)."""
    top_zone, bottom_zone = height * 0.89, height * 0.11
    header = [row[0].y for row in rows if header and row[0].y >= top_zone and _is_furniture(_row_text(row))]
    footer = [row[0].y for row in rows if row[0].y <= bottom_zone and _is_furniture(_row_text(row))]
    lowest_header = min(header, default=None)
    highest_footer = max(footer, default=None)
    kept = []
    for row in rows:
        y = row[0].y
        if lowest_header is not None and y >= lowest_header - 3:
            continue
        if highest_footer is not None and y <= highest_footer + 3 and y <= bottom_zone:
            continue
        kept.append(row)
    return kept


def _cover(rows, width):
    """For each whole point across the page, how many rows have ink there."""
    bins = int(width) + 2
    steps = [0] * (bins + 1)
    for row in rows:
        start = end = None
        for char in row:  # left to right
            if char.text.isspace():
                continue
            # Clamped to the page: a line set wider than the page (a long dot leader) runs off it.
            a = min(bins, max(0, int(char.x0)))
            b = max(a, min(bins, int(char.x1) + 1))
            if end is not None and a <= end:
                end = max(end, b)
                continue
            if end is not None:
                steps[start] += 1
                steps[end] -= 1
            start, end = a, b
        if end is not None:
            steps[start] += 1
            steps[end] -= 1
    cover, count = [], 0
    for step in steps[:bins]:
        count += step
        cover.append(count)
    return cover


def _sides(rows, left, right):
    """How many rows have ink west of `left` and how many east of `right`."""
    west = sum(1 for row in rows if any(ch.x1 <= left + 1 and not ch.text.isspace() for ch in row))
    east = sum(1 for row in rows if any(ch.x0 >= right and not ch.text.isspace() for ch in row))
    return west, east


def _gutter(rows, cover, width):
    """(left, right) of the empty band between two columns that both hold a fair share of the page's rows,
    or None."""
    allowed = max(1, len(rows) // 50)
    best, start = None, None
    low, high = int(width * 0.3), int(width * 0.7)
    for i in range(low, high + 1):
        if cover[i] <= allowed:
            start = i if start is None else start
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
        else:
            start = None
    if best is None or best[1] - best[0] < 6:
        return None
    left, right = best
    # Both sides hold text: the columns' baselines need not line up, so the rows are counted apart.
    west, east = _sides(rows, left, right)
    return (left, right + 1) if min(west, east) >= len(rows) * 0.2 else None


def _sparse_gutter(rows, cover, width, known):
    """The gutter of a page where one column holds little text (the last page, a page that ends a speech
    with a line or two): the band between the columns on another page of the same side, if it is empty
    here too, else the leftmost empty band in the page's middle that has text on both sides. Not the
    widest band, as on a full page: there a short right column leaves a wider hole to the right of its
    lines than the gutter. None when one side is empty: the page is in one column."""
    allowed = len(rows) // 50
    if known is not None:
        left, right = known
        if all(c <= allowed for c in cover[max(0, left) : right]) and min(_sides(rows, left, right)):
            return known
    # Without a page like it to go by, the band must be empty: one line across it means one column.
    low, high = int(width * 0.3), int(width * 0.7)
    i = low
    while i <= high:
        if cover[i]:
            i += 1
            continue
        start = i
        while i < len(cover) and not cover[i]:
            i += 1
        if i - start >= 6 and i < len(cover) and min(_sides(rows, start, i)):
            return (start, i)
    return None


# From lines to paragraphs.


class _Reader:
    def __init__(self):
        self.paragraphs = []
        self.last = None  # the last line read, when its paragraph may go on
        self.edges = {}  # (page parity, column) -> (left, right) of the text, from a page that had enough lines
        self.leading = None

    def read(self, pages):
        laid_out = [self._lay_out(number, page) for number, page in enumerate(pages, start=1)]
        # A column's band on a full page, by side (the margins are mirrored on odd and even pages).
        known = {}
        for number, (*_, gutter) in enumerate(laid_out, start=1):
            if gutter is not None and number > 1:
                known.setdefault(number % 2, gutter)
        for number, (rows, body, cover, gutter) in enumerate(laid_out, start=1):
            if not rows:
                continue
            if gutter is None and number > 1:
                gutter = _sparse_gutter(rows, cover, pages[number - 1].width, known.get(number % 2))
            self._page(number, rows, body, gutter)
        paragraphs = [re.sub(r" {2,}", " ", p).strip() for p in self.paragraphs if p.strip()]
        return _mend_breaks(paragraphs)

    def _lay_out(self, number, page):
        """(rows without the page's furniture, body size, cover, gutter of a full page or None)."""
        sizes = Counter(round(ch.size, 1) for ch in page.chars if not ch.text.isspace())
        if not sizes:
            return [], 0, [], None
        body = sizes.most_common(1)[0][0]
        rows = _rows(page.chars, tolerance=body * 0.25)
        rows = _without_furniture(rows, page.height, header=number > 1)
        rows = [row for row in rows if any(not ch.text.isspace() for ch in row)]
        if not rows:
            return [], body, [], None
        cover = _cover(rows, page.width)
        return rows, body, cover, _gutter(rows, cover, page.width)

    def _page(self, number, rows, body, gutter):
        if gutter is None and number == 1:
            self._front_page(rows)
            return
        if gutter is None:
            self._segment([_line(row) for row in rows], number, 0, body)
            return
        middle = (gutter[0] + gutter[1]) / 2
        left, right = [], []
        for row in rows:
            ink = [ch for ch in row if not ch.text.isspace()]
            if any(ch.x0 < gutter[0] and ch.x1 > gutter[1] for ch in ink):
                # A line across the gutter (a heading over both columns) ends the columns above it.
                self._columns(left, right, number, body)
                left, right = [], []
                self._segment([_line(row)], number, 2, body)
                continue
            west = [ch for ch in row if (ch.x0 + ch.x1) / 2 < middle]
            east = [ch for ch in row if (ch.x0 + ch.x1) / 2 >= middle]
            if any(not ch.text.isspace() for ch in west):
                left.append(_line(west))
            if any(not ch.text.isspace() for ch in east):
                right.append(_line(east))
        self._columns(left, right, number, body)

    def _columns(self, left, right, number, body):
        self._segment(left, number, 0, body)
        self._segment(right, number, 1, body)

    def _segment(self, lines, number, column, body):
        """Lines of one column, top to bottom, read on from the last paragraph."""
        lines = self._without_footnotes(lines, body)
        if not lines:
            return
        main = [line for line in lines if line.size >= body * 0.9]
        # The usual distance between baselines; a paragraph's own lines are the most common case.
        gaps = Counter(round(a.y - b.y) for a, b in zip(main, main[1:], strict=False) if 0 < a.y - b.y < body * 3)
        if gaps:
            self.leading = gaps.most_common(1)[0][0]
        left, right = self._edges(main or lines, (number % 2, column))
        previous = self.last
        for i, line in enumerate(lines):
            same_column = i > 0
            if previous is None or self._starts_paragraph(previous, line, left, right, same_column):
                self.paragraphs.append(line.text)
            else:
                self.paragraphs[-1] = _join(self.paragraphs[-1], line.text)
            previous = line
        self.last = previous

    def _edges(self, lines, key):
        """Where the column's text starts and ends: the leftmost start and the rightmost end that two lines
        or more share (in justified text, every line but a paragraph's first starts at the margin and every
        line but its last ends at the other). A column without such lines takes the edges of the last page
        of the same side (odd or even) that had them."""
        start = _shared(sorted(line.x0 for line in lines))
        end = _shared(sorted((line.x1 for line in lines), reverse=True))
        if start is not None and end is not None:
            self.edges[key] = (start - 1, end + 1)
            return self.edges[key]
        if key in self.edges:
            return self.edges[key]
        return min(line.x0 for line in lines), max(line.x1 for line in lines)

    def _without_footnotes(self, lines, body):
        """The column's lines without its footnotes (small lines below its last full-size line) and
        without footnote marks (small glyphs raised above a line)."""
        small = body * 0.9
        full = [i for i, line in enumerate(lines) if line.size >= small]
        if not full:
            return lines
        lines = lines[: full[-1] + 1]
        kept = []
        for i, line in enumerate(lines):
            if line.size < body * 0.8 and any(
                0 < line.y - other.y < body * 0.8 for other in lines[i + 1 : i + 2] if other.size >= small
            ):
                continue
            kept.append(line)
        return kept

    def _starts_paragraph(self, previous, line, left, right, same_column):
        size = max(line.size, 1.0)
        if line.x0 - left > size * 0.8:
            return True  # indented, or centred
        if line.starts_bold and not previous.ends_bold:
            return True  # a speaker's label
        if line.italic != previous.italic:
            return True  # a procedural line ("The agenda was adopted.")
        short = previous.x1 < right - max(size * 1.5, 8)
        if short and previous.text.endswith(SENTENCE_END):
            return True
        # More space than between a paragraph's lines; a leading above 1.3 times the size is taken for
        # spacing between paragraphs (the leading of a column of one-line paragraphs).
        if same_column and previous.y - line.y > min(self.leading or size * 1.2, size * 1.3) * 1.3:
            return True
        return False

    def _front_page(self, rows):
        """The front page: a paragraph a line (wrapped lines joined again), without the notice to correctors."""
        lines = _without_notice([_line(row) for row in rows])
        if not lines:
            return
        right = max(line.x1 for line in lines)
        previous = None
        for line in lines:
            wrapped = (
                previous is not None
                and previous.x1 > right - 3 * line.size
                and abs(previous.x0 - line.x0) < 1
                and abs(previous.size - line.size) < 0.5
                and previous.y - line.y < line.size * 1.5
                and not LEADER.search(previous.text)
            )
            if wrapped:
                self.paragraphs[-1] = _join(self.paragraphs[-1], line.text)
            else:
                self.paragraphs.append(line.text)
            previous = line
        self.last = None


def _shared(values):
    """The first of the values (in their order) that another one matches within a point."""
    for i, value in enumerate(values[:-1]):
        if abs(values[i + 1] - value) <= 1:
            return value
    return None


def _without_notice(lines):
    for i, line in enumerate(lines):
        if NOTICE_START.match(line.text):
            end = i + 1
            while (
                end < len(lines)
                and abs(lines[end].size - line.size) < 0.5
                and lines[end - 1].y - lines[end].y < line.size * 2
            ):
                end += 1
            return lines[:i] + lines[end:]
    return lines


def _join(text, more):
    """Two lines of a paragraph as one: "non-" and "State" make "non-State"; "secu-" and "rity" are
    joined with a mark that `_mend_breaks` turns into nothing ("security") or a hyphen ("long-term");
    anything else is joined with a space."""
    if text.endswith("\u00ad"):
        return text[:-1] + more
    if len(text) > 1 and text.endswith("-") and text[-2].isalpha() and more:
        # The word after the break ends at its punctuation: "proce-|dure.[3]" is a word and a footnote mark.
        last_word, next_word = text[text.rfind(" ") + 1 :], _LEADING_WORD.match(more)[0]
        if more[0].islower() and not _has_digit(last_word) and not _has_digit(next_word):
            return text[:-1] + SOFT_BREAK + more
        return text + more  # a compound, or a token with digits ("[1870th-|1874th meetings]"), never broken
    return f"{text} {more}"


_LEADING_WORD = re.compile(r"[\w-]*")


def _has_digit(token):
    return any(c.isdigit() for c in token)


def _mend_breaks(paragraphs):
    """The paragraphs with each hyphen at a line's end before a lower-case letter decided (see
    HYPHENATED_PREFIXES)."""
    if not any(SOFT_BREAK in p for p in paragraphs):
        return paragraphs
    whole = {word.casefold() for p in paragraphs if "-" in p for word in _COMPOUND.findall(p)}

    def mend(match):
        head, tail = match.groups()
        compound = f"{head}-{tail}".casefold()
        keep = compound in whole or compound in HYPHENATED_COMPOUNDS or head.casefold() in HYPHENATED_PREFIXES
        return f"{head}-{tail}" if keep else head + tail

    return [_SOFT_BREAK.sub(mend, p) if SOFT_BREAK in p else p for p in paragraphs]
