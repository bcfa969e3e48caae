"""`manage.py import_article FILE …`: extracts an article's statements and saves them with their source."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from statements.extraction import Candidate
from statements.models import Citation, Delegate, Meeting, Position, Source, Statement
from statements.ops.demo import ARTICLE_PATH, load_demo
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

URL = "https://news.example.org/2024/06/28/un-dprk"


def run(*args):
    out = StringIO()
    call_command("import_article", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seed(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(ARTICLE_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def import_seed(seed, *extra):
    return run(str(seed), "--url", URL, "--publisher", "Example News", "--title", "Russia rejects claims",
               "--date", "2024-06-28", *extra)


def candidate(text, quote, speaker=None, delegate=None, country=None, role=None, confidence=0.9):
    start = text.index(quote)
    return Candidate(
        quote=quote, start=start, end=start + len(quote), kind="direct", speaker=speaker, delegate=delegate,
        country=country, country_name=None, role=role, confidence=confidence,
    )


def test_it_saves_the_source_with_its_details_and_full_text(seed):
    load_demo()

    import_seed(seed)

    source = Source.objects.get(url=URL)
    assert (source.kind, source.publisher, source.title, source.published_on.isoformat()) == (
        "news", "Example News", "Russia rejects claims", "2024-06-28",
    )
    assert source.text == seed.read_text(encoding="utf-8")


def test_it_saves_the_quotes_with_offsets_into_the_source_text(seed):
    load_demo()

    import_seed(seed)

    citations = Citation.objects.filter(source__url=URL).select_related("statement", "source")
    assert citations
    for citation in citations:
        assert citation.source.text[citation.start : citation.end] == citation.statement.text


def test_it_attributes_quotes_to_known_delegates(seed):
    load_demo()

    import_seed(seed)

    statement = Statement.objects.get(citations__source__url=URL, text__startswith="completely false")
    assert statement.speaker.full_name == "Vasily Nebenzya"
    assert statement.party.code == "RUS"
    assert statement.date.isoformat() == "2024-06-28"


def test_importing_the_same_url_again_creates_no_duplicates(seed):
    load_demo()
    import_seed(seed)
    counts = (Source.objects.count(), Statement.objects.count(), Citation.objects.count(), Delegate.objects.count())

    output = import_seed(seed)

    assert (Source.objects.count(), Statement.objects.count(), Citation.objects.count(),
            Delegate.objects.count()) == counts
    assert "already in the archive" in output
    assert "Created 0 statements" in output


def test_statements_join_the_given_meeting_and_take_its_date(seed):
    load_demo()
    meeting = MeetingFactory(date="2024-06-27")

    import_seed(seed, "--meeting", str(meeting.pk))

    statements = Statement.objects.filter(citations__source__url=URL)
    assert statements
    assert {(s.meeting_id, s.date.isoformat()) for s in statements} == {(meeting.pk, "2024-06-27")}
    assert sorted(s.sequence for s in statements) == list(range(1, len(statements) + 1))


def test_a_dry_run_reports_what_it_would_save_and_saves_nothing(seed):
    load_demo()
    counts = (Source.objects.count(), Statement.objects.count())

    output = import_seed(seed, "--dry-run")

    assert "Would create" in output
    assert (Source.objects.count(), Statement.objects.count()) == counts


def test_candidates_below_the_minimum_confidence_are_left_out(tmp_path):
    text = 'One said "first words here" and another said "second words here".'
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    found = [candidate(text, "first words here", confidence=0.9), candidate(text, "second words here", confidence=0.3)]

    with mock.patch("statements.management.commands.import_article.extract", return_value=found):
        run(str(path), "--date", "2024-06-28", "--min-confidence", "0.5")

    assert list(Statement.objects.values_list("text", flat=True)) == ["first words here"]


def test_an_unknown_speaker_with_a_full_name_becomes_a_delegate_with_a_position(tmp_path):
    text = 'Maltese Ambassador Vanessa Frazier said: "We are deeply concerned."'
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    found = [candidate(text, "We are deeply concerned.", speaker="Vanessa Frazier", country="MLT", role="Ambassador")]

    with mock.patch("statements.management.commands.import_article.extract", return_value=found):
        output = run(str(path), "--date", "2024-06-28")

    frazier = Delegate.objects.get(full_name="Vanessa Frazier")
    assert Statement.objects.get().speaker == frazier
    position = Position.objects.get(delegate=frazier)
    assert (position.party.code, position.title) == ("MLT", "Ambassador")
    assert "New delegate: Vanessa Frazier." in output


def test_a_speaker_known_only_by_surname_is_left_empty_and_the_party_kept(tmp_path):
    text = 'Frazier added: "We are deeply concerned."'
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    found = [candidate(text, "We are deeply concerned.", speaker="Frazier", country="MLT")]

    with mock.patch("statements.management.commands.import_article.extract", return_value=found):
        run(str(path), "--date", "2024-06-28")

    statement = Statement.objects.get()
    assert statement.speaker is None
    assert statement.party.code == "MLT"
    assert Delegate.objects.count() == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--date", "28/06/2024"], "--date must be a date written YYYY-MM-DD; got '28/06/2024'."),
        (["--date", "2024-02-30"], "--date must be a date written YYYY-MM-DD"),
        (["--date", "2024-06-28", "--meeting", "999999"], "There is no meeting with id 999999."),
        (["--date", "2024-06-28", "--url", "not a url"], "--url is not a web address"),
        (["--date", "2024-06-28", "--min-confidence", "2"], "--min-confidence must be between 0 and 1."),
        (["--date", "2024-06-28", "--kind", "rumour"], "invalid choice: 'rumour'"),
        (["--date", "2024-06-28", "--meeting", "ten"], "invalid int value: 'ten'"),
        ([], "the following arguments are required: --date"),
    ],
)
def test_bad_arguments_are_one_line_errors_and_save_nothing(seed, args, message):
    with pytest.raises(CommandError) as error:
        run(str(seed), *args)

    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert Source.objects.count() == 0
    assert Meeting.objects.count() == 0


def test_a_missing_file_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError, match=r"^Cannot read .*nowhere\.txt: No such file or directory\.$"):
        run(str(tmp_path / "nowhere.txt"), "--date", "2024-06-28")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\xff\xd8", "is not UTF-8 text"),
        (b"   \n", "The text is empty."),
        (b"x" * 200_001, "The text is too long"),
        (b"The council met and adjourned without a vote.", "No statements found"),
    ],
)
def test_a_file_that_yields_nothing_to_import_saves_nothing(tmp_path, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run(str(path), "--date", "2024-06-28")

    assert Source.objects.count() == 0
