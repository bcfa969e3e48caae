"""`manage.py parse_record FILE`: prints what the record parser reads, saves nothing."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.test_records_verbatim import RECORD

ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    out = StringIO()
    call_command("parse_record", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def record_file(tmp_path):
    path = tmp_path / "S-PV.9999.txt"
    path.write_text(RECORD, encoding="utf-8")
    return path


def test_json_output_has_the_meeting_turns_votes_and_warnings(record_file):
    data = json.loads(run(str(record_file), "--format", "json"))

    assert list(data) == ["kind", "meeting", "turns", "votes", "procedure", "warnings"]
    assert data["meeting"]["symbol"] == "S/PV.9999"
    turn = data["turns"][0]
    assert {"label", "name", "party", "spoken_language", "role", "text", "start", "end"} <= set(turn)
    vote = data["votes"][0]
    assert {"draft", "in_favour", "against", "abstaining", "outcome", "resolution", "vetoed_by"} <= set(vote)
    assert vote["vetoed_by"] == ["RUS"]


def test_json_offsets_point_into_the_file(record_file):
    data = json.loads(run(str(record_file), "--format", "json"))
    text = record_file.read_text(encoding="utf-8")

    for turn in data["turns"]:
        assert " ".join(text[turn["start"] : turn["end"]].split())[:15] == " ".join(turn["text"].split())[:15]


def test_text_output_lists_the_turns(record_file):
    out = run(str(record_file))

    assert "S/PV.9999" in out
    assert "Mr. Nebenzia (Russian Federation) (spoke in Russian):" in out
    assert "vetoed by RUS" in out


def test_a_resolution_is_refused_with_one_line(tmp_path):
    path = tmp_path / "resolution.txt"
    path.write_text(
        "Resolution 2730 (2024)\nAdopted by the Security Council at its 9639th meeting, on 24 May 2024\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        run(str(path))

    assert "resolution 2730 (2024)" in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_non_record_exits_non_zero_with_one_line(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("Un texte en français. Le Président : la séance est ouverte. Conseil de sécurité.\n")
    completed = subprocess.run(
        [sys.executable, "manage.py", "parse_record", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "tests.settings"},
    )

    assert completed.returncode != 0
    assert completed.stdout == ""
    assert len(completed.stderr.strip().splitlines()) == 1
    assert "French" in completed.stderr


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "nothing.txt"))
