"""The demo meeting (statements/ops/demo.py): what it holds, that it matches the article, and that it loads once."""

import datetime

import pytest
from django.apps import apps

from statements.models import (
    Alias,
    Body,
    Citation,
    CouncilSeat,
    Delegate,
    Meeting,
    Mention,
    Party,
    Position,
    Source,
    Statement,
    Topic,
)
from statements.ops import demo

pytestmark = pytest.mark.django_db

MODELS = [Alias, Body, Citation, CouncilSeat, Delegate, Meeting, Mention, Party, Position, Source, Statement, Topic]


@pytest.fixture
def loaded():
    return demo.load_demo()


@pytest.fixture
def meeting(loaded):
    return Meeting.objects.get()


@pytest.fixture
def article(loaded):
    return Source.objects.get(kind=Source.Kind.NEWS)


def statement(text):
    return Statement.objects.select_related("speaker", "party").get(text=text)


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def history_counts():
    """Rows of every history table that django-simple-history keeps, m2m histories included."""
    histories = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    return {model.__name__: model.objects.count() for model in histories}


# What a first load creates


def test_a_first_load_reports_what_it_created(loaded):
    assert loaded == {
        "statements": 13,
        "delegates": 4,
        "seats": 15,
        "sources": 2,
        "topics": 6,
        "meetings": 1,
        "corrections": 0,
    }


def test_it_creates_the_meeting_of_28_june_2024(meeting):
    assert meeting.date == datetime.date(2024, 6, 28)
    assert meeting.body.name == "Security Council"
    assert meeting.press_release == "SC/15755"
    # No source we hold gives the verbatim record's symbol, number or title.
    assert (meeting.record_symbol, meeting.number, meeting.title) == ("", None, "")


def test_the_meeting_was_requested_by_five_members(meeting):
    codes = meeting.requested_by.values_list("code", flat=True)

    assert sorted(codes) == ["FRA", "GBR", "JPN", "KOR", "USA"]


@pytest.mark.parametrize(
    "full_name, code, title",
    [
        ("Vasily Nebenzya", "RUS", "Ambassador to the UN"),
        ("Robert Wood", "USA", "Deputy Ambassador to the UN"),
        ("Geng Shuang", "CHN", "Deputy Ambassador to the UN"),
        ("Kim Song", "PRK", "Ambassador to the UN"),
    ],
)
def test_each_delegate_holds_the_position_the_article_gives(loaded, full_name, code, title):
    position = Position.objects.get(delegate__full_name=full_name)

    assert (position.party.code, position.title) == (code, title)
    # The article dates no appointment.
    assert (position.start, position.end) == (None, None)


def test_it_creates_four_delegates_and_their_aliases(loaded):
    assert sorted(Delegate.objects.values_list("full_name", flat=True)) == [
        "Geng Shuang",
        "Kim Song",
        "Robert Wood",
        "Vasily Nebenzya",
    ]
    assert sorted(Alias.objects.values_list("delegate__full_name", "name")) == [
        ("Kim Song", "Song Kim"),
        ("Vasily Nebenzya", "Nebenzya"),
        ("Vasily Nebenzya", "Vasily Nebenzia"),
    ]


def test_the_council_of_2024_has_five_permanent_and_ten_elected_members(loaded):
    seats = CouncilSeat.objects.on_date(datetime.date(2024, 6, 28))

    permanent = seats.filter(kind=CouncilSeat.Kind.PERMANENT).values_list("country__code", flat=True)
    elected = seats.filter(kind=CouncilSeat.Kind.ELECTED).values_list("country__code", flat=True)
    assert sorted(permanent) == ["CHN", "FRA", "GBR", "RUS", "USA"]
    assert sorted(elected) == ["CHE", "DZA", "ECU", "GUY", "JPN", "KOR", "MLT", "MOZ", "SLE", "SVN"]
    assert CouncilSeat.objects.count() == 15


def test_elected_terms_run_for_two_calendar_years(loaded):
    japan = CouncilSeat.objects.get(country__code="JPN")
    korea = CouncilSeat.objects.get(country__code="KOR")

    assert (japan.start, japan.end) == (datetime.date(2023, 1, 1), datetime.date(2024, 12, 31))
    assert (korea.start, korea.end) == (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))


def test_the_article_is_held_with_its_full_text_and_nothing_it_does_not_say(article):
    assert article.text == demo.ARTICLE_PATH.read_text(encoding="utf-8")
    assert article.text.startswith("On Friday, the United States, Britain, and France confronted Russia")
    assert (article.url, article.title, article.publisher, article.published_on) == ("", "", "", None)


def test_the_press_release_is_a_source_of_the_meeting(meeting):
    press_release = Source.objects.get(url="https://press.un.org/en/2024/sc15755.doc.htm")

    assert press_release.kind == Source.Kind.PRESS_RELEASE
    assert Source.objects.count() == 2
    assert set(meeting.sources.all()) == {press_release, Source.objects.get(kind=Source.Kind.NEWS)}


# Every quote attributed to the right delegate and country


@pytest.mark.parametrize(
    "opening, speaker, code, title",
    [
        ("completely false.", "Vasily Nebenzya", "RUS", "Russian Ambassador to the UN"),
        ("this increasingly dangerous military cooperation", None, "USA", ""),
        ("The current situation on the Korean Peninsula", "Geng Shuang", "CHN", "Chinese Deputy Ambassador to the UN"),
        ("to spread baseless allegations", "Vasily Nebenzya", "RUS", "Russian Ambassador to the UN"),
        ("Our cooperation with Pyongyang", "Vasily Nebenzya", "RUS", "Russian Ambassador to the UN"),
        ("there is absolutely no need to worry", "Kim Song", "PRK", "North Korean Ambassador to the UN"),
        (
            "The relations between the Democratic People's Republic",
            "Kim Song",
            "PRK",
            "North Korean Ambassador to the UN",
        ),
    ],
)
def test_each_quote_is_attributed_to_its_speaker_and_country(loaded, opening, speaker, code, title):
    quote = Statement.objects.select_related("speaker", "party").get(
        kind=Statement.Kind.DIRECT, text__startswith=opening
    )

    assert (quote.speaker.full_name if quote.speaker else None) == speaker
    assert quote.party.code == code
    assert quote.speaker_title == title
    assert (quote.date, quote.language) == (datetime.date(2024, 6, 28), "en")


def test_there_are_exactly_seven_quotes(loaded):
    assert Statement.objects.filter(kind=Statement.Kind.DIRECT).count() == 7


def test_every_quote_appears_in_the_article_between_quotation_marks(article):
    for quote in Statement.objects.filter(kind=Statement.Kind.DIRECT):
        assert f'"{quote.text}"' in article.text, quote.text


def test_the_long_quotes_are_whole(loaded):
    assert (
        statement(
            "The current situation on the Korean Peninsula remains tense. How did this happen?... The U.S. should "
            "reflect carefully, particularly on its own actions, instead of blaming others and shirking "
            "responsibility as is its habit."
        ).speaker.full_name
        == "Geng Shuang"
    )


# Paraphrases


@pytest.mark.parametrize(
    "opening, code",
    [
        ("The U.S. also criticized China on Friday", "USA"),
        ("China firmly rejects U.S. accusations", "CHN"),
        ("Robert Wood, Deputy U.S. Ambassador to the UN, urged", "USA"),
        ("Washington accuses both Beijing and Moscow", "USA"),
    ],
)
def test_positions_the_article_reports_are_paraphrases(loaded, opening, code):
    paraphrase = Statement.objects.get(text__startswith=opening)

    assert paraphrase.kind == Statement.Kind.PARAPHRASE
    assert paraphrase.party.code == code


def test_the_claim_about_the_joint_exercises_is_one_statement_for_china_and_russia(loaded):
    claim = Statement.objects.get(text__startswith="China and Russia claim that the joint military exercises")

    assert claim.party.code == "CHN"
    assert list(claim.joint_parties.values_list("code", flat=True)) == ["RUS"]
    assert claim.kind == Statement.Kind.PARAPHRASE


def test_the_accusation_is_one_statement_on_behalf_of_the_three_accusers(loaded):
    accusation = Statement.objects.get(text__startswith="the United States, Britain, and France confronted Russia")

    assert accusation.party.code == "USA"
    assert sorted(accusation.joint_parties.values_list("code", flat=True)) == ["FRA", "GBR"]
    assert ("RUS", "accuses") in accusation.mentions.values_list("party__code", "relation")
    # Each of the three finds it among its statements.
    for code in ("USA", "GBR", "FRA"):
        assert Statement.objects.spoken_for([Party.objects.get(code=code)]).filter(pk=accusation.pk).exists()


def test_the_reporters_observation_about_china_is_no_statement_but_a_note_in_the_summary(meeting):
    # It says what China did not do: no statement of China's.
    assert not Statement.objects.filter(text__contains="was cautious, and it did not refer to it").exists()
    assert meeting.summary.endswith("The article notes that China did not mention the treaty during the meeting.")


def test_speaker_titles_are_the_articles_words_and_positions_the_archives(loaded):
    wood = Statement.objects.get(speaker__full_name="Robert Wood")

    assert wood.speaker_title == "Deputy U.S. Ambassador to the UN"
    assert wood.speaker_title in demo.article_text()
    assert wood.speaker.positions.get().title == "Deputy Ambassador to the UN"


# Sources and offsets


def test_each_statement_cites_the_article_with_offsets_that_slice_out_its_text(article):
    for each in Statement.objects.all():
        citation = Citation.objects.get(statement=each)
        assert citation.source == article
        assert article.text[citation.start : citation.end] == each.text


def test_statements_are_numbered_in_the_order_of_the_article(meeting):
    sequences = list(meeting.statements.order_by("sequence").values_list("sequence", flat=True))
    citations = Citation.objects.filter(statement__meeting=meeting).order_by("statement__sequence")
    starts = list(citations.values_list("start", flat=True))

    assert sequences == list(range(1, 14))
    assert starts == sorted(starts)


# Mentions and replies


def test_completely_false_rejects_the_claims_of_the_three_accusers(loaded):
    mentions = statement("completely false.").mentions.values_list("party__code", "relation")

    assert sorted(mentions) == [("FRA", "rejects"), ("GBR", "rejects"), ("USA", "rejects")]


def test_russia_is_accused_by_the_united_states_britain_and_france(loaded):
    accusations = Mention.objects.filter(party__code="RUS", relation="accuses")
    speaking = set(accusations.values_list("statement__party__code", flat=True))
    jointly = set(
        accusations.exclude(statement__joint_parties=None).values_list("statement__joint_parties__code", flat=True)
    )

    assert sorted(speaking | jointly) == ["FRA", "GBR", "USA"]


def test_north_korea_defends_its_ties_with_russia(loaded):
    for opening in ["there is absolutely no need", "The relations between"]:
        mentions = Statement.objects.get(text__startswith=opening).mentions.values_list("party__code", "relation")
        assert list(mentions) == [("RUS", "defends")]


def test_us_criticism_of_china_criticises_china_and_calls_on_it(loaded):
    mentions = Statement.objects.get(text__startswith="The U.S. also criticized China").mentions
    china = mentions.filter(party__code="CHN").values_list("relation", flat=True)

    assert sorted(china) == ["calls-on", "criticises"]


def test_replies_point_at_the_statement_answered(loaded):
    us_accuses = Statement.objects.get(
        party__code="USA", text__startswith="the United States, Britain, and France confronted"
    )
    us_on_china = Statement.objects.get(text__startswith="The U.S. also criticized China")

    assert statement("completely false.").reply_to == us_accuses
    assert Statement.objects.get(text__startswith="to spread baseless").reply_to == us_accuses
    assert Statement.objects.get(text__startswith="China firmly rejects").reply_to == us_on_china
    assert Statement.objects.get(text__startswith="The current situation on the Korean").reply_to == us_on_china
    assert Statement.objects.filter(reply_to__isnull=False).count() == 4


def test_every_statement_has_topics(loaded):
    assert not Statement.objects.filter(topics__isnull=True).exists()
    assert sorted(statement("completely false.").topics.values_list("slug", flat=True)) == ["arms-embargo"]


# Validity of everything loaded


def test_every_demo_row_passes_full_clean(loaded):
    for model in [Statement, Citation, CouncilSeat, Position, Delegate, Alias, Meeting, Source, Mention, Topic, Body]:
        for row in model.objects.all():
            row.full_clean()


def test_every_excerpt_of_the_seed_is_found_in_the_article():
    text = demo.article_text()
    for spec in demo.STATEMENTS:
        start, end = demo.offsets(text, spec["text"])
        assert text[start:end] == spec["text"]


def test_offsets_reject_an_excerpt_not_in_the_article():
    with pytest.raises(ValueError, match="Demo excerpt not found"):
        demo.offsets("Some article.", "Another text")


# Loading twice


def test_a_second_load_creates_nothing(loaded):
    counts, histories = row_counts(), history_counts()

    again = demo.load_demo()

    assert not any(again.values()), again
    assert row_counts() == counts
    assert history_counts() == histories


def test_a_second_load_keeps_an_editors_corrections(loaded):
    quote = statement("completely false.")
    quote.speaker_title = "Permanent Representative of the Russian Federation"
    quote.save()
    meeting = Meeting.objects.get()
    meeting.record_symbol = "S/PV.9669"
    meeting.summary = "Edited."
    meeting.save()
    Delegate.objects.filter(full_name="Robert Wood").update(sort_name="WOOD, Robert")
    Source.objects.filter(kind=Source.Kind.PRESS_RELEASE).update(title="Security Council press release")
    Position.objects.filter(delegate__full_name="Geng Shuang").update(start=datetime.date(2022, 1, 1))
    counts = row_counts()

    demo.load_demo()

    assert statement("completely false.").speaker_title == "Permanent Representative of the Russian Federation"
    assert Meeting.objects.get().summary == "Edited."
    assert Meeting.objects.get().record_symbol == "S/PV.9669"
    assert Delegate.objects.get(full_name="Robert Wood").sort_name == "WOOD, Robert"
    assert Source.objects.get(kind=Source.Kind.PRESS_RELEASE).title == "Security Council press release"
    assert Position.objects.get(delegate__full_name="Geng Shuang").start == datetime.date(2022, 1, 1)
    assert row_counts() == counts


def test_a_second_load_keeps_a_corrected_delegate_name_without_adding_a_duplicate(loaded):
    Delegate.objects.filter(full_name="Kim Song").update(full_name="KIM Song", sort_name="KIM Song")
    Delegate.objects.filter(full_name="Vasily Nebenzya").update(full_name="Vassily Nebenzia")
    counts = row_counts()

    again = demo.load_demo()

    assert again["delegates"] == 0
    assert row_counts() == counts
    assert statement("completely false.").speaker.full_name == "Vassily Nebenzia"


def test_a_second_load_keeps_a_corrected_article_text_without_adding_a_duplicate(article):
    article.text = article.text.replace("On Friday,", "On Friday 28 June,")
    article.save()
    counts = row_counts()

    demo.load_demo()

    assert row_counts() == counts


def test_a_second_load_restores_a_deleted_demo_statement(loaded):
    # The demo knows its statements by their place in the meeting; a deleted one comes back.
    Statement.objects.filter(text="completely false.").delete()

    again = demo.load_demo()

    assert again["statements"] == 1
    assert Statement.objects.filter(text="completely false.").count() == 1


def test_it_loads_into_a_database_that_already_holds_other_meetings():
    body = Body.objects.create(name="General Assembly", slug="general-assembly")
    Meeting.objects.create(body=body, date=datetime.date(2024, 6, 28), press_release="GA/12345")

    created = demo.load_demo()

    assert created["meetings"] == 1
    assert Meeting.objects.count() == 2


def test_a_second_load_finds_a_renamed_delegate_through_the_meetings_statements(loaded):
    Alias.objects.filter(delegate__full_name="Vasily Nebenzya").delete()
    Delegate.objects.filter(full_name="Vasily Nebenzya").update(full_name="V. A. Nebenzia", sort_name="Nebenzia, V. A.")
    counts = row_counts()

    again = demo.load_demo()

    assert again["delegates"] == 0
    assert row_counts() == counts
