"""statements.records.press: reading a meetings-coverage press release (SC/…).

The passages are written for these tests in the releases' style; none is a real release.
"""

import pytest

from statements.records import read
from statements.records.datatypes import Outcome, Role
from statements.records.press import parse_press_release

RELEASE = """9999th Meeting (AM)
SC/99999
28 June 2024

Security Council Fails to Adopt Resolution on Sanctions Panel, Owing to Negative Vote by Russian Federation

The Security Council today failed to adopt a draft resolution (document S/2024/255) that would have \
extended the mandate of the Panel of Experts, by a vote of 13 in favour to 1 against (Russian Federation), \
with 1 abstention (China).

Briefing

IZUMI NAKAMITSU, High Representative for Disarmament Affairs, said the situation is grave.

She added that more must be done.

JONAH LEFF, Executive Director, Conflict Armament Research, said his team had traced the parts.

Statements

The representative of the United States said the veto was shameful.

France's delegate said that his country regretted the outcome.

He also said that France would continue to work.

The speaker for China said dialogue is needed.  Japan's representative observed that the region is tense.

“This is a sad day for the Council,” stated the representative of Malta.

Speaking in her national capacity, the representative of Guyana said the Council must act.

The meeting began at 10:05 a.m. and ended at 1:15 p.m.
"""


@pytest.fixture(scope="module")
def record():
    return parse_press_release(RELEASE)


def test_it_reads_the_header(record):
    meeting = record.meeting

    assert (meeting.press_release, meeting.number, meeting.symbol, meeting.date) == (
        "SC/99999",
        9999,
        "S/PV.9999",
        "2024-06-28",
    )
    assert record.kind == "press-release"


def test_it_reads_one_turn_per_speaker_in_order(record):
    assert [(turn.party, turn.name) for turn in record.turns] == [
        ("", "Izumi Nakamitsu"),
        ("", "Jonah Leff"),
        ("USA", ""),
        ("FRA", ""),
        ("CHN", ""),
        ("JPN", ""),
        ("MLT", ""),
        ("GUY", ""),
    ]
    assert all(turn.kind == "paraphrase" for turn in record.turns)


def test_paragraphs_that_go_on_about_a_speaker_join_the_turn(record):
    france = record.turns[3]

    assert france.text == (
        "France's delegate said that his country regretted the outcome.\n\n"
        "He also said that France would continue to work."
    )
    assert RELEASE[france.start : france.end].endswith("continue to work.")


def test_a_paragraph_naming_two_delegations_is_two_turns(record):
    china, japan = record.turns[4], record.turns[5]

    assert china.text == "The speaker for China said dialogue is needed."
    assert japan.text == "Japan's representative observed that the region is tense."
    assert RELEASE[japan.start : japan.end] == japan.text


def test_roles(record):
    roles = [turn.role for turn in record.turns]

    assert roles[:2] == [Role.SECRETARIAT, Role.BRIEFER]
    assert roles[2] == Role.MEMBER  # a permanent member
    assert roles[4] == Role.MEMBER  # named in the vote's lists
    assert roles[-1] == Role.PRESIDENT  # "speaking in her national capacity"


def test_the_briefers_become_invitations(record):
    assert [(i.rule, i.name) for i in record.meeting.invitations] == [(39, "Izumi Nakamitsu"), (39, "Jonah Leff")]


def test_the_vote_is_read_once_from_headline_and_lede(record):
    [vote] = record.votes

    assert vote.draft == "S/2024/255"
    assert vote.counts == {"in_favour": 13, "against": 1, "abstaining": 1}
    assert (vote.against, vote.abstaining, vote.in_favour) == (["RUS"], ["CHN"], [])
    assert (vote.outcome, vote.vetoed_by) == (Outcome.VETOED, ["RUS"])


def test_a_vote_paragraph_ends_the_turn_before_it():
    text = (
        "9998th Meeting (PM)\n\nCouncil Rejects Amendment\n\n"
        "The Security Council today took action on a draft text concerning the situation in the region, "
        "after a long debate among its members.\n\n"
        "The speaker for the Russian Federation proposed an oral amendment.\n\n"
        "By a vote of three in favour (Algeria, China, Russian Federation) to one against (United States), with "
        "eleven abstentions, the Council rejected the amendment, owing to the failure to obtain the required "
        "number of votes.\n\n"
        "The Council then unanimously adopted resolution 2999 (2024).\n"
    )
    record = parse_press_release(text)

    [russia] = record.turns
    assert russia.text == "The speaker for the Russian Federation proposed an oral amendment."
    amendment, resolution = record.votes
    assert amendment.counts == {"in_favour": 3, "against": 1, "abstaining": 11}
    assert (amendment.in_favour, amendment.against, amendment.outcome) == (
        ["DZA", "CHN", "RUS"],
        ["USA"],
        Outcome.NOT_ADOPTED,
    )
    assert (resolution.outcome, resolution.resolution) == (Outcome.ADOPTED, "2999 (2024)")


def test_a_headline_gives_the_count_the_body_does_not():
    text = (
        "9997th Meeting (AM)\n\nSecurity Council Demands Ceasefire, Adopting Resolution 2998 (2024) with 14 "
        "Members Voting in Favour, United States Abstaining\n\n"
        "The Security Council today adopted a resolution demanding a ceasefire, while many speakers said it "
        "was only a first step.\n\n"
        "The Council then adopted resolution 2998 (2024) by a vote of\n"
    )
    [vote] = parse_press_release(text).votes

    assert (vote.outcome, vote.resolution, vote.abstaining) == (Outcome.ADOPTED, "2998 (2024)", ["USA"])
    assert vote.counts["in_favour"] == 14


def test_read_knows_a_press_release_from_a_record():
    assert read(RELEASE).kind == "press-release"


def test_an_annex_heading_with_brackets_is_no_speaker():
    text = RELEASE.replace(
        "The meeting began at",
        "Annex II\n\nAsset Freeze (Entities)\n\n1. EXAMPLE TRADING CORPORATION\n\nThe meeting began at",
    )

    labels = [turn.label for turn in parse_press_release(text).turns]

    assert "Asset Freeze (Entities)" not in labels
    assert labels[-1] == "the representative of Guyana" or labels[-1].endswith("Guyana")
