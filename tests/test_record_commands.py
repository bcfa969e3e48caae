"""The record import commands: import_record (one file, --dry-run) and import_records (a directory).

RECORD is a unit-test fixture written in the layout of a verbatim record; it is not a real record
(the real ones are in tests/data/records/).
"""

import pytest
from django.core.management import CommandError, call_command

from statements.models import Ballot, Meeting, Statement, Vote

pytestmark = pytest.mark.django_db

RECORD = """United Nations S/PV.9999
Security Council
Seventy-ninth year
9999th meeting
Friday, 28 June 2024, 10 a.m.
New York

President: Mr. Rodrigues . . . . . . . . . . . . . . . . . . (Guyana)

Members: Algeria . . . . . . . . . . . . . . . . . . . . . Mr. Koudri
China . . . . . . . . . . . . . . . . . . . . . . Mr. Geng Shuang
Ecuador . . . . . . . . . . . . . . . . . . . . . Mr. Pérez Loose
France . . . . . . . . . . . . . . . . . . . . . . Mr. De Rivière
Japan . . . . . . . . . . . . . . . . . . . . . . Mr. Yamazaki
Malta . . . . . . . . . . . . . . . . . . . . . . Mrs. Frazier
Mozambique . . . . . . . . . . . . . . . . . . . Mr. Fernandes
Republic of Korea . . . . . . . . . . . . . . . . Mr. Hwang
Russian Federation . . . . . . . . . . . . . . . Mr. Nebenzia
Sierra Leone . . . . . . . . . . . . . . . . . . Mr. Kanu
Slovenia . . . . . . . . . . . . . . . . . . . . Mr. Žbogar
Switzerland . . . . . . . . . . . . . . . . . . Mrs. Baeriswyl
United Kingdom of Great Britain and Northern Ireland . . Dame Barbara Woodward
United States of America . . . . . . . . . . . Mr. Wood

Agenda
Non-proliferation/Democratic People's Republic of Korea

The meeting was called to order at 10.05 a.m.

Adoption of the agenda

The agenda was adopted.

The President: I welcome the representatives. The Council is ready to proceed to
the vote on the draft resolution contained in document S/2024/999.

A vote was taken by show of hands.

In favour:
Algeria, Ecuador, France, Guyana, Japan, Malta, Mozambique, Republic of Korea,
Sierra Leone, Slovenia, Switzerland, United Kingdom of Great Britain and
Northern Ireland, United States of America

Against:
Russian Federation

Abstaining:
China

The President: The draft resolution received 13 votes in favour, 1 against and
1 abstention. The draft resolution has not been adopted, owing to the negative vote
of a permanent member of the Council.

Mr. Nebenzia (Russian Federation) (spoke in Russian): Such accusations are completely false and baseless.

Mr. Wood (United States of America): Russia is violating the arms embargo that it voted for.

The meeting rose at 11.20 a.m.
"""


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_it_imports_a_record_file_and_says_what_it_did(tmp_path, capsys):
    call_command("import_record", str(write(tmp_path / "S-PV.9999.txt", RECORD)))

    out = capsys.readouterr().out
    assert out.startswith("Imported S/PV.9999: meeting created")
    meeting = Meeting.objects.get(record_symbol="S/PV.9999")
    assert list(meeting.statements.order_by("sequence").values_list("label", flat=True)) == [
        "The President",
        "The President",
        "Mr. Nebenzia (Russian Federation) (spoke in Russian)",
        "Mr. Wood (United States of America)",
    ]
    vote = Vote.objects.get()
    assert (vote.draft.symbol, vote.outcome, vote.ballots.count()) == ("S/2024/999", "vetoed", 15)
    assert list(Ballot.objects.vetoes().values_list("party__code", flat=True)) == ["RUS"]


def test_a_second_import_changes_nothing(tmp_path, capsys):
    path = write(tmp_path / "S-PV.9999.txt", RECORD)
    call_command("import_record", str(path))

    call_command("import_record", str(path))

    assert "nothing changed" in capsys.readouterr().out
    assert Statement.objects.count() == 4


def test_a_dry_run_saves_nothing(tmp_path, capsys):
    call_command("import_record", str(write(tmp_path / "S-PV.9999.txt", RECORD)), "--dry-run")

    assert capsys.readouterr().out.startswith("Would import S/PV.9999")
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"%PDF-1.7\n1 0 obj <<", "PDF"),
        (
            b"Resolution 2730 (2024)\nAdopted by the Security Council at its 9999th meeting, on 24 May 2024\n",
            "",
        ),
    ],
)
def test_a_file_that_is_no_record_fails_with_one_line_and_saves_nothing(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)

    with pytest.raises(CommandError) as raised:
        call_command("import_record", str(path))

    assert "\n" not in str(raised.value) and message in str(raised.value)
    assert Meeting.objects.count() == 0


def test_a_missing_file_fails_with_one_line(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_record", str(tmp_path / "absent.txt"))


def test_import_records_imports_the_good_files_and_fails_for_the_bad_one(tmp_path, capsys):
    write(tmp_path / "S-PV.9999.txt", RECORD)
    write(tmp_path / "S-PV.9998.txt", RECORD.replace("9999", "9998").replace("28 June", "27 June"))
    write(tmp_path / "letter.txt", "Letter dated 1 June 2024 addressed to the President of the Security Council")
    write(tmp_path / "notes.md", "ignored")

    with pytest.raises(CommandError, match="1 of 3 files could not be imported"):
        call_command("import_records", str(tmp_path), verbosity=0)

    captured = capsys.readouterr()
    assert "3 files: 2 imported or updated, 0 already up to date, 1 failed." in captured.out
    assert "failed: letter.txt:" in captured.err
    assert set(Meeting.objects.values_list("record_symbol", flat=True)) == {"S/PV.9999", "S/PV.9998"}


def test_import_records_refuses_a_directory_without_records(tmp_path):
    with pytest.raises(CommandError, match="holds no .pdf or .txt file"):
        call_command("import_records", str(tmp_path))
