"""statements.editor.importing: saving an article's chosen statements with their source, in one transaction."""

import datetime
from unittest import mock

import pytest
from django.db import IntegrityError

from statements.editor import importing
from statements.editor.importing import (
    MAX_ARTICLE_CHARS,
    AlreadyImported,
    ArticleError,
    Choice,
    NewMeeting,
    import_article,
    is_full_name,
    known_speakers,
    read_article,
    sort_name,
)
from statements.models import Citation, Delegate, Meeting, Position, Source, Statement
from tests.factories import (
    AliasFactory,
    BodyFactory,
    CitationFactory,
    DelegateFactory,
    MeetingFactory,
    OrganisationFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    country,
)

pytestmark = pytest.mark.django_db

ARTICLE = (
    'Russian Ambassador Vasily Nebenzya called the claims "completely false." '
    'Deputy U.S. Ambassador Robert Wood said: "We will defend our security."'
)
DATE = datetime.date(2024, 6, 28)


def span(text, quote):
    start = text.index(quote)
    return start, start + len(quote)


def choice(quote, text=ARTICLE, **fields):
    start, end = span(text, quote)
    return Choice(start=start, end=end, **fields)


def test_it_creates_the_source_with_the_full_text_and_one_statement_per_choice():
    result = import_article(
        ARTICLE,
        url="https://news.example.org/un",
        publisher="Example News",
        title="Russia rejects claims",
        published_on=DATE,
        choices=[choice("completely false."), choice("We will defend our security.")],
    )

    source = Source.objects.get()
    assert (source.url, source.publisher, source.title, source.published_on) == (
        "https://news.example.org/un", "Example News", "Russia rejects claims", DATE,
    )
    assert source.text == ARTICLE
    assert result.source_created
    assert [statement.text for statement in result.created] == ["completely false.", "We will defend our security."]
    assert Statement.objects.count() == 2


def test_every_citation_points_at_the_statements_own_words():
    import_article(
        ARTICLE, published_on=DATE, choices=[choice("completely false."), choice("We will defend our security.")]
    )

    for citation in Citation.objects.select_related("statement", "source"):
        assert citation.source.text[citation.start : citation.end] == citation.statement.text


def test_statements_take_the_sources_date_without_a_meeting():
    result = import_article(ARTICLE, published_on=DATE, choices=[choice("completely false.")])

    assert result.created[0].date == DATE
    assert result.created[0].meeting is None
    assert result.created[0].sequence is None


def test_statements_take_the_meetings_date_and_follow_its_last_statement():
    meeting = MeetingFactory(date=datetime.date(2024, 6, 27))
    StatementFactory(meeting=meeting, sequence=4)

    result = import_article(
        ARTICLE,
        published_on=DATE,
        meeting=meeting,
        choices=[choice("We will defend our security."), choice("completely false.")],
    )

    assert [(s.text, s.sequence, s.date) for s in result.created] == [
        ("completely false.", 5, datetime.date(2024, 6, 27)),
        ("We will defend our security.", 6, datetime.date(2024, 6, 27)),
    ]
    assert result.source in meeting.sources.all()


def test_it_creates_a_new_meeting_when_asked():
    body = BodyFactory()

    result = import_article(
        ARTICLE, new_meeting=NewMeeting(body=body, date=DATE, title="Non-proliferation"),
        choices=[choice("completely false.")],
    )

    meeting = Meeting.objects.get()
    assert (meeting.body, meeting.date, meeting.title) == (body, DATE, "Non-proliferation")
    assert result.meeting_created
    assert result.created[0].meeting == meeting


def test_it_attaches_known_delegates_parties_and_titles():
    nebenzya = DelegateFactory(full_name="Vasily Nebenzya")

    result = import_article(
        ARTICLE,
        published_on=DATE,
        choices=[choice("completely false.", delegate=nebenzya.pk, party="rus", title="Ambassador")],
    )

    statement = result.created[0]
    assert (statement.speaker, statement.party.code, statement.speaker_title) == (nebenzya, "RUS", "Ambassador")


def test_it_accepts_an_organisation_by_its_slug():
    un = OrganisationFactory(code="un-secretariat", name="UN Secretariat")

    result = import_article(ARTICLE, published_on=DATE, choices=[choice("completely false.", party="un-secretariat")])

    assert result.created[0].party == un


def test_a_new_delegate_gets_a_position_for_the_chosen_country_and_title():
    result = import_article(
        ARTICLE,
        published_on=DATE,
        choices=[choice("We will defend our security.", new_delegate="Robert  Wood", party="USA", title="Deputy")],
    )

    wood = Delegate.objects.get()
    assert (wood.full_name, wood.sort_name) == ("Robert Wood", "Wood, Robert")
    position = Position.objects.get(delegate=wood)
    assert (position.party, position.title) == (country("USA"), "Deputy")
    assert result.new_delegates == [wood]
    assert result.created[0].speaker == wood


def test_a_new_delegate_named_twice_is_created_once():
    result = import_article(
        ARTICLE,
        published_on=DATE,
        choices=[
            choice("completely false.", new_delegate="Robert Wood"),
            choice("We will defend our security.", new_delegate="robert wood"),
        ],
    )

    assert Delegate.objects.count() == 1
    assert result.created[0].speaker == result.created[1].speaker


def test_a_new_name_that_matches_an_alias_reuses_that_delegate():
    alias = AliasFactory(name="Vassily Nebenzia")

    import_article(ARTICLE, published_on=DATE, choices=[choice("completely false.", new_delegate="Vassily Nebenzia")])

    assert Delegate.objects.count() == 1
    assert Statement.objects.get().speaker == alias.delegate


def test_importing_the_same_url_again_reuses_the_source_and_skips_what_is_there():
    first = import_article(
        ARTICLE, url="https://news.example.org/un", published_on=DATE, choices=[choice("completely false.")]
    )

    again = import_article(
        ARTICLE,
        url="https://news.example.org/un",
        published_on=DATE,
        choices=[choice("completely false."), choice("We will defend our security.")],
    )

    assert Source.objects.count() == 1
    assert not again.source_created
    assert again.source == first.source
    assert [statement.text for statement in again.created] == ["We will defend our security."]
    assert [(c.start, statement) for c, statement in again.skipped] == [
        (span(ARTICLE, "completely false.")[0], first.created[0])
    ]
    assert Statement.objects.count() == 2


def test_a_quote_already_cited_with_the_same_words_elsewhere_in_the_source_is_skipped():
    source = SourceFactory(url="https://news.example.org/un", text=ARTICLE)
    CitationFactory(source=source, statement=StatementFactory(text="Completely  false.", cite=False))

    result = import_article(
        ARTICLE, url="https://news.example.org/un", published_on=DATE, choices=[choice("completely false.")]
    )

    assert result.created == []
    assert len(result.skipped) == 1


def test_a_paraphrase_overlapping_one_already_cited_is_skipped():
    import_article(ARTICLE, published_on=DATE, choices=[choice("called the claims", kind="paraphrase")])

    result = import_article(
        ARTICLE, published_on=DATE, choices=[choice("Nebenzya called the claims", kind="paraphrase")]
    )

    assert result.created == []
    assert len(result.skipped) == 1


def test_a_direct_quote_inside_a_cited_paraphrase_is_still_new():
    import_article(ARTICLE, published_on=DATE, choices=[choice(ARTICLE[: ARTICLE.index(" Deputy")], kind="paraphrase")])

    result = import_article(ARTICLE, published_on=DATE, choices=[choice("completely false.")])

    assert [statement.text for statement in result.created] == ["completely false."]


def test_a_source_without_url_is_found_again_by_its_text():
    import_article(ARTICLE, published_on=DATE, choices=[choice("completely false.")])

    result = import_article(ARTICLE, published_on=DATE, choices=[choice("completely false.")])

    assert not result.source_created
    assert Source.objects.count() == 1
    assert Statement.objects.count() == 1


def test_an_article_pasted_without_a_url_is_stored_with_the_fingerprint_of_its_text():
    result = import_article(ARTICLE, published_on=DATE, choices=[choice("completely false.")])

    assert result.source.fingerprint == Source.fingerprint_of(ARTICLE)
    assert len(result.source.fingerprint) == 64


def test_the_fingerprint_is_the_same_however_the_text_is_spaced():
    assert Source.fingerprint_of(ARTICLE) == Source.fingerprint_of("  " + ARTICLE.replace(" ", "\n") + "\n")
    assert Source.fingerprint_of(ARTICLE) != Source.fingerprint_of(ARTICLE.replace("false", "true"))


def test_the_same_pasted_article_spaced_differently_is_found_again():
    first = import_article(ARTICLE, published_on=DATE, choices=[choice("completely false.")])
    respaced = ARTICLE.replace(". ", ".\n\n")

    again = import_article(respaced, published_on=DATE, choices=[choice("completely false.", text=respaced)])

    assert again.source == first.source
    assert not again.source_created
    assert [skipped.text for _, skipped in again.skipped] == ["completely false."]


def test_an_article_with_a_url_has_no_fingerprint_so_the_same_text_may_come_from_two_addresses():
    first = import_article(ARTICLE, url="https://a.example.org/un", published_on=DATE)
    second = import_article(ARTICLE, url="https://b.example.org/un", published_on=DATE)

    assert first.source != second.source
    assert first.source.fingerprint == second.source.fingerprint == ""


def test_an_import_that_loses_the_race_for_the_source_saves_nothing_and_names_the_winner(monkeypatch, db):
    # Both editors looked for the source before either had saved it; the first has now committed.
    winner = import_article(
        ARTICLE, title="Russia rejects claims", published_on=DATE, choices=[choice("completely false.")]
    )
    looks = []

    def looked_before_the_winner_saved(url, text, find=importing.find_source):
        looks.append(text)
        return None if len(looks) == 1 else find(url, text)

    monkeypatch.setattr(importing, "find_source", looked_before_the_winner_saved)
    counts = (Source.objects.count(), Statement.objects.count(), Citation.objects.count(), Delegate.objects.count())

    with pytest.raises(AlreadyImported) as raised:
        import_article(
            ARTICLE,
            published_on=DATE,
            choices=[choice("We will defend our security.", new_delegate="Robert Wood")],
        )

    assert raised.value.source == winner.source
    assert str(raised.value) == (
        f"Another editor saved this article a moment ago, as source {winner.source.pk} (“Russia rejects claims”); "
        "nothing was saved here. Save again to add the statements it does not have yet."
    )
    assert (Source.objects.count(), Statement.objects.count(), Citation.objects.count(), Delegate.objects.count()) == (
        counts
    )


def test_an_integrity_error_that_is_no_lost_race_is_not_disguised_as_one(monkeypatch):
    # No source to name: whatever failed is not another import of this article.
    monkeypatch.setattr(importing, "find_source", lambda url, text: None)
    monkeypatch.setattr(Source, "fingerprint_of", staticmethod(lambda text: "f" * 64))
    SourceFactory(url="", text="Another article.", fingerprint="f" * 64)

    with pytest.raises(IntegrityError):
        import_article(ARTICLE, published_on=DATE)


def test_offsets_follow_the_stored_text_when_the_url_holds_another_version():
    stored = "Updated at noon. " + ARTICLE
    SourceFactory(url="https://news.example.org/un", text=stored)

    result = import_article(
        ARTICLE, url="https://news.example.org/un", published_on=DATE, choices=[choice("completely false.")]
    )

    citation = result.created[0].citations.get()
    assert stored[citation.start : citation.end] == "completely false."


def test_a_failure_half_way_leaves_nothing_behind():
    create = Citation.objects.create
    saved = []

    def fail_on_the_second_citation(**fields):
        if saved:
            raise RuntimeError("disk full")
        saved.append(create(**fields))
        return saved[-1]

    with mock.patch.object(Citation.objects, "create", side_effect=fail_on_the_second_citation):
        with pytest.raises(RuntimeError):
            import_article(
                ARTICLE,
                url="https://news.example.org/un",
                published_on=DATE,
                new_meeting=NewMeeting(body=BodyFactory(), date=DATE),
                choices=[
                    choice("completely false.", new_delegate="Vasily Nebenzya", party="RUS"),
                    choice("We will defend our security.", new_delegate="Robert Wood", party="USA"),
                ],
            )

    assert len(saved) == 1
    assert Source.objects.count() == 0
    assert Meeting.objects.count() == 0
    assert Delegate.objects.count() == 0
    assert Statement.objects.count() == 0
    assert Citation.objects.count() == 0


def test_a_dry_run_reports_and_saves_nothing():
    result = import_article(
        ARTICLE, published_on=DATE, dry_run=True, choices=[choice("completely false.", new_delegate="Robert Wood")]
    )

    assert len(result.created) == 1
    assert len(result.new_delegates) == 1
    assert (Source.objects.count(), Statement.objects.count(), Delegate.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"choices": [Choice(start=5, end=len(ARTICLE) + 1)]}, "fall outside the text"),
        ({"choices": [Choice(start=9, end=9)]}, "fall outside the text"),
        ({"choices": [Choice(start=0, end=5, kind="rumour")]}, "Unknown statement kind"),
        ({"choices": [Choice(start=0, end=5, party="XXX")]}, "Unknown country or organisation code: XXX"),
        ({"choices": [Choice(start=0, end=5, delegate=999_999)]}, "Unknown delegate id: 999999"),
        ({"published_on": None, "choices": [Choice(start=0, end=5)]}, "Statements need a date"),
    ],
)
def test_it_refuses_bad_choices_and_saves_nothing(fields, message):
    arguments = {"published_on": DATE, **fields}

    with pytest.raises(ArticleError, match=message):
        import_article(ARTICLE, **arguments)

    assert Source.objects.count() == 0


def test_it_refuses_an_existing_and_a_new_meeting_together():
    with pytest.raises(ArticleError, match="not both"):
        import_article(
            ARTICLE, meeting=MeetingFactory(), new_meeting=NewMeeting(body=BodyFactory(), date=DATE), choices=[]
        )


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "The text is empty."),
        ("  \n ", "The text is empty."),
        ("abc\x00def", "binary data"),
        ("x" * (MAX_ARTICLE_CHARS + 1), "too long"),
    ],
)
def test_it_refuses_text_that_is_not_an_article(text, message):
    with pytest.raises(ArticleError, match=message):
        import_article(text, published_on=DATE, choices=[])

    assert Source.objects.count() == 0


def test_read_article_explains_why_a_file_cannot_be_read(tmp_path):
    binary = tmp_path / "picture.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")

    with pytest.raises(ArticleError, match="is not UTF-8 text"):
        read_article(binary)
    with pytest.raises(ArticleError, match="Cannot read"):
        read_article(tmp_path / "missing.txt")


def test_read_article_turns_windows_line_breaks_into_newlines(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(b"One.\r\nTwo.\rThree.")

    assert read_article(article) == "One.\nTwo.\nThree."


class TestKnownSpeakers:
    def test_they_carry_aliases_and_the_country_of_the_latest_position(self, django_assert_num_queries):
        nebenzya = DelegateFactory(full_name="Vasily Nebenzya")
        AliasFactory(delegate=nebenzya, name="Nebenzya")
        AliasFactory(delegate=nebenzya, name="Vasily Nebenzia")
        PositionFactory(delegate=nebenzya, party=country("BLR"), start=datetime.date(2000, 1, 1),
                        end=datetime.date(2005, 1, 1))
        PositionFactory(delegate=nebenzya, party=country("RUS"), start=datetime.date(2017, 7, 27), end=None)
        guterres = DelegateFactory(full_name="António Guterres")
        PositionFactory(delegate=guterres, party=OrganisationFactory(code="un-secretariat"))

        # 1. delegates with the code of their latest state position (a subquery); 2. all aliases
        with django_assert_num_queries(2):
            speakers = {speaker.full_name: speaker for speaker in known_speakers()}

        assert speakers["Vasily Nebenzya"].id == nebenzya.pk
        assert sorted(speakers["Vasily Nebenzya"].aliases) == ["Nebenzya", "Vasily Nebenzia"]
        assert speakers["Vasily Nebenzya"].country == "RUS"
        assert speakers["António Guterres"].country is None
        assert speakers["António Guterres"].aliases == ()


@pytest.mark.parametrize(
    "name, full",
    [
        ("Vasily Nebenzya", True),
        ("Linda Thomas-Greenfield", True),
        ("Nebenzya", False),
        ("the Chinese envoy", False),
        ("The Ambassador", False),
        ("", False),
        (None, False),
    ],
)
def test_only_full_names_count_as_new_delegates(name, full):
    assert is_full_name(name) is full


def test_a_sort_name_puts_the_last_word_first():
    assert sort_name("Vasily Nebenzya") == "Nebenzya, Vasily"
    assert sort_name("Guterres") == "Guterres"
