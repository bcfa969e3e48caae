"""Bad input to the record importer: each gets one clear line (or a review warning), and nothing is saved.

The record passages here are unit-test fixtures in the layout of a verbatim record, not real
records; the PDFs are built by tests/record_pdfs.py.
"""

import pytest

from statements.editor import records
from statements.editor.records import RecordImportError, import_record, read_record
from statements.models import Meeting, Source, Statement
from tests.record_pdfs import build_record_pdf, encrypted_pdf, needs_times_metrics, scanned_pdf, truncated_pdf
from tests.test_record_commands import RECORD

pytestmark = pytest.mark.django_db

RESOLUTION = """United Nations S/RES/2999 (2024)
Security Council
Resolution 2999 (2024)
Adopted by the Security Council at its 9999th meeting, on 28 June 2024
The Security Council,
Recalling its previous resolutions,
1. Decides to remain seized of the matter.
"""

LETTER = """United Nations S/2024/999
Security Council
Letter dated 27 June 2024 from the Permanent Representative of France to the United Nations
addressed to the President of the Security Council
I have the honour to request a meeting of the Council.
"""

FRENCH = """Nations Unies S/PV.9999
Conseil de sécurité
Soixante-dix-neuvième année
9999e séance
Vendredi 28 juin 2024, à 10 heures
New York
Président : M. Rodrigues . . . . . . . . . . . . . . . . . . (Guyana)
La séance est ouverte à 10 h 5.
Le Président : Je souhaite la bienvenue aux représentants.
"""


def nothing_saved():
    return Meeting.objects.count() == Source.objects.count() == Statement.objects.count() == 0


def refused(data):
    with pytest.raises(RecordImportError) as raised:
        import_record(read_record(data, "upload"))
    message = str(raised.value)
    assert "\n" not in message and message
    assert nothing_saved()
    return message


def test_a_scanned_pdf_without_a_text_layer_is_refused():
    assert "no text layer" in refused(scanned_pdf())


def test_an_encrypted_pdf_is_refused():
    assert "encrypted" in refused(encrypted_pdf())


def test_a_truncated_pdf_is_refused():
    assert "truncated" in refused(truncated_pdf(build_record_pdf(RECORD, symbol="S/PV.9999")))


@pytest.mark.parametrize("text", [RESOLUTION, LETTER], ids=["resolution", "letter"])
def test_a_resolution_or_a_letter_is_not_taken_for_a_record(text):
    message = refused(text.encode())

    assert "not a verbatim record" in message or "not a" in message


def test_a_record_in_another_un_language_says_which_language():
    assert "French" in refused(FRENCH.encode())


def test_a_file_over_the_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(records, "MAX_RECORD_BYTES", 1000)

    message = refused(RECORD.encode() * 10)

    assert "too large" in message and "limit" in message


def test_a_record_already_imported_with_other_content_is_a_review_warning_and_saving_updates_it():
    import_record(read_record(RECORD.encode()))
    changed = RECORD.replace("completely false and baseless", "entirely false and baseless")

    preview = import_record(read_record(changed.encode()), dry_run=True)

    assert any("already in the archive with a different text" in warning for warning in preview.warnings)
    assert Statement.objects.filter(text__contains="completely false").exists()
    import_record(read_record(changed.encode()))
    assert Statement.objects.filter(text__contains="entirely false").count() == 1
    assert not Statement.objects.filter(text__contains="completely false").exists()


def one_paragraph_a_line(text):
    """The builder lays out one paragraph per line: join the lines the fixture wraps within a paragraph."""
    paragraphs = [" ".join(block.split("\n")) for block in text.split("\n\n")]
    return "\n".join(paragraphs)


@needs_times_metrics
def test_a_pdf_of_a_record_imports_like_its_text():
    pdf = build_record_pdf(one_paragraph_a_line(RECORD), symbol="S/PV.9999")
    from_pdf = import_record(read_record(pdf), dry_run=True)
    from_text = import_record(read_record(RECORD.encode()), dry_run=True)

    assert [turn.label for turn in from_pdf.turns] == [turn.label for turn in from_text.turns]
    assert [vote.ballots for vote in from_pdf.votes] == [vote.ballots for vote in from_text.votes]
