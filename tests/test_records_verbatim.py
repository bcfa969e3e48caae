"""statements.records.verbatim: reading a verbatim record (S/PV.…) into a Record.

The passages are written for these tests in the records' style; none is a real record.
"""

import time

import pytest

from statements.records import read
from statements.records.datatypes import Outcome, Role
from statements.records.errors import NotARecord
from statements.records.labels import match_label
from statements.records.verbatim import parse_verbatim

FRONT = """United Nations S/PV.9999
Security Council
Seventy-ninth year
9999th meeting
Friday, 28 June 2024, 10 a.m.
New York

Provisional

President: Mr. Kariuki . . . . . . . . . . . . . . . . . . . . . . . . . . (United Kingdom of Great Britain
and Northern Ireland)

Members: Algeria . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. Bendjama
China . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. Fu Cong
Ecuador . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. De La Gasca
France . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. De Rivière
Guyana . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mrs. Rodrigues-Birkett
Japan . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. Yamazaki
Malta . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mrs. Frazier
Mozambique . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. Fernandes
Republic of Korea . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. Hwang
Russian Federation . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. Nebenzia
Sierra Leone . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. Kanu
Slovenia . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. Žbogar
Switzerland . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mrs. Baeriswyl
United States of America . . . . . . . . . . . . . . . . . . . . . . Mrs. Thomas-Greenfield

Agenda

Non-proliferation/Democratic People's Republic of Korea

This record contains the text of speeches delivered in English and of the translation of speeches
delivered in other languages. The final text will be printed in the Official Records of the Security
Council. Corrections should be submitted to the original languages only. They should be incorporated
in a copy of the record and sent under the signature of a member of the delegation concerned to the
Chief of the Verbatim Reporting Service, room AB-0928 (verbatimrecords@un.org). Corrected records
will be reissued electronically on the Official Document System of the United Nations
(http://documents.un.org).

24-99999 (E)
*2499999*

"""

OPENING = """The meeting was called to order at 10.05 a.m.

Adoption of the agenda

The agenda was adopted.

Non-proliferation/Democratic People's Republic of Korea

The President: In accordance with rule 37 of the Council's provisional rules of procedure, I
invite the representatives of Japan, Bosnia and Herzegovina and Ukraine to participate in this
meeting.

In accordance with rule 39 of the Council's provisional rules of procedure, I invite the following
briefers to participate in this meeting: Ms. Rosemary DiCarlo, Under-Secretary-General for Political
and Peacebuilding Affairs; and Mr. Jonah Leff, Executive Director, Conflict Armament Research.

Members of the Council have before them document S/2024/255, which contains the text of a
draft resolution submitted by the United States of America.

I give the floor to Ms. DiCarlo.

"""

VETO = """The President: I shall now put the draft resolution to the vote.

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

"""

SPEECHES = """Ms. DiCarlo: I have three points:

first, the situation is grave;

second, it is getting worse.

Mr. Leff: Thank you, Mr. President. Our teams found the following:
components made last year.

Mr. Nebenzia (Russian Federation) (spoke in Russian): We are against this inter-
national conspiracy. The so-called experts are not

S/PV.9999 Non-proliferation 28/06/2024

2/5 24-99999

impartial. We will vote against.

"""

CLOSING = """Mrs. Thomas-Greenfield (United States of America): That was shameful.

Mr. Zhang Jun (China) (spoke in Chinese): We abstained.

Mr. Kim (Democratic People's Republic of Korea): We reject it.

Archbishop Caccia (Holy See): Peace.

Mr. Skoog (European Union): The Union regrets the outcome.

Ms. Abu Znaid (State of Palestine) (spoke in Arabic): Thank you.

The President: There are no more names inscribed on the list of speakers.

The meeting rose at 1.15 p.m.
"""

RECORD = FRONT + OPENING + SPEECHES + VETO + CLOSING


@pytest.fixture(scope="module")
def record():
    return parse_verbatim(RECORD)


def turns_by_label(record):
    return {turn.label: turn for turn in record.turns}


# Labels


@pytest.mark.parametrize(
    "paragraph, label, name, party, language",
    [
        ("The President: I thank him.", "The President", "The President", "", ""),
        ("The President (spoke in Spanish): Gracias.", "The President (spoke in Spanish)", "The President", "", "es"),
        ("The Secretary-General: I thank you.", "The Secretary-General", "The Secretary-General", "", ""),
        ("Ms. DiCarlo: Thank you.", "Ms. DiCarlo", "Ms. DiCarlo", "", ""),
        (
            "Mr. Nebenzia (Russian Federation) (spoke in Russian): We…",
            "Mr. Nebenzia (Russian Federation) (spoke in Russian)",
            "Mr. Nebenzia",
            "Russian Federation",
            "ru",
        ),
        (
            "Mrs. Thomas-Greenfield (United States of America): We…",
            "Mrs. Thomas-Greenfield (United States of America)",
            "Mrs. Thomas-Greenfield",
            "United States of America",
            "",
        ),
        (
            "Dame Barbara Woodward (United Kingdom): We…",
            "Dame Barbara Woodward (United Kingdom)",
            "Dame Barbara Woodward",
            "United Kingdom",
            "",
        ),
        (
            "Mr. Zhang Jun (China) (spoke in Chinese): We…",
            "Mr. Zhang Jun (China) (spoke in Chinese)",
            "Mr. Zhang Jun",
            "China",
            "zh",
        ),
        ("Archbishop Caccia (Holy See): Peace.", "Archbishop Caccia (Holy See)", "Archbishop Caccia", "Holy See", ""),
        ("Sheikh Al-Thani (Qatar): We…", "Sheikh Al-Thani (Qatar)", "Sheikh Al-Thani", "Qatar", ""),
        ("Prince Zeid (Jordan): We…", "Prince Zeid (Jordan)", "Prince Zeid", "Jordan", ""),
        ("Mr. Al Hassan (Oman): We…", "Mr. Al Hassan (Oman)", "Mr. Al Hassan", "Oman", ""),
        (
            "Lord Ahmad of Wimbledon (United Kingdom): We…",
            "Lord Ahmad of Wimbledon (United Kingdom)",
            "Lord Ahmad of Wimbledon",
            "United Kingdom",
            "",
        ),
        (
            "Mr. de Rivière (France) (spoke in French): Merci.",
            "Mr. de Rivière (France) (spoke in French)",
            "Mr. de Rivière",
            "France",
            "fr",
        ),
        (
            "Mr. Iravani (Iran (Islamic Republic of)): We…",
            "Mr. Iravani (Iran (Islamic Republic of))",
            "Mr. Iravani",
            "Iran (Islamic Republic of)",
            "",
        ),
        (
            "1. The PRESIDENT (translated from French): I…",
            "The PRESIDENT (translated from French)",
            "The PRESIDENT",
            "",
            "fr",
        ),
        (
            "Mr. GROMYKO (Union of Soviet Socialist Republics): I…",
            "Mr. GROMYKO (Union of Soviet Socialist Republics)",
            "Mr. GROMYKO",
            "Union of Soviet Socialist Republics",
            "",
        ),
        ("Monsignor Hansen (Holy See): We…", "Monsignor Hansen (Holy See)", "Monsignor Hansen", "Holy See", ""),
        ("Dr. Tedros: Thank you.", "Dr. Tedros", "Dr. Tedros", "", ""),
    ],
)
def test_it_reads_labels_of_every_shape(paragraph, label, name, party, language):
    found = match_label(paragraph)

    assert found is not None
    assert (found.label, found.name, found.party_text, found.language) == (label, name, party, language)


@pytest.mark.parametrize(
    "paragraph",
    [
        "I have three points:",
        "In favour:",
        "Against: Russian Federation",
        "Mr. President, let me say this: we are ready.",
        "The following is clear: peace.",
        "Mr. Guterres put it well: war is never the answer.",
        "The Council must decide: will it act?",
        "President Zelenskyy said: we will not give up.",
    ],
)
def test_it_takes_no_sentence_with_a_colon_for_a_label(paragraph):
    assert match_label(paragraph) is None


# The front page


def test_it_reads_the_front_page(record):
    meeting = record.meeting

    assert meeting.symbol == "S/PV.9999"
    assert meeting.number == 9999
    assert meeting.date == "2024-06-28"
    assert meeting.time == "10:00"
    assert meeting.place == "New York"
    assert (meeting.president.name, meeting.president.party) == ("Mr. Kariuki", "GBR")
    assert len(meeting.members) == 14
    assert (meeting.members[0].party, meeting.members[0].representative) == ("DZA", "Mr. Bendjama")
    assert (meeting.members[-1].party, meeting.members[-1].representative) == ("USA", "Mrs. Thomas-Greenfield")
    assert meeting.agenda == ["Non-proliferation/Democratic People's Republic of Korea"]
    assert meeting.called_to_order == "10:05"
    assert meeting.adjourned == "13:15"


def test_it_pairs_members_when_the_columns_come_one_after_the_other():
    front = FRONT.replace(
        "Members: Algeria . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. Bendjama\n"
        "China . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. Fu Cong\n",
        "Members: Algeria . . . . . . . . . . . . . . .\nChina . . . . . . . . . . . . . . .\n"
        "United Kingdom of Great Britain and\nNorthern Ireland . . . . . . . .\nMr. Bendjama\nMr. Fu Cong\n"
        "Dame Barbara Woodward\n",
    )
    meeting = parse_verbatim(front + OPENING).meeting

    assert [(m.party, m.representative) for m in meeting.members[:3]] == [
        ("DZA", "Mr. Bendjama"),
        ("CHN", "Mr. Fu Cong"),
        ("GBR", "Dame Barbara Woodward"),
    ]


def test_it_reads_an_older_front_page_with_the_states_present():
    text = (
        "1875th MEETING Held in New York on Friday,\n16 January 1976, at 3 p.m.\n\n"
        "President: Mr. Salim A. SALIM\n(United Republic of Tanzania)\n\n"
        "Present: The representatives of the following States: Benin, China, France, Libyan Arab Republic, "
        "Union of Soviet Socialist Republics, United Republic of Tanzania and United States of America.\n"
        "1. Adoption of the agenda\n\n2. The situation in the Middle East\n\n"
        "The meeting was called to order at 3.50 p.m.\nThe agenda was adopted.\n"
        "1. The PRESIDENT (translated from French): I invite the representative of Egypt to take a place at "
        "the Council table, in conformity with the usual practice of the Council on these matters.\n"
    )
    record = parse_verbatim(text)

    assert record.meeting.symbol == "S/PV.1875"
    assert record.meeting.date == "1976-01-16"
    assert record.meeting.called_to_order == "15:50"
    assert [m.party for m in record.meeting.members] == ["BEN", "CHN", "FRA", "LBY", "SUN", "TZA", "USA"]
    assert record.meeting.agenda == ["Adoption of the agenda", "The situation in the Middle East"]
    [turn] = record.turns
    assert (turn.label, turn.name, turn.party, turn.spoken_language) == (
        "The PRESIDENT (translated from French)",
        "Mr. Salim A. SALIM",
        "TZA",
        "fr",
    )


# Turns


def test_it_reads_the_turns_in_order(record):
    assert [turn.label for turn in record.turns] == [
        "The President",
        "Ms. DiCarlo",
        "Mr. Leff",
        "Mr. Nebenzia (Russian Federation) (spoke in Russian)",
        "The President",
        "The President",
        "Mrs. Thomas-Greenfield (United States of America)",
        "Mr. Zhang Jun (China) (spoke in Chinese)",
        "Mr. Kim (Democratic People's Republic of Korea)",
        "Archbishop Caccia (Holy See)",
        "Mr. Skoog (European Union)",
        "Ms. Abu Znaid (State of Palestine) (spoke in Arabic)",
        "The President",
    ]


def test_the_president_takes_the_name_and_party_of_the_front_page(record):
    president = record.turns[0]

    assert (president.name, president.party, president.role) == ("Mr. Kariuki", "GBR", Role.PRESIDENT)


@pytest.mark.parametrize(
    "label, party, role, language",
    [
        ("Ms. DiCarlo", "", Role.SECRETARIAT, "en"),
        ("Mr. Leff", "", Role.BRIEFER, "en"),
        ("Mr. Nebenzia (Russian Federation) (spoke in Russian)", "RUS", Role.MEMBER, "ru"),
        ("Mr. Zhang Jun (China) (spoke in Chinese)", "CHN", Role.MEMBER, "zh"),
        ("Mr. Kim (Democratic People's Republic of Korea)", "PRK", Role.INVITED, "en"),
        ("Archbishop Caccia (Holy See)", "VAT", Role.OBSERVER, "en"),
        ("Mr. Skoog (European Union)", "European Union", Role.BRIEFER, "en"),
        ("Ms. Abu Znaid (State of Palestine) (spoke in Arabic)", "PSE", Role.OBSERVER, "ar"),
    ],
)
def test_each_speaker_gets_party_role_and_language(record, label, party, role, language):
    turn = turns_by_label(record)[label]

    assert (turn.party, turn.role, turn.spoken_language) == (party, role, language)


def test_a_colon_inside_a_speech_does_not_start_a_turn(record):
    dicarlo = turns_by_label(record)["Ms. DiCarlo"]

    assert dicarlo.text == "I have three points:\n\nfirst, the situation is grave;\n\nsecond, it is getting worse."


def test_a_speech_across_a_page_header_is_one_paragraph_without_the_header(record):
    nebenzia = turns_by_label(record)["Mr. Nebenzia (Russian Federation) (spoke in Russian)"]

    assert nebenzia.text == (
        "We are against this international conspiracy. The so-called experts are not impartial. We will vote against."
    )


def test_offsets_point_into_the_text_as_given(record):
    for turn in record.turns:
        raw = RECORD[turn.start : turn.end]
        assert " ".join(raw.split())[:20] == " ".join(turn.text.split())[:20]
        assert raw.rstrip().endswith(turn.text[-10:])
    assert record.text is RECORD


def test_procedure_is_kept_apart_from_the_speeches(record):
    assert record.procedure[:2] == ["The meeting was called to order at 10.05 a.m.", "The agenda was adopted."]
    assert "A vote was taken by show of hands." in record.procedure
    assert record.procedure[-1] == "The meeting rose at 1.15 p.m."
    assert not any("show of hands" in turn.text for turn in record.turns)


def test_it_reads_the_invitations(record):
    invitations = record.meeting.invitations

    assert [(i.rule, i.party) for i in invitations if i.rule == 37] == [(37, "JPN"), (37, "BIH"), (37, "UKR")]
    assert [(i.name, i.title) for i in invitations if i.rule == 39] == [
        ("Ms. Rosemary DiCarlo", "Under-Secretary-General for Political and Peacebuilding Affairs"),
        ("Mr. Jonah Leff", "Executive Director, Conflict Armament Research"),
    ]
    # Each with the part it takes, so that the importer's participants agree with the turns' roles.
    assert [i.role for i in invitations] == ["invited", "invited", "invited", "secretariat", "briefer"]


def test_clean_text_with_a_paragraph_a_line_reads_the_same():
    text = (
        "S/PV.9998\n9998th meeting\nMonday, 1 July 2024, 3 p.m.\nNew York\n"
        "President: Mr. Fernandes (Mozambique)\n"
        "The meeting was called to order at 3.10 p.m.\nThe agenda was adopted.\n"
        "The President: I now give the floor to the representative of Slovenia.\n"
        "Mr. Žbogar (Slovenia): I have two remarks: the first is brief.\nThe second is briefer.\n"
        "The meeting rose at 4 p.m.\n"
    )
    record = parse_verbatim(text)

    assert [turn.label for turn in record.turns] == ["The President", "Mr. Žbogar (Slovenia)"]
    assert record.turns[1].text == "I have two remarks: the first is brief.\n\nThe second is briefer."
    assert record.meeting.adjourned == "16:00"


def test_an_unknown_party_is_a_warning():
    record = parse_verbatim(FRONT + OPENING + "Mr. Nobody (Atlantis): Hello.\n")

    [turn] = [turn for turn in record.turns if turn.label.startswith("Mr. Nobody")]
    assert turn.party == ""
    assert any("Atlantis" in warning for warning in record.warnings)


# Votes


def test_it_reads_a_vetoed_draft(record):
    [vote] = record.votes

    assert vote.draft == "S/2024/255"
    assert vote.in_favour == [
        "DZA", "ECU", "FRA", "GUY", "JPN", "MLT", "MOZ", "KOR", "SLE", "SVN", "CHE", "GBR", "USA",
    ]  # fmt: skip
    assert (vote.against, vote.abstaining) == (["RUS"], ["CHN"])
    assert vote.counts == {"in_favour": 13, "against": 1, "abstaining": 1}
    assert vote.outcome == Outcome.VETOED
    assert vote.vetoed_by == ["RUS"]
    assert vote.outcome_sentence.startswith("The draft resolution received 13 votes in favour")
    assert not [w for w in record.warnings if w.startswith("Vote")]


ADOPTED = """The President: The Council will now take a decision on the draft resolution contained in
document S/2024/300. I shall put the draft resolution to the vote now.

A vote was taken by show of hands.

In favour:
Algeria, China, Ecuador, France, Guyana, Japan, Malta, Mozambique, Republic of Korea, Russian
Federation, Sierra Leone, Slovenia, Switzerland, United Kingdom of Great Britain and Northern Ireland,
United States of America

Against:
None

Abstaining:
None

The President: The draft resolution received 15 votes in favour. The draft resolution has been
adopted unanimously as resolution 2740 (2024).

"""


def test_it_reads_a_unanimous_adoption_by_show_of_hands():
    [vote] = parse_verbatim(FRONT + OPENING + ADOPTED).votes

    assert (vote.draft, vote.outcome, vote.resolution) == ("S/2024/300", Outcome.ADOPTED, "2740 (2024)")
    assert len(vote.in_favour) == 15 and "RUS" in vote.in_favour
    assert (vote.against, vote.abstaining, vote.vetoed_by) == ([], [], [])


def test_a_unanimous_adoption_without_a_show_of_hands_puts_every_member_in_favour():
    text = (
        FRONT
        + OPENING
        + (
            "The President: The Council is ready to proceed to the vote on the draft resolution contained in\n"
            "document S/2024/301. The draft resolution has been adopted unanimously as resolution 2741 (2024).\n"
        )
    )
    [vote] = parse_verbatim(text).votes

    assert (vote.draft, vote.outcome, vote.resolution) == ("S/2024/301", Outcome.ADOPTED, "2741 (2024)")
    assert len(vote.in_favour) == 15
    # The presiding country, which the members' table leaves out, in its alphabetical place.
    assert vote.in_favour[-2:] == ["GBR", "USA"]


def test_a_draft_without_enough_votes_is_not_adopted():
    text = (
        FRONT
        + OPENING
        + (
            "A vote was taken by show of hands.\n\nIn favour:\nAlgeria, China, Mozambique, Russian Federation, "
            "Sierra Leone\n\nAgainst:\nFrance, Japan, United Kingdom of Great Britain and Northern Ireland, United "
            "States of America\n\nAbstaining:\nEcuador, Guyana, Malta, Republic of Korea, Slovenia, Switzerland\n\n"
            "The President: The draft resolution received 5 votes in favour, 4 against and 6 abstentions. The draft "
            "resolution has not been adopted, having failed to obtain the required number of votes.\n"
        )
    )
    [vote] = parse_verbatim(text).votes

    assert vote.outcome == Outcome.NOT_ADOPTED
    assert vote.vetoed_by == []
    assert vote.counts == {"in_favour": 5, "against": 4, "abstaining": 6}


def test_ballots_that_do_not_add_up_are_warnings():
    text = (
        FRONT
        + OPENING
        + (
            "A vote was taken by show of hands.\n\nIn favour:\nAlgeria, China, Ecuador, France\n\nAgainst:\nNone\n\n"
            "Abstaining:\nJapan\n\nThe President: The draft resolution received 5 votes in favour, none against and "
            "1 abstention. The draft resolution has not been adopted, having failed to obtain the required number of "
            "votes.\n"
        )
    )
    warnings = parse_verbatim(text).warnings

    assert any("disagrees with the lists" in w for w in warnings)
    assert any("5 ballots for 15 members present" in w for w in warnings)
    assert any("no ballot for RUS" in w for w in warnings)


# Not a record


@pytest.mark.parametrize(
    "text, says",
    [
        (
            "United Nations S/RES/2730 (2024)\nSecurity Council\nDistr.: General\n24 May 2024\n"
            "Resolution 2730 (2024)\nAdopted by the Security Council at its 9639th meeting, on 24 May 2024\n"
            "The Security Council,\nRecalling its resolutions …",
            "resolution 2730 (2024)",
        ),
        (
            "United Nations S/2024/447\nSecurity Council\nLetter dated 5 June 2024 from the Permanent Representative "
            "of Malta to the United Nations addressed to the President of the Security Council\nI have the honour …",
            "letter",
        ),
        (
            "Nations Unies S/PV.9669\nConseil de sécurité\nSoixante-dix-neuvième année\n9669e séance\n"
            "Le Président : La séance est ouverte. L'ordre du jour est adopté.\nLe Président : Je remercie …",
            "French",
        ),
        (
            "Naciones Unidas S/PV.9669\nConsejo de Seguridad\n9669ª sesión\nEl Presidente: Se abre la sesión. "
            "Queda aprobado el orden del día.\nEl Presidente (habla en inglés): Doy las gracias …",
            "Spanish",
        ),
        ("Организация Объединенных Наций S/PV.9669 Совет Безопасности Председатель: Заседание открывается.", "Russian"),
        ("联合国 S/PV.9669 安全理事会 第九六六九次会议 主席：我宣布会议开始。", "Chinese"),
        ("الأمم المتحدة S/PV.9669 مجلس الأمن الرئيس: افتتحت الجلسة.", "Arabic"),
        ("A recipe for pancakes: flour, eggs and milk.", "not a Security Council record"),
    ],
)
def test_it_refuses_what_is_not_an_english_record_in_one_line(text, says):
    with pytest.raises(NotARecord) as refused:
        parse_verbatim(text)

    assert says in str(refused.value)
    assert "\n" not in str(refused.value)


def test_read_decodes_bytes_and_refuses_other_encodings():
    assert read(RECORD.encode("utf-8")).meeting.symbol == "S/PV.9999"
    with pytest.raises(Exception, match="not UTF-8"):
        read("Président".encode("latin-1") + b" S/PV.1")


def test_a_pdf_goes_through_the_pdf_reader(monkeypatch):
    from statements.records import pdf

    monkeypatch.setattr(pdf, "extract_text", lambda data: RECORD)

    assert read(b"%PDF-1.7 ...").meeting.symbol == "S/PV.9999"


# Speed


def long_record(size):
    body = OPENING + SPEECHES + VETO + CLOSING.replace("The meeting rose at 1.15 p.m.\n", "")
    return FRONT + body * (size // len(body) + 1)


def fastest_parse(text):
    """The least time of three parses: the machine's other work only ever adds time."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        record = parse_verbatim(text)
        times.append(time.perf_counter() - started)
    return record, min(times)


def test_a_record_four_times_as_long_takes_about_four_times_as_long_to_parse():
    # A complexity check, not a timing: a parser that went back over what it read for every turn
    # would take ~16 times as long for four times the text. The bound is loose because the two
    # timings share a busy machine (a fixed limit in seconds failed while two suites ran at once).
    short, short_time = fastest_parse(long_record(40_000))
    long, long_time = fastest_parse(long_record(160_000))

    assert len(long.turns) > 300
    assert len(long.turns) >= 3.5 * len(short.turns)
    assert long_time < 8 * short_time
