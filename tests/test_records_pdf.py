"""statements.records.pdf: the text of a verbatim record from a PDF in the UN's layout.

The PDFs are built by tests/record_pdfs.py from the real records of the dev corpus
(tests/data/records/verbatim/dev/*.txt); the short passages of the hard cases (a paragraph across a column
and a page, hyphens, a footnote) are written here.
"""

import ast
import contextlib
import io
import re
import time
from functools import cache
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.high_level import extract_text as pdfminer_extract_text
from pdfminer.layout import LTTextContainer

from statements.records.errors import RecordError, UnreadablePdf
from statements.records.pdf import _join, _mend_breaks, extract_text
from tests.record_pdfs import (
    FRONT_END,
    as_drawn,
    build_record_pdf,
    encrypted_pdf,
    needs_times_metrics,
    scanned_pdf,
    split_record,
    truncated_pdf,
)

DEV = Path(__file__).parent / "data" / "records" / "verbatim" / "dev"
RECORDS = sorted(DEV.glob("S-PV.*.txt"))

# Passages of our own for the hard cases, not from a record.
LONG_SPEECH = "Mr. Example (Utopia) (spoke in French): " + " ".join(
    f"Point {n}: the delegation underlines that humanitarian access, accountability and the protection "
    "of civilians remain indispensable, and that the Council's responsibilities are unquestionable."
    for n in range(1, 46)
)
FRONT = "Security Council\nSeventy-ninth year\n9999th meeting\nFriday, 28 June 2024, 10 a.m.\nNew York\n"


def pdfminer_text(data, **options):
    """The PDF's text as pdfminer's own reader sees it: to check what a built PDF holds."""
    return pdfminer_extract_text(io.BytesIO(data), **options)


def symbol_of(path):
    return path.stem.replace("S-PV", "S/PV")


def normal(text):
    """Whitespace collapsed and dot leaders ("Algeria . . . . Mr. X") made one mark, whatever their length."""
    text = re.sub(r"\s*(?:\.\s*){3,}", " … ", text)
    return " ".join(text.split())


def paragraphs(text):
    return [normal(p) for p in text.split("\n\n") if p.strip()]


def expected_paragraphs(text, symbol):
    """What the PDF shows, paragraph by paragraph: the heading the builder prints, the source's front-page
    lines, then its paragraphs."""
    front, body = split_record(text)
    heading = {"United Nations", symbol, "Provisional", ""}
    return [f"United Nations {symbol}", "Provisional"] + [normal(p) for p in front + body if p not in heading]


@cache
def built(path):
    text = path.read_text(encoding="utf-8")
    return text, build_record_pdf(text, symbol=symbol_of(path), title="Threats to international peace and security")


@cache
def long_record():
    """A record of about thirty pages from the corpus's real speeches, one after the other."""
    body = []
    for path in RECORDS:
        body += split_record(path.read_text(encoding="utf-8"))[1]
    start = FRONT + "The meeting was called to order at 10.05 a.m.\n"
    sample = build_record_pdf(start + "\n".join(body * 10))
    copies = max(1, round(10 * 29 / (page_count(sample) - 1)))
    text = start + "\n".join(body * copies)
    return text, build_record_pdf(text)


def page_count(data):
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


pytestmark = [
    pytest.mark.skipif(not RECORDS, reason="the verbatim corpus (tests/data/records/verbatim/dev) is missing"),
    needs_times_metrics,
]


# Real records.


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_it_gives_back_every_paragraph_of_a_record_in_order(path):
    text, data = built(path)
    assert paragraphs(extract_text(data)) == expected_paragraphs(as_drawn(text), symbol_of(path))


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_it_leaves_out_headers_footers_the_notice_and_the_barcode(path):
    _, data = built(path)
    text = extract_text(data)
    assert "28/06/2024" not in text
    assert "Threats to international peace and security" not in text
    assert "24-18345" not in text
    assert "*2418345*" not in text
    assert "This record contains" not in text
    assert "verbatimrecords@un.org" not in text
    assert not re.search(r"(?<![\w/])\d{1,2}/\d{1,2}(?![\w/])", text)  # page numbers
    assert text.count(symbol_of(path)) == 1  # on the front page only


def test_the_built_pdf_prints_headers_and_footers_on_the_page():
    # Else the test above would prove little.
    _, data = long_record()
    for number, page in enumerate(extract_pages(io.BytesIO(data), page_numbers=[1, 2]), start=2):
        boxes = [box for box in page if isinstance(box, LTTextContainer)]
        assert all(0 <= box.x0 and box.x1 <= page.width for box in boxes)
        printed = " ".join(box.get_text() for box in boxes)
        for furniture in ("S/PV.9669", "28/06/2024", "24-18345", f"{number}/{page_count(data)}"):
            assert furniture in printed


def test_it_reads_thirty_pages_in_order_and_quickly():
    text, data = long_record()
    assert 28 <= page_count(data) <= 32
    started = time.perf_counter()
    extracted = extract_text(data)
    elapsed = time.perf_counter() - started
    assert paragraphs(extracted)[2:] == [normal(p) for p in sum(split_record(as_drawn(text)), [])]
    # About 0.8 s on one core of the development machine; pdfminer's own layout analysis takes longer.
    assert elapsed < 4


def test_it_gives_the_same_turns_to_the_parser_as_the_source():
    verbatim = pytest.importorskip("statements.records.verbatim")
    compared = 0
    for path in RECORDS:
        text, data = built(path)
        # The source files leave out the symbol that the PDF's front page shows.
        source = f"United Nations {symbol_of(path)}\n\n{as_drawn(text)}"
        try:
            expected = verbatim.parse_verbatim(source)
        except RecordError:
            continue
        parsed = verbatim.parse_verbatim(extract_text(data))
        assert [turn.label for turn in parsed.turns] == [turn.label for turn in expected.turns]
        assert [normal(turn.text) for turn in parsed.turns] == [normal(turn.text) for turn in expected.turns]
        compared += 1
    assert compared, "the parser read none of the corpus's records"


# The hard cases.


def test_a_paragraph_across_a_column_and_a_page_comes_back_whole():
    data = build_record_pdf(FRONT + "The meeting was called to order at 10.05 a.m.\n" + LONG_SPEECH)
    assert "the delegation underlines" in pdfminer_text(data, page_numbers=[2])  # it did reach the third page
    assert paragraphs(extract_text(data))[-1] == normal(LONG_SPEECH)


def test_a_paragraph_that_ends_a_column_does_not_run_into_the_next():
    # Paragraphs of one to six lines: some end at a column's foot, some cross it.
    sentence = "The mission of the Council is peace, and the text of this paragraph says so again."
    speeches = [f"Speech {n}. " + " ".join([sentence] * (n % 4)) for n in range(1, 150)]
    text = FRONT + "The meeting was called to order at 10.05 a.m.\n" + "\n".join(speeches)
    for gap in (6.0, 0.0):
        extracted = paragraphs(extract_text(build_record_pdf(text, paragraph_gap=gap)))
        assert extracted[-len(speeches) :] == [normal(s) for s in speeches]


def test_it_joins_words_hyphenated_at_a_line_end():
    speech = (
        "Mr. Example (Utopia): Notwithstanding extraordinarily comprehensive counterterrorism "
        "responsibilities, internationally recognized peacekeeping accomplishments and "
        "disproportionately underrepresented constituencies, the Secretary-General and non-State "
        "actors demonstrated unprecedented understanding. "
    ) * 6
    data = build_record_pdf(FRONT + "The meeting was called to order at 10.05 a.m.\n" + speech)
    assert re.search(r"[a-z]-\n[a-z]", pdfminer_text(data))  # the PDF does break words
    assert paragraphs(extract_text(data))[-1] == normal(speech)


def test_it_leaves_out_a_footnote_and_its_mark():
    speech = "Mr. Example (Utopia): We recall the report of the Secretary-General on the matter."
    text = FRONT + "The meeting was called to order at 10.05 a.m.\n" + speech + "\n" + LONG_SPEECH
    data = build_record_pdf(text, footnotes={1: "S/2024/123, annex, para. 4."})
    assert "S/2024/123" in pdfminer_text(data)
    extracted = extract_text(data)
    assert "S/2024/123" not in extracted
    assert paragraphs(extracted)[-2:] == [normal(speech), normal(LONG_SPEECH)]


def test_speaker_labels_start_their_paragraphs():
    text = FRONT + "The meeting was called to order at 10.05 a.m.\n" + LONG_SPEECH + "\n" + LONG_SPEECH
    extracted = extract_text(build_record_pdf(text, paragraph_gap=0.0))
    starts = [p for p in extracted.split("\n\n") if p.startswith("Mr. Example (Utopia) (spoke in French):")]
    assert len(starts) == 2


# Broken inputs.


def refusal(data, **options):
    with pytest.raises(UnreadablePdf) as caught:
        extract_text(data, **options)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_it_refuses_what_is_not_a_pdf():
    assert refusal(b"United Nations S/PV.9669") == "the file is not a PDF"
    assert refusal(b"") == "the file is not a PDF"


def test_it_refuses_an_encrypted_pdf():
    assert refusal(encrypted_pdf()) == "the PDF is encrypted; upload a copy without a password"


def test_it_reads_a_pdf_encrypted_without_a_password_to_open_it():
    assert extract_text(encrypted_pdf(password="")) == "The President: The meeting is adjourned."


def test_it_refuses_a_truncated_pdf():
    _, data = built(RECORDS[0])
    assert "truncated" in refusal(truncated_pdf(data))


def test_it_refuses_a_damaged_pdf():
    _, data = built(RECORDS[0])
    middle = len(data) // 2
    assert "damaged" in refusal(data[: middle - 3000] + data[middle:])


def test_it_refuses_a_scan_without_a_text_layer():
    assert refusal(scanned_pdf()) == ("the PDF has no text layer (a scanned image?); OCR it first or paste the text")


def test_it_refuses_too_many_pages():
    data = build_record_pdf(FRONT + "The meeting was called to order at 10.05 a.m.\n" + LONG_SPEECH)
    assert refusal(data, max_pages=2) == "the PDF has 3 pages; at most 2 are read"


# The parser reads the same record from the PDF as from the text: every record-like passage of the tests
# and every record of the dev corpus, laid out short and long, with and without space between paragraphs,
# with and without hyphenation, with a footnote.


def one_paragraph_a_line(text, symbol):
    """(front-page lines, body paragraphs) of a passage as `build_record_pdf` takes it: the hard-wrapped
    lines of each body paragraph joined (as the text path joins them), the furniture the passage copies
    from a PDF left out (the builder prints its own), the front page's lines as they are."""
    from statements.records import layout
    from statements.records.labels import match_label
    from statements.records.verbatim import PROCEDURE
    from statements.records.votes import BALLOT_LIST

    def opens(line):
        return bool(match_label(line) or BALLOT_LIST.match(line) or PROCEDURE.fullmatch(" ".join(line.split())))

    text = as_drawn(text)
    match = FRONT_END.search(text)
    front, body = (text[: match.start()], text[match.start() :]) if match else ("", text)
    front = re.sub(r"This record contains .*?documents\.un\.org\)\.", "", front, flags=re.DOTALL)
    front_lines = [
        line.strip()
        for line in front.splitlines()
        if line.strip() != f"United Nations {symbol}" and not re.fullmatch(r"\d{2}-\d{5} \(E\)|\*\d+\*", line.strip())
    ]
    body_paragraphs = layout.paragraphs(layout.remove_furniture(layout.split_lines(body)), opens=opens)
    return front_lines, [" ".join(p.text.split()) for p in body_paragraphs]


def strings_of(module):
    """The strings a test module defines at its top (its fixtures), read without importing it:
    test_record_commands needs Django, which this module does not."""
    values = {}

    def value(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return value(node.left) + value(node.right)
        raise KeyError

    for node in ast.parse((Path(__file__).parent / f"{module}.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            with contextlib.suppress(KeyError):
                values[node.targets[0].id] = value(node.value)
    return values


@cache
def passages():
    verbatim, commands = strings_of("test_records_verbatim"), strings_of("test_record_commands")
    found = {
        "verbatim-record": (verbatim["RECORD"], "S/PV.9999"),
        "verbatim-adopted": (verbatim["FRONT"] + verbatim["OPENING"] + verbatim["ADOPTED"], "S/PV.9999"),
        "command-record": (commands["RECORD"], "S/PV.9999"),
    }
    for path in RECORDS:
        found[path.stem] = (path.read_text(encoding="utf-8"), symbol_of(path))
    return {name: (*one_paragraph_a_line(text, symbol), symbol) for name, (text, symbol) in found.items()}


def what_the_parser_reads(text):
    """Turns (label, party, language, text with whitespace collapsed), votes and invitations."""
    from statements.records.verbatim import parse_verbatim

    record = parse_verbatim(text)
    turns = [(t.label, t.party, t.spoken_language, " ".join(t.text.split())) for t in record.turns]
    return turns, record.votes, record.meeting.invitations


def assert_the_pdf_reads_as_the_text(front, body, symbol, **options):
    text = "\n".join(front + body) + "\n"
    try:
        expected = what_the_parser_reads(f"United Nations {symbol}\n\n{text}")
    except RecordError:
        pytest.skip("the parser does not read this passage as a record")
    got = what_the_parser_reads(extract_text(build_record_pdf(text, symbol=symbol, **options)))
    assert got[0] == expected[0]
    assert got[1] == expected[1]
    assert got[2] == expected[2]


LAYOUTS = {
    "default": {},
    "no-gap": {"paragraph_gap": 0.0},
    "no-hyphens": {"hyphenate": False},
    "footnote": {"footnotes": {1: "S/2024/123, annex, para. 4."}},
}


@pytest.mark.parametrize("layout_name", LAYOUTS)
@pytest.mark.parametrize("length", ["short", "long"])
@pytest.mark.parametrize("name", list(passages()))
def test_the_parser_reads_the_same_record_from_the_pdf_as_from_the_text(name, length, layout_name):
    front, body, symbol = passages()[name]
    if length == "long":
        body = body * 4  # several pages; the last one ends anywhere
    assert_the_pdf_reads_as_the_text(front, body, symbol, **LAYOUTS[layout_name])


@pytest.mark.parametrize("gap", [6.0, 0.0])
def test_the_parser_reads_the_same_record_whatever_the_last_page_holds(gap):
    # Cut after each paragraph in turn: the last page's right column holds nothing, a line, a few lines…
    front, body, symbol = passages()["verbatim-record"]
    for end in range(1, len(body) + 1):
        assert_the_pdf_reads_as_the_text(front, body[:end], symbol, paragraph_gap=gap)


def test_the_passages_are_laid_out_as_the_parser_reads_them():
    # Else the test above would compare two wrong readings: the joined passage reads as the passage.
    front, body, symbol = passages()["verbatim-record"]
    joined = f"United Nations {symbol}\n\n" + "\n".join(front + body)
    assert what_the_parser_reads(joined) == what_the_parser_reads(
        as_drawn(strings_of("test_records_verbatim")["RECORD"])
    )


def test_a_last_page_with_a_line_in_its_right_column_is_read_column_by_column():
    speeches = [f"Mr. Example (Utopia): Speech {n} says that peace matters to all of us here." for n in range(1, 90)]
    text = FRONT + "The meeting was called to order at 10.05 a.m.\n" + "\n".join(speeches)
    # Enough speeches to fill the left column of the second body page and put one line in its right column.
    for count in range(60, 90):
        extracted = paragraphs(extract_text(build_record_pdf("\n".join(text.splitlines()[: 6 + count]))))
        assert extracted[-count:] == [normal(s) for s in speeches[:count]]


def test_a_compound_cut_at_its_own_hyphen_keeps_it_and_a_broken_word_does_not():
    words = ["long-term", "so-called", "non-proliferation", "self-defence", "war-torn", "unquestionably"]
    sentences = [f"Point {n}: {' '.join(['we'] * (n % 7))} {words[n % len(words)]} again." for n in range(240)]
    # "war-torn" is in no list: it is kept because the record prints it whole elsewhere.
    speech = "Mr. Example (Utopia): " + " ".join(sentences)
    data = build_record_pdf(FRONT + "The meeting was called to order at 10.05 a.m.\n" + speech)
    printed = pdfminer_text(data)
    for cut in ("long-\nterm", "so-\ncalled", "non-\nproliferation", "war-\ntorn"):
        assert cut in printed  # the PDF does cut these compounds at their hyphen
    assert re.search(r"unquestion\w*-\n\w+", printed)
    assert paragraphs(extract_text(data))[-1] == normal(speech)


def test_a_line_set_wider_than_the_page_is_read_not_refused():
    # The builder sets each front-page line unbroken: the whole members' table as one line runs off the page.
    members = " ".join(f"{country} . . . . . . . . . . Mr. {name}" for country, name in MEMBER_ROWS)
    text = f"President: Mr. Rodrigues . . . . . . . . (Guyana)\nMembers: {members}\n"
    text += "The meeting was called to order at 10.05 a.m.\nThe President: The meeting is adjourned.\n"

    extracted = extract_text(build_record_pdf(text, symbol="S/PV.9999"))

    assert "The President: The meeting is adjourned." in " ".join(extracted.split())


MEMBER_ROWS = [
    ("Algeria", "Koudri"),
    ("China", "Geng Shuang"),
    ("Ecuador", "Pérez Loose"),
    ("France", "De Rivière"),
    ("Japan", "Yamazaki"),
    ("Malta", "Frazier"),
    ("Mozambique", "Fernandes"),
    ("Republic of Korea", "Hwang"),
]


def test_a_word_broken_before_its_footnote_mark_is_joined_again():
    # "proce-|dure.[3]": the digit is the footnote's, not the word's, so the hyphen is a break.
    assert _mend_breaks([_join("6. Adoption of provisional rules of proce-", "dure.[3]")]) == [
        "6. Adoption of provisional rules of procedure.[3]"
    ]
    # A token with its own digits is never broken: "[1870th-|1874th meetings]" keeps its hyphen.
    assert _mend_breaks([_join("[1870th-", "1874th meetings]")]) == ["[1870th-1874th meetings]"]
