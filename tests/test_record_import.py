"""Importing a parsed official record into the archive (statements/editor/records.py).

The records here are built by hand with the parser's datatypes, so that these tests say what the
importer does whatever the parser reads; the passages are unit-test fixtures in the style of a
verbatim record, not real records (the real ones are in tests/data/records/).
"""

import datetime

import pytest

from statements.editor.records import RecordImportError, import_record, person_name
from statements.models import (
    Ballot,
    Citation,
    CouncilSeat,
    Delegate,
    Meeting,
    Participant,
    RecordCheck,
    Source,
    Statement,
    Vote,
)
from statements.records.datatypes import Invitation, Member, Person, Record, Turn
from statements.records.datatypes import Meeting as MeetingInfo
from statements.records.datatypes import Vote as VoteInfo
from tests.factories import (
    BodyFactory,
    DelegateFactory,
    MeetingFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    country,
)

pytestmark = pytest.mark.django_db

MEMBERS = ["DZA", "CHN", "ECU", "FRA", "GUY", "JPN", "MLT", "MOZ", "KOR", "RUS", "SLE", "SVN", "CHE", "GBR", "USA"]

SPEECHES = [
    ("The President", "Mr. Rodrigues", "GUY", "en", "president", "I welcome the High Representative."),
    ("Ms. Nakamitsu", "Ms. Nakamitsu", "", "en", "secretariat", "Any transfer of arms must comply with resolutions."),
    (
        "Mr. Nebenzia (Russian Federation) (spoke in Russian)",
        "Mr. Nebenzia",
        "RUS",
        "ru",
        "member",
        "Such accusations are completely false and baseless. We cooperate with our neighbours.",
    ),
    (
        "Mr. Wood (United States of America)",
        "Mr. Wood",
        "USA",
        "en",
        "member",
        "Russia is violating the arms embargo that it voted for.",
    ),
]


def record(speeches=SPEECHES, *, symbol="S/PV.9999", number=9999, date="2024-06-28", votes=(), kind="verbatim"):
    """A Record as the parser returns it, with its text made of the speeches one after another."""
    text, turns = "", []
    for label, name, party, language, role, speech in speeches:
        text += f"{label}: "
        turns.append(Turn(label, name, party, language, role, speech, len(text), len(text) + len(speech)))
        text += speech + "\n\n"
    meeting = MeetingInfo(
        symbol=symbol if kind == "verbatim" else "",
        press_release=symbol if kind == "press-release" else "",
        number=number,
        date=date,
        called_to_order="10:05",
        adjourned="11:20",
        place="New York",
        president=Person("Mr. Rodrigues", "GUY"),
        members=[Member(code, f"Representative of {code}") for code in MEMBERS],
        agenda=["Non-proliferation/Democratic People's Republic of Korea"],
        invitations=[
            Invitation(37, party="PRK"),
            Invitation(
                39, name="Ms. Nakamitsu", title="High Representative for Disarmament Affairs", role="secretariat"
            ),
        ],
    )
    return Record(kind=kind, meeting=meeting, turns=turns, votes=list(votes), text=text)


def veto_vote(draft="S/2024/255"):
    in_favour = [code for code in MEMBERS if code not in ("RUS", "CHN")]
    return VoteInfo(
        draft=draft,
        in_favour=in_favour,
        against=["RUS"],
        abstaining=["CHN"],
        counts={"in_favour": 13, "against": 1, "abstaining": 1},
        outcome="vetoed",
        outcome_sentence="The draft resolution has not been adopted, owing to the negative vote of a permanent member.",
    )


def history_rows():
    return sum(model.history.count() for model in (Meeting, Statement, Vote, Ballot, Participant, Source))


def test_it_saves_the_front_page_participants_and_speeches_in_order():
    result = import_record(record())

    meeting = Meeting.objects.get()
    assert (meeting.number, meeting.record_symbol, meeting.date) == (9999, "S/PV.9999", datetime.date(2024, 6, 28))
    assert (meeting.called_to_order, meeting.adjourned) == (datetime.time(10, 5), datetime.time(11, 20))
    assert meeting.presiding_party.code == "GUY" and meeting.president.full_name == "Rodrigues"
    assert meeting.participants.filter(role="member").count() == 15
    assert meeting.participants.get(role="invited").party.code == "PRK"
    assert meeting.participants.get(role="secretariat").title == "High Representative for Disarmament Affairs"
    speeches = list(meeting.statements.order_by("sequence"))
    assert [(s.sequence, s.label, s.kind) for s in speeches] == [
        (number, label, "speech") for number, (label, *_) in enumerate(SPEECHES, start=1)
    ]
    russia = speeches[2]
    assert (russia.party.code, russia.spoken_language, russia.role, russia.is_interpretation) == (
        "RUS",
        "ru",
        "member",
        True,
    )
    assert not speeches[3].is_interpretation
    citation = Citation.objects.get(statement=russia)
    assert citation.source.symbol == "S/PV.9999" and citation.source.kind == "verbatim"
    assert citation.source.text[citation.start : citation.end] == russia.text
    assert result.meeting_created and result.changed


def test_it_saves_each_ballot_and_derives_the_veto_from_the_permanent_seats():
    import_record(record(votes=[veto_vote()]))

    vote = Vote.objects.get()
    assert (vote.draft.symbol, vote.outcome, vote.in_favour, vote.against, vote.abstaining) == (
        "S/2024/255",
        "vetoed",
        13,
        1,
        1,
    )
    assert vote.ballots.count() == 15
    assert vote.ballots.get(party__code="CHN").choice == Ballot.Choice.ABSTENTION
    # The Charter's permanent seats were made for the body, so Russia's vote against is a veto.
    assert CouncilSeat.objects.filter(kind="permanent").count() == 5
    assert list(Ballot.objects.vetoes().values_list("party__code", flat=True)) == ["RUS"]


def test_a_member_on_no_list_did_not_vote():
    vote = veto_vote()
    vote.in_favour.remove("ECU")

    import_record(record(votes=[vote]))

    assert Ballot.objects.get(party__code="ECU").choice == Ballot.Choice.DID_NOT_VOTE


def test_importing_the_same_record_again_changes_nothing():
    import_record(record(votes=[veto_vote()]))
    counts = (Statement.objects.count(), Vote.objects.count(), Ballot.objects.count(), Delegate.objects.count())
    rows = history_rows()

    result = import_record(record(votes=[veto_vote()]))

    assert not result.changed
    assert "nothing changed" in result.summary()
    assert (Statement.objects.count(), Vote.objects.count(), Ballot.objects.count(), Delegate.objects.count()) == counts
    assert history_rows() == rows


def test_a_corrected_record_updates_what_changed_and_the_history_keeps_the_earlier_text():
    import_record(record())
    corrected = list(SPEECHES)
    corrected[3] = (*SPEECHES[3][:5], "Russia is violating the arms embargo for which it voted.")

    result = import_record(record(corrected))

    speech = Statement.objects.get(sequence=4)
    assert speech.text == "Russia is violating the arms embargo for which it voted."
    assert speech.history.first().history_change_reason == "Imported from S/PV.9999"
    assert speech.history.last().text == SPEECHES[3][5]
    assert Statement.objects.count() == 4
    assert any("different text" in warning for warning in result.warnings)


def test_a_reissued_record_with_fewer_speeches_deletes_the_one_dropped():
    import_record(record())

    import_record(record(SPEECHES[:3]))

    assert list(Statement.objects.order_by("sequence").values_list("sequence", flat=True)) == [1, 2, 3]


def test_a_dry_run_saves_nothing_but_says_what_it_would_do():
    result = import_record(record(votes=[veto_vote()]), dry_run=True)

    assert result.meeting_created and len(result.turns) == 4
    assert result.votes[0].vetoed_by == ["RUS"]
    assert Meeting.objects.count() == Statement.objects.count() == Vote.objects.count() == 0
    assert Delegate.objects.count() == 0


def test_it_merges_into_the_archives_meeting_of_the_same_day_and_numbers_the_speeches():
    body = BodyFactory(slug="security-council", name="Security Council")
    meeting = MeetingFactory(body=body, date=datetime.date(2024, 6, 28), number=None)
    news = StatementFactory(meeting=meeting, sequence=1, text="completely false", party=country("RUS"))

    result = import_record(record())

    assert Meeting.objects.count() == 1 and not result.meeting_created
    meeting.refresh_from_db()
    assert (meeting.number, meeting.record_symbol) == (9999, "S/PV.9999")
    news.refresh_from_db()
    assert news.sequence is None
    assert news.history.first().history_change_reason == "Imported from S/PV.9999"


def test_a_meeting_with_another_record_on_the_same_day_is_not_merged():
    body = BodyFactory(slug="security-council", name="Security Council")
    other = MeetingFactory(body=body, date=datetime.date(2024, 6, 28), record_symbol="S/PV.9998")

    import_record(record())

    assert Meeting.objects.count() == 2
    assert Meeting.objects.exclude(pk=other.pk).get().record_symbol == "S/PV.9999"


def test_it_finds_an_existing_delegate_spelt_differently_among_the_partys_delegates():
    nebenzya = DelegateFactory(full_name="Vasily Nebenzya", sort_name="Nebenzya, Vasily")
    PositionFactory(delegate=nebenzya, party=country("RUS"), title="Permanent Representative")

    result = import_record(record())

    speech = Statement.objects.get(label__startswith="Mr. Nebenzia")
    assert speech.speaker == nebenzya
    assert nebenzya.aliases.filter(name="Mr. Nebenzia").exists()
    assert not next(turn for turn in result.turns if turn.party == "RUS").new_speaker


def test_an_unknown_speaker_is_created_with_a_position_for_the_party():
    result = import_record(record())

    wood = Delegate.objects.get(full_name="Wood")
    assert wood.positions.get().party.code == "USA"
    assert next(turn for turn in result.turns if turn.party == "USA").new_speaker


def test_news_quotes_are_checked_against_the_speakers_speech():
    body = BodyFactory(slug="security-council", name="Security Council")
    meeting = MeetingFactory(body=body, date=datetime.date(2024, 6, 28))
    russia = country("RUS")
    same = StatementFactory(meeting=meeting, party=russia, speaker=None, text="completely false and baseless")
    reworded = StatementFactory(
        meeting=meeting, party=russia, speaker=None, text="The accusations are completely false and groundless"
    )
    absent = StatementFactory(meeting=meeting, party=russia, speaker=None, text="We will never recognise the panel")
    paraphrase = StatementFactory(meeting=meeting, party=russia, speaker=None, kind="paraphrase", text="Russia denied")

    import_record(record())

    checks = {check.statement_id: check for check in RecordCheck.objects.select_related("speech")}
    assert checks[same.pk].result == "matches" and checks[same.pk].passage == "completely false and baseless"
    assert checks[reworded.pk].result == "differs"
    assert checks[reworded.pk].speech.label.startswith("Mr. Nebenzia")
    assert checks[absent.pk].result == "not-found" and checks[absent.pk].speech is None
    assert paraphrase.pk not in checks
    # A found quote cites the record, with the passage's offsets in the record's text.
    cited = Citation.objects.get(statement=same, source__symbol="S/PV.9999")
    assert cited.source.text[cited.start : cited.end] == "completely false and baseless"
    assert not Citation.objects.filter(statement=absent, source__symbol="S/PV.9999").exists()


def test_a_press_release_adds_paraphrases_without_numbering_them_and_keeps_the_records_front_page():
    import_record(record())
    release = record(
        [("", "", "RUS", "", "member", "The representative of the Russian Federation said the claims were false.")],
        symbol="SC/15999",
        kind="press-release",
    )
    release.meeting.called_to_order = "09:00"

    import_record(release)

    meeting = Meeting.objects.get()
    assert meeting.press_release == "SC/15999" and meeting.called_to_order == datetime.time(10, 5)
    paraphrase = Statement.objects.get(kind="paraphrase")
    assert paraphrase.sequence is None and paraphrase.citations.get().source.kind == "press-release"


def test_a_record_without_a_date_is_refused_and_nothing_is_saved():
    with pytest.raises(RecordImportError, match="no meeting date"):
        import_record(record(date=""))

    assert Meeting.objects.count() == Source.objects.count() == 0


def test_an_address_taken_by_another_source_is_refused_and_nothing_is_saved():
    SourceFactory(url="https://example.org/record")

    with pytest.raises(RecordImportError, match="already has the address"):
        import_record(record(), url="https://example.org/record")

    assert Meeting.objects.count() == 0 and Statement.objects.count() == 0


@pytest.mark.parametrize(
    "printed, name",
    [
        ("Mr. Nebenzia", "Nebenzia"),
        ("Dame Barbara Woodward", "Barbara Woodward"),
        ("Mrs.  Thomas-Greenfield", "Thomas-Greenfield"),
    ],
)
def test_a_printed_name_loses_its_honorific(printed, name):
    assert person_name(printed) == name


def test_the_presiding_member_votes_though_the_members_table_leaves_it_out():
    parsed = record(votes=[veto_vote()])
    parsed.meeting.members = [member for member in parsed.meeting.members if member.party != "GUY"]

    import_record(parsed)

    assert Ballot.objects.get(party__code="GUY").choice == Ballot.Choice.IN_FAVOUR
    assert Ballot.objects.count() == 15


def test_a_press_release_without_a_symbol_is_found_again_by_its_text():
    release = record(
        [("", "", "RUS", "", "member", "The representative of the Russian Federation said the claims were false.")],
        symbol="",
        kind="press-release",
    )

    import_record(release)
    again = import_record(release)

    assert not again.changed
    assert Source.objects.count() == 1 and Statement.objects.count() == 1


def test_the_history_names_the_editor_who_imported(editor):
    import_record(record(), user=editor)

    speech = Statement.objects.get(sequence=3)
    assert speech.history.get().history_user == editor


def test_a_speaker_first_created_from_the_members_table_is_still_reported_new():
    result = import_record(record())

    # Mr. Nebenzia is created for the members' table, then speaks: the review must still say "new".
    assert next(turn for turn in result.turns if turn.party == "RUS").new_speaker


def test_a_name_too_long_to_be_one_is_warned_about_not_saved():
    parsed = record()
    garbled = "Mr. Koudri China . . . . . . . " * 20
    parsed.meeting.members[0] = Member("DZA", garbled)

    result = import_record(parsed)

    assert any(warning.startswith("Not taken for a name (too long)") for warning in result.warnings)
    member = Participant.objects.get(role="member", party__code="DZA")
    assert member.delegate is None and len(member.name) == 200


def test_importing_again_after_checking_news_quotes_changes_nothing():
    body = BodyFactory(slug="security-council", name="Security Council")
    meeting = MeetingFactory(body=body, date=datetime.date(2024, 6, 28))
    StatementFactory(meeting=meeting, party=country("RUS"), speaker=None, text="completely false and baseless")
    import_record(record())
    rows = history_rows()

    result = import_record(record())

    assert not result.changed, result.summary()
    assert history_rows() == rows
    assert Statement.objects.filter(kind="speech").count() == 4
    assert RecordCheck.objects.get().result == "matches"
