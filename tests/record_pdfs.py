"""Test PDFs in the layout of the Security Council's verbatim records (S/PV.…), built with reportlab.

`build_record_pdf(text, …)` lays out the text of a record as the UN prints it on A4: a front page in one
column (the heading, president, members and agenda, the notice in a box, the document number and its
barcode text at the foot), then two justified columns a page, with the symbol, the agenda's title and
the date in the header (sides swapped on odd and even pages), the page number and the document number in
the footer, speaker labels in bold, procedural lines in italics, words hyphenated at line ends and
footnotes at the foot of a column. The broken inputs `extract_text` must refuse come from
`encrypted_pdf`, `truncated_pdf` and `scanned_pdf`.

The text is a record as plain text, one paragraph a line (blank lines between them or not). What comes
before "The meeting was called to order …" goes on the front page, one line of the text a line of the page.
"""

import io
import os
import re
import unicodedata
from dataclasses import dataclass

import pytest
import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

NOTICE = (
    "This record contains the text of speeches delivered in English and of the translation of speeches "
    "delivered in other languages. The final text will be printed in the Official Records of the Security "
    "Council. Corrections should be submitted to the original languages only. They should be incorporated "
    "in a copy of the record and sent under the signature of a member of the delegation concerned to the "
    "Chief of the Verbatim Reporting Service, room AB-0601 (verbatimrecords@un.org). Corrected records "
    "will be reissued electronically on the Official Document System of the United Nations "
    "(http://documents.un.org)."
)

# A speaker's label, as the UN prints it in bold at the start of a paragraph.
LABEL = re.compile(
    r"^(?:\d+\.\s)?(?:The (?:Acting )?(?:President|PRESIDENT|Chairman|CHAIRMAN)|The Secretary-General"
    r"|The Deputy Secretary-General"
    r"|(?:Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady|Dr|Archbishop|Monsignor|Sheikh|Sheikha|Prince|Princess|Cardinal"
    r"|Baroness|Emir|King|Queen|President|Prime Minister)\.?\s[^:\n]{1,200}?)(?:\s\([^()\n]*\))*:(?=\s)"
)
# Lines of procedure, printed in italics.
PROCEDURE = re.compile(
    r"^(?:The meeting (?:was called to order|rose|was suspended|resumed)|The agenda was adopted"
    r"|A (?:recorded )?vote was taken|In favour:|Against:|Abstaining:|The members of the (?:Security )?Council"
    r"|The President (?:invited|drew|put)|The draft resolution (?:was|received|failed)"
    r"|The Council (?:began|heard|observed))"
)
FRONT_END = re.compile(r"^The meeting (?:was called to order|resumed)", re.MULTILINE)

PAGE_WIDTH, PAGE_HEIGHT = A4
BODY_SIZE, LEADING = 10.0, 12.0
FOOTNOTE_SIZE, FOOTNOTE_LEADING = 8.0, 9.5
MARGIN_TOP, MARGIN_BOTTOM = 78.0, 80.0
COLUMN_WIDTH, GUTTER = 232.0, 17.0
INDENT = 25.0


@dataclass
class Fonts:
    regular: str
    bold: str
    italic: str

    def can_draw(self, char):
        return ord(char) in pdfmetrics.getFont(self.regular).face.charToGlyph


_fonts = None


LIBERATION = "/usr/share/fonts/truetype/liberation/LiberationSerif-{}.ttf"
# The layout tests compare where lines break, and so depend on the font's metrics: they are written for
# Times New Roman's, which the UN's records use and Liberation Serif (Debian's fonts-liberation, which
# .ci/run installs) shares. Bitstream Vera is wider and breaks lines elsewhere.
HAS_TIMES_METRICS = os.path.exists(LIBERATION.format("Regular"))
needs_times_metrics = pytest.mark.skipif(
    not HAS_TIMES_METRICS, reason="needs Liberation Serif (Debian's fonts-liberation): lines break by its metrics"
)


def fonts():
    """A serif family with the glyphs of most names: Liberation Serif (metrics of Times New Roman, as the
    UN's records use) where the system has it, else the Bitstream Vera that reportlab ships."""
    global _fonts
    if _fonts is None:
        liberation = LIBERATION
        vera = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera{}.ttf")
        if os.path.exists(liberation.format("Regular")):
            files = [liberation.format(style) for style in ("Regular", "Bold", "Italic")]
        else:
            files = [vera.format(style) for style in ("", "Bd", "It")]
        names = ["RecordSerif", "RecordSerif-Bold", "RecordSerif-Italic"]
        for name, path in zip(names, files, strict=True):
            pdfmetrics.registerFont(TTFont(name, path))
        _fonts = Fonts(*names)
    return _fonts


def as_drawn(text):
    """The text as the builder can draw it: a letter the font lacks loses its accents ("ő" → "o"), or
    becomes "?". Compare an extraction with `as_drawn(source)`, not with the source."""
    family = fonts()

    def drawable(char):
        if char in "\n\t" or family.can_draw(char):
            return char
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        return base if base and all(family.can_draw(c) for c in base) else "?"

    return "".join(map(drawable, text))


def split_record(text):
    """(front-page lines, body paragraphs) of a record's text."""
    text = as_drawn(text.replace("\r\n", "\n")).strip("\n")
    match = FRONT_END.search(text)
    front, body = (text[: match.start()], text[match.start() :]) if match else ("", text)
    front_lines = [" ".join(line.split()) for line in front.splitlines()]
    paragraphs = [" ".join(line.split()) for line in body.splitlines()]
    return front_lines, [p for p in paragraphs if p]


# Laying out words.


@dataclass
class Word:
    text: str
    font: str
    width: float
    space: float  # the width of a space after it, in its font


def _words(paragraph, family, size):
    """The paragraph's words, each in its font: the label bold, a procedural line in italics."""
    label = LABEL.match(paragraph)
    italic = PROCEDURE.match(paragraph) is not None
    runs = [(paragraph[: label.end()], family.bold), (paragraph[label.end() :], family.regular)] if label else []
    runs = runs or [(paragraph, family.italic if italic else family.regular)]
    words = []
    for run, font in runs:
        for text in run.split():
            width = pdfmetrics.stringWidth(text, font, size)
            words.append(Word(text, font, width, pdfmetrics.stringWidth(" ", font, size)))
    return words


def _hyphenate(word, room, size):
    """(head ending in "-", tail) of a word cut to fit `room`, or None. Only long lowercase words are cut
    anywhere; a compound is cut only at one of its own hyphens ("Secretary-|General", "so-|called"), as a
    typesetter does. A reader must then tell "provisi-|onal" (a break: the hyphen goes) from "so-|called"
    (a compound: it stays)."""
    text = word.text
    if "-" in text:
        cut = text.rfind("-", 0, len(text) - 1)
        while cut > 0:
            head = text[: cut + 1]
            if text[cut - 1].isalpha() and text[cut + 1].isalnum():
                if pdfmetrics.stringWidth(head, word.font, size) <= room:
                    return head, text[cut + 1 :]
            cut = text.rfind("-", 0, cut)
        return None
    core = re.match(r"^[a-z]+", text)
    if not core or len(core.group()) < 8:
        return None
    for cut in range(len(core.group()) - 3, 3, -1):
        head = text[:cut] + "-"
        if pdfmetrics.stringWidth(head, word.font, size) <= room:
            return head, text[cut:]
    return None


def _lines(words, width, first_indent, size, hyphenate):
    """Greedy line breaking: lists of words, each list one line."""
    lines, line, used = [], [], first_indent
    words = list(words)
    while words:
        word = words.pop(0)
        needed = word.width + (line[-1].space if line else 0)
        if used + needed <= width:
            line.append(word)
            used += needed
            continue
        room = width - used - (line[-1].space if line else 0)
        cut = _hyphenate(word, room, size) if hyphenate and line else None
        if cut:
            head, tail = cut
            line.append(Word(head, word.font, pdfmetrics.stringWidth(head, word.font, size), word.space))
            words.insert(0, Word(tail, word.font, pdfmetrics.stringWidth(tail, word.font, size), word.space))
        elif not line:  # a word wider than the column stays whole
            line.append(word)
        else:
            words.insert(0, word)
        lines.append(line)
        line, used = [], 0.0
    if line:
        lines.append(line)
    return lines


def _draw_line(text_object, words, x, y, width, size, justify):
    """One line as a word processor writes it: runs of text with real spaces, stretched to `width` by word
    spacing when justified."""
    natural = sum(w.width for w in words) + sum(w.space for w in words[:-1])
    stretch = (width - natural) / (len(words) - 1) if justify and len(words) > 1 else 0.0
    text_object.setTextOrigin(x, y)
    text_object.setWordSpace(stretch)
    run, font = [], None
    for word in words:
        if word.font != font and run:
            text_object.setFont(font, size)
            text_object.textOut(" ".join(run) + " ")
            run = []
        font = word.font
        run.append(word.text)
    text_object.setFont(font, size)
    text_object.textOut(" ".join(run))


# Pages.


class _Layout:
    def __init__(self, canvas_, *, total, symbol, date, document_number, title, paragraph_gap, hyphenate, footnotes):
        self.c = canvas_
        self.total = total
        self.footnotes_drawn = []
        self.fonts = fonts()
        self.symbol, self.date, self.document_number, self.title = symbol, date, document_number, title
        self.paragraph_gap = paragraph_gap
        self.hyphenate = hyphenate
        self.footnotes = footnotes
        self.page = 1
        self.column = 0
        self.text = None

    # The front page.

    def front_page(self, lines, provisional):
        c, f = self.c, self.fonts
        left, right = 56.0, PAGE_WIDTH - 56.0
        c.setFont(f.regular, 10)
        c.drawString(left, PAGE_HEIGHT - 50, "United Nations")
        c.setFont(f.bold, 18)
        c.drawRightString(right, PAGE_HEIGHT - 52, self.symbol)
        c.setLineWidth(1.5)
        c.line(left, PAGE_HEIGHT - 62, right, PAGE_HEIGHT - 62)
        if provisional:
            c.setFont(f.italic, 10)
            c.drawRightString(right, PAGE_HEIGHT - 78, "Provisional")
        heading = {"United Nations", self.symbol, "Provisional", ""}
        box_top = 175.0
        y = PAGE_HEIGHT - 100
        for n, line in enumerate(lines):
            if y < box_top + 30:  # what does not fit goes on with the body
                return [line for line in lines[n:] if line]
            if line in heading:
                if line == "":
                    y -= 6
                continue
            font, size = (f.bold, 16) if line == "Security Council" else (f.regular, 10)
            leader = re.match(r"^(.*?\S)\s*(?:\.\s*){3,}(\S.*)$", line)
            if leader:  # "Algeria . . . . . Mr. Bendjama": name, dot leaders, name again at a tab
                head, tail = leader.groups()
                c.setFont(font, size)
                c.drawString(left + 40, y, head)
                c.drawString(left + 280, y, tail)
                start = left + 44 + pdfmetrics.stringWidth(head, font, size)
                dots = int((left + 274 - start) / 5)
                if dots > 0:
                    c.drawString(start, y, ". " * dots)
                y -= LEADING
                continue
            for part in _lines(_words(line, f, size), right - left - 40, 0, size, False):
                if part[0].font == f.italic:
                    font = f.italic
                c.setFont(font, size)
                c.drawString(left + 40, y, " ".join(w.text for w in part))
                y -= size * 1.2
            if size > 10:
                y -= 8
        c.setLineWidth(0.5)
        c.rect(left, 92, right - left, box_top - 92)
        text = c.beginText()
        yy = box_top - 14
        notice = _lines(_words(NOTICE, f, 8), right - left - 16, 0, 8, False)
        for part in notice:
            _draw_line(text, part, left + 8, yy, right - left - 16, 8, justify=part is not notice[-1])
            yy -= 9.5
        c.drawText(text)
        c.setFont(f.regular, 8)
        c.drawString(left, 60, f"{self.document_number} (E)")
        c.setFont(f.regular, 12)
        c.drawRightString(right, 56, "*" + self.document_number.replace("-", "") + "*")
        c.showPage()
        self.page = 2
        return []

    # The body.

    def column_x(self):
        # Mirrored margins: even pages sit a little to the left, odd ones a little to the right.
        left = 56.0 if self.page % 2 == 0 else 66.0
        return left + self.column * (COLUMN_WIDTH + GUTTER)

    def start_page(self):
        c, f = self.c, self.fonts
        self.column = 0
        left = self.column_x()
        right = left + 2 * COLUMN_WIDTH + GUTTER
        top = PAGE_HEIGHT - 44
        even = self.page % 2 == 0
        c.setFont(f.bold, 9)
        (c.drawString if even else c.drawRightString)(left if even else right, top, self.symbol)
        c.setFont(f.regular, 9)
        (c.drawRightString if even else c.drawString)(right if even else left, top, self.date)
        if self.title:
            c.setFont(f.regular, 8)
            c.drawCentredString((left + right) / 2, top, self.title)
        c.setLineWidth(0.5)
        c.line(left, top - 5, right, top - 5)
        c.setFont(f.regular, 8)
        number = f"{self.page}/{self.total}"
        c.drawString(left, 48, number if even else self.document_number)
        c.drawRightString(right, 48, self.document_number if even else number)
        self.column = 0
        self.y = PAGE_HEIGHT - MARGIN_TOP
        self.bottom = MARGIN_BOTTOM
        self.text = c.beginText()

    def end_page(self):
        self.c.drawText(self.text)
        self.c.showPage()
        self.page += 1

    def next_column(self):
        if self.column == 0:
            self.column = 1
            self.y = PAGE_HEIGHT - MARGIN_TOP
            self.bottom = MARGIN_BOTTOM
        else:
            self.end_page()
            self.start_page()

    def footnote_height(self, note):
        lines = _lines(_words(note, self.fonts, FOOTNOTE_SIZE), COLUMN_WIDTH - 10, 0, FOOTNOTE_SIZE, False)
        return 8 + len(lines) * FOOTNOTE_LEADING, lines

    def draw_footnote(self, number, lines, height):
        x = self.column_x()
        top = self.bottom + height
        self.c.setLineWidth(0.5)
        self.c.line(x, top - 2, x + 70, top - 2)
        y = top - 2 - FOOTNOTE_LEADING
        self.text.setTextOrigin(x, y)
        self.text.setFont(self.fonts.regular, FOOTNOTE_SIZE)
        self.text.textOut(str(number))
        for part in lines:
            _draw_line(self.text, part, x + 10, y, COLUMN_WIDTH - 10, FOOTNOTE_SIZE, justify=part is not lines[-1])
            y -= FOOTNOTE_LEADING
        self.bottom = top + 4

    def paragraph(self, index, paragraph, first):
        f = self.fonts
        note = self.footnotes.get(index)
        indent = INDENT
        lines = _lines(_words(paragraph, f, BODY_SIZE), COLUMN_WIDTH, indent, BODY_SIZE, self.hyphenate)
        if not first:
            self.y -= self.paragraph_gap
        for i, words in enumerate(lines):
            last = i == len(lines) - 1
            reserve = 0.0
            if last and note:
                number = len(self.footnotes_drawn) + 1
                reserve, note_lines = self.footnote_height(note)
            if self.y - LEADING < self.bottom + reserve:
                self.next_column()
                if last and note:
                    reserve, note_lines = self.footnote_height(note)
            self.y -= LEADING
            x = self.column_x() + (indent if i == 0 else 0)
            width = COLUMN_WIDTH - (indent if i == 0 else 0)
            _draw_line(self.text, words, x, self.y, width, BODY_SIZE, justify=not last)
            if last and note:
                end = x + sum(w.width + w.space for w in words) - words[-1].space
                self.text.setTextOrigin(end + 0.5, self.y + 3.5)
                self.text.setFont(f.regular, 6)
                self.text.textOut(str(number))
                self.footnotes_drawn.append(number)
                self.draw_footnote(number, note_lines, reserve)


def build_record_pdf(
    text,
    *,
    symbol="S/PV.9669",
    date="28/06/2024",
    document_number="24-18345",
    title="",
    provisional=True,
    paragraph_gap=6.0,
    hyphenate=True,
    footnotes=None,
):
    """The PDF (bytes) of a record's text in the UN's layout.

    `title` is the agenda item the header repeats on every page after the first; `paragraph_gap` the space
    between paragraphs in points (0: only the first line's indentation marks a new one); `footnotes` maps
    the index of a body paragraph (0 is the first after the front page) to the text of a footnote whose
    mark ends that paragraph and which is printed at the foot of the column where it ends.
    """
    options = dict(
        symbol=symbol,
        date=date,
        document_number=document_number,
        title=title,
        provisional=provisional,
        paragraph_gap=paragraph_gap,
        hyphenate=hyphenate,
        footnotes=footnotes or {},
    )
    # The footer says "3/25": a first run counts the pages.
    _, total = _render(text, total=0, **options)
    data, _ = _render(text, total=total, **options)
    return data


def _render(text, *, total, provisional, **options):
    front, paragraphs = split_record(text)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(options["symbol"])
    layout = _Layout(c, total=total, **options)
    paragraphs = layout.front_page(front, provisional) + paragraphs
    layout.start_page()
    for index, paragraph in enumerate(paragraphs):
        layout.paragraph(index, paragraph, first=index == 0)
    layout.end_page()
    c.save()
    return buffer.getvalue(), layout.page - 1


# Broken inputs.


def encrypted_pdf(text="The President: The meeting is adjourned.", password="secret"):
    """A record that opens only with a password, as reportlab encrypts it (RC4, 128 bits)."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, encrypt=StandardEncryption(password, canPrint=1))
    c.setFont(fonts().regular, BODY_SIZE)
    c.drawString(72, 700, text)
    c.showPage()
    c.save()
    return buffer.getvalue()


def truncated_pdf(data, keep=0.6):
    """The first part of a PDF, as a download cut short leaves it."""
    return data[: int(len(data) * keep)]


def scanned_pdf(pages=2):
    """Pages with a picture of text and no text layer, as a scanner makes them."""
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    grey = ImageReader(io.BytesIO(_grey_png()))
    for _ in range(pages):
        c.drawImage(grey, 56, 80, width=PAGE_WIDTH - 112, height=PAGE_HEIGHT - 160)
        for y in range(700, 100, -14):  # the lines of the "scanned" text, drawn as strokes
            c.line(66, y, PAGE_WIDTH - 66, y)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _grey_png(width=8, height=8):
    import struct
    import zlib

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes([180 + (x * y) % 60 for x in range(width)]) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
