"""`manage.py extract_quotes FILE`: prints the candidate statements of an article, saves nothing."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Delegate
from statements.ops.demo import ARTICLE_PATH, load_demo

pytestmark = pytest.mark.django_db

KEYS = [
    "quote", "kind", "start", "end", "speaker", "delegate", "country", "country_name", "role", "confidence", "within",
]  # fmt: skip


def run(*args):
    out = StringIO()
    call_command("extract_quotes", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seed(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(ARTICLE_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_json_output_is_a_list_of_objects_with_exactly_the_documented_keys(seed):
    candidates = json.loads(run(str(seed), "--format", "json"))

    assert candidates
    for candidate in candidates:
        assert list(candidate) == KEYS


def test_json_offsets_point_at_the_quote_in_the_file(seed):
    text = seed.read_text(encoding="utf-8")

    for candidate in json.loads(run(str(seed), "--format", "json")):
        assert text[candidate["start"] : candidate["end"]] == candidate["quote"]


def test_json_names_known_delegates_by_id_and_country(seed):
    load_demo()
    nebenzya = Delegate.objects.get(full_name="Vasily Nebenzya")

    candidates = json.loads(run(str(seed), "--format", "json"))

    false = next(c for c in candidates if c["quote"].startswith("completely false"))
    assert (false["delegate"], false["country"]) == (nebenzya.pk, "RUS")


def test_the_table_has_a_header_and_one_row_per_candidate(seed):
    candidates = json.loads(run(str(seed), "--format", "json"))

    lines = run(str(seed)).splitlines()

    assert lines[0].split() == ["#", "kind", "conf", "offsets", "speaker", "id", "country", "role", "quote"]
    assert len(lines) == len(candidates) + 1
    assert any("completely false" in line and "direct" in line for line in lines[1:])


def test_it_writes_nothing_to_the_database(seed):
    load_demo()

    with CaptureQueriesContext(connection) as queries:
        run(str(seed), "--format", "json")
        run(str(seed), "--format", "table")

    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_text_without_quotes_gives_an_empty_list_or_says_so(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("The council met on Friday and adjourned without a vote.", encoding="utf-8")

    assert json.loads(run(str(path), "--format", "json")) == []
    assert run(str(path)).strip() == "No statements found."


def test_a_missing_file_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError, match=r"^Cannot read .*missing\.txt: No such file or directory\.$"):
        run(str(tmp_path / "missing.txt"))


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xff\xfe\x00\x01binary", "is not UTF-8 text"),
        (b"", "The text is empty."),
        (b"nul\x00inside", "binary data"),
    ],
)
def test_an_unreadable_file_is_a_one_line_error(tmp_path, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message) as error:
        run(str(path))

    assert "\n" not in str(error.value)


def test_an_unknown_format_is_refused(seed):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        run(str(seed), "--format", "xml")
