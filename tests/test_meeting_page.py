import datetime

import pytest

from statements.models import CouncilSeat, Delegate, Draft, Meeting, Participant, Party, Source, Statement, Vote
from statements.ops.demo import load_demo
from tests.factories import (
    BallotFactory,
    CitationFactory,
    CouncilSeatFactory,
    DelegateFactory,
    DraftFactory,
    MeetingFactory,
    MentionFactory,
    ParticipantFactory,
    RecordCheckFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    VoteFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_meeting():
    load_demo()
    return Meeting.objects.get(press_release="SC/15755")


def test_it_shows_the_meeting_facts_and_says_what_is_not_recorded(client, demo_meeting):
    response = client.get(f"/meetings/{demo_meeting.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Security Council meeting</h1>" in html
    assert "Friday 28 June 2024" in html
    assert "SC/15755" in html
    # The demo has no record symbol, agenda item or place: the page says so rather than invent them.
    assert html.count("Not recorded") >= 3
    assert "<title>Security Council meeting, 28 June 2024 · Diplomatic statements</title>" in html


def test_it_lists_who_requested_the_meeting(client, demo_meeting):
    html = client.get(f"/meetings/{demo_meeting.pk}/").content.decode()
    requested = html.split("Requested by</dt>")[1].split("</dd>")[0]
    for name in ["United States", "France", "United Kingdom", "Japan"]:
        assert name in requested


def test_it_gives_each_participant_its_council_status_on_the_meeting_date(client, demo_meeting):
    response = client.get(f"/meetings/{demo_meeting.pk}/")
    participants = {entry["party"].code: entry["status"] for entry in response.context["participants"]}
    assert participants["RUS"] == "Permanent member"
    assert participants["PRK"] == "Invited non-member"


def test_an_elected_member_is_an_invited_non_member_after_its_term(client):
    seat = CouncilSeatFactory(country=country("JPN"), start=datetime.date(2023, 1, 1), end=datetime.date(2024, 12, 31))
    CouncilSeatFactory(country=country("CHN"), kind="permanent", start=None, end=None)
    during = StatementFactory(party=country("JPN"), meeting__body=seat.body, meeting__date=datetime.date(2024, 3, 1))
    after = StatementFactory(party=country("JPN"), meeting__body=seat.body, meeting__date=datetime.date(2025, 3, 1))

    status_during = client.get(f"/meetings/{during.meeting_id}/").context["participants"][0]["status"]
    status_after = client.get(f"/meetings/{after.meeting_id}/").context["participants"][0]["status"]

    assert status_during == "Elected member"
    assert status_after == "Invited non-member"


def test_it_gives_no_status_when_no_seat_of_the_body_is_recorded_for_that_date(client):
    statement = StatementFactory(party=country("JPN"))

    response = client.get(f"/meetings/{statement.meeting_id}/")

    assert response.context["participants"][0]["status"] == ""
    assert "Not recorded" in response.content.decode()


def test_a_seat_with_an_unknown_start_counts_as_held(client):
    seat = CouncilSeatFactory(country=country("CHN"), kind="permanent", start=None, end=None)
    statement = StatementFactory(party=country("CHN"), meeting__body=seat.body, meeting__date=datetime.date(1990, 1, 5))

    response = client.get(f"/meetings/{statement.meeting_id}/")

    assert response.context["participants"][0]["status"] == "Permanent member"


def test_it_shows_the_statements_in_order_with_quotes_and_paraphrases_told_apart(client, demo_meeting):
    html = client.get(f"/meetings/{demo_meeting.pk}/").content.decode()
    assert html.index("completely false.") < html.index("to spread baseless allegations")
    assert "statement--direct" in html and "statement--paraphrase" in html
    # Told apart in words too, not only by colour.
    assert "Direct quote</p>" in html and "Paraphrase</p>" in html
    assert "“completely false.”" in html


def test_a_statement_links_to_the_statement_it_answers_and_to_its_answers(client, demo_meeting):
    reply = Statement.objects.get(meeting=demo_meeting, text="completely false.")
    html = client.get(f"/meetings/{demo_meeting.pk}/").content.decode()
    assert f'href="/statements/{reply.reply_to_id}/"' in html
    assert "Answered by" in html and "In reply to" in html


def test_each_statement_shows_its_speaker_topics_and_source(client, demo_meeting):
    html = client.get(f"/meetings/{demo_meeting.pk}/").content.decode()
    assert 'Vasily Nebenzya</a> <span class="title-as-written">(in the source: “Russian Ambassador to the UN”)' in html
    assert 'href="/topics/arms-embargo/"' in html
    assert 'Source: <a href="/sources/' in html


def test_it_escapes_user_text(client):
    statement = StatementFactory(text="<script>alert(1)</script>", meeting__summary="<b>bold</b>")
    html = client.get(f"/meetings/{statement.meeting_id}/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_it_answers_404_for_an_unknown_meeting(client):
    assert client.get("/meetings/999999/").status_code == 404


def meeting_with_statements(number):
    meeting = MeetingFactory()
    CouncilSeatFactory(body=meeting.body, country=country("FRA"))
    topic = TopicFactory()
    first = None
    for _ in range(number):
        statement = StatementFactory(meeting=meeting, speaker=DelegateFactory(), reply_to=first)
        statement.topics.add(topic)
        MentionFactory(statement=statement)
        first = first or statement
    return meeting


@pytest.mark.parametrize("number", [3, 30])
def test_it_runs_the_same_queries_for_3_or_30_statements(client, django_assert_num_queries, number):
    meeting = meeting_with_statements(number)
    # 1 meeting with its body, 2 requested_by, 3 briefers, 4 sources,
    # 5 statements (with speaker, party, meeting and body),
    # 6 what lies around them (topics, citations, replies, mentions, joint parties, checks against
    # the record: statements.rows), 7 the statement they reply to, with its speaker and party;
    # 8 council seats on the meeting's date; 9 votes, 10 participants, 11 checked quotes (no
    # ballots without votes).
    with django_assert_num_queries(11):
        response = client.get(f"/meetings/{meeting.pk}/")
    assert response.status_code == 200
    assert len(response.context["statements"]) == number


# The official record: a meeting with its front page, speeches in order, a vetoed vote and a checked quote.

SPEECH_TEXT = (
    "The draft before us today would not bring peace.\n"
    + "We have explained our position many times in this Chamber. " * 12
    + "\nFor these reasons, my delegation voted against the draft."
)


def official_record(speeches=3, votes=1):
    """A meeting as an imported verbatim record leaves it. Returns a dict of what a test reads.

    Russia holds a permanent seat and votes against each draft, which fails: a veto. The first
    speech is Russia's, spoken in Russian; the second the United States', jointly with the United
    Kingdom and France; a news quote of the first differs from its wording.
    """
    meeting = MeetingFactory(
        number=9999,
        record_symbol="S/PV.9999",
        press_release="SC/99999",
        place="New York",
        called_to_order=datetime.time(10, 5),
        adjourned=datetime.time(12, 40),
        agenda_item="The situation in the Middle East",
        president=DelegateFactory(full_name="Pedro Comissário Afonso"),
        presiding_party=country("MOZ"),
    )
    record = SourceFactory(kind="verbatim", symbol="S/PV.9999", title="Verbatim record S/PV.9999", url="")
    meeting.sources.add(record)
    CouncilSeatFactory(body=meeting.body, country=country("RUS"), kind="permanent", start=None, end=None)
    nebenzia = DelegateFactory(full_name="Vasily Nebenzia")
    ParticipantFactory(meeting=meeting, role="member", party=country("RUS"), delegate=nebenzia, name="Mr. Nebenzia")
    ParticipantFactory(meeting=meeting, role="member", party=country("FRA"), name="Mr. de Rivière")
    ParticipantFactory(meeting=meeting, role="invited", party=country("UKR"), name="Mr. Kyslytsya")
    ParticipantFactory(
        meeting=meeting,
        role="briefer",
        party=None,
        name="Ms. Rosemary DiCarlo",
        title="Under-Secretary-General for Political and Peacebuilding Affairs",
    )
    parties = [country("RUS"), country("USA"), country("FRA"), country("CHN"), country("GBR")]
    made = []
    for index in range(speeches):
        party = parties[index % len(parties)]
        speech = StatementFactory(
            meeting=meeting,
            kind=Statement.Kind.SPEECH,
            party=party,
            speaker=nebenzia if index == 0 else DelegateFactory(),
            text=SPEECH_TEXT if index == 0 else f"Speech number {index + 1} of the meeting.",
            label=f"Speaker {index + 1} ({party.display_name})" + (" (spoke in Russian):" if index == 0 else ":"),
            role="member",
            spoken_language="ru" if index == 0 else "en",
            sequence=index + 1,
            cite=False,
        )
        CitationFactory(statement=speech, source=record)
        made.append(speech)
    if speeches > 1:
        made[1].joint_parties.add(country("GBR"), country("FRA"))
    quote = StatementFactory(
        meeting=meeting, party=country("RUS"), speaker=nebenzia, text="this draft will not bring peace", sequence=None
    )
    start = SPEECH_TEXT.index("The draft")
    check = RecordCheckFactory(
        statement=quote,
        speech=made[0],
        result="differs",
        start=start,
        end=start + len("The draft before us today would not bring peace"),
    )
    drafts = []
    for number in range(votes):
        draft = DraftFactory(symbol=f"S/2024/{255 + number}", subject="Ceasefire in the Middle East")
        draft.sponsors.add(country("USA"))
        vote = VoteFactory(
            meeting=meeting, draft=draft, outcome="vetoed", in_favour=12, against=1, abstaining=2, sequence=number + 1
        )
        BallotFactory(vote=vote, party=country("RUS"), choice="against")
        BallotFactory(vote=vote, party=country("FRA"), choice="in-favour")
        BallotFactory(vote=vote, party=country("CHN"), choice="abstention")
        BallotFactory(vote=vote, party=country("GBR"), choice="did-not-vote")
        drafts.append(draft)
    return {"meeting": meeting, "speeches": made, "quote": quote, "check": check, "drafts": drafts}


@pytest.fixture
def record_meeting():
    return official_record()


def test_it_shows_the_record_front_page(client, record_meeting):
    html = client.get(f"/meetings/{record_meeting['meeting'].pk}/").content.decode()
    source = Source.objects.get(symbol="S/PV.9999")
    assert "<dd>9999</dd>" in html
    assert f'<a href="/sources/{source.pk}/">S/PV.9999</a>' in html
    assert "SC/99999" in html
    assert "Called to order at 10:05; adjourned at 12:40" in html
    assert 'Pedro Comissário Afonso</a>, <a href="/countries/MOZ/">Mozambique</a>' in html
    assert "The situation in the Middle East" in html


def test_it_lists_the_members_present_the_invited_states_and_the_briefers(client, record_meeting):
    html = client.get(f"/meetings/{record_meeting['meeting'].pk}/").content.decode()
    present = html.split('id="present-heading"')[1].split("</section>")[0]
    assert "Vasily Nebenzia</a>" in present and "Mr. de Rivière" in present
    assert "Invited under rule 37" in present and "Mr. Kyslytsya" in present
    assert "Briefers under rule 39" in present
    assert "Ms. Rosemary DiCarlo, Under-Secretary-General for Political and Peacebuilding Affairs" in present


def test_it_gives_the_full_order_of_speakers_with_labels_roles_and_permalinks(client, record_meeting):
    html = client.get(f"/meetings/{record_meeting['meeting'].pk}/").content.decode()
    speakers = html.split('id="speakers-heading"')[1].split("</section>")[0]
    first, second, third = record_meeting["speeches"]
    assert speakers.index(first.label) < speakers.index(second.label) < speakers.index(third.label)
    assert f'href="/statements/{first.pk}/" class="permalink"' in speakers
    assert "Council member" in speakers
    # The news quote is not a speech: it is listed apart.
    assert "this draft will not bring peace" not in speakers


def test_an_interpretation_is_labelled_with_the_language_spoken(client, record_meeting):
    html = client.get(f"/meetings/{record_meeting['meeting'].pk}/").content.decode()
    assert html.count("Spoken in Russian; English interpretation") == 1


def test_a_joint_statement_names_the_further_parties(client, record_meeting):
    html = client.get(f"/meetings/{record_meeting['meeting'].pk}/").content.decode()
    assert (
        '<a href="/countries/USA/">United States</a>, jointly with <a href="/countries/GBR/">United Kingdom</a> '
        'and <a href="/countries/FRA/">France</a>'
    ) in html


def test_a_long_speech_shows_its_first_paragraph_and_folds_the_rest(client, record_meeting):
    html = client.get(f"/meetings/{record_meeting['meeting'].pk}/").content.decode()
    opening = html.index("The draft before us today would not bring peace.")
    fold = html.index("<summary>Read the full speech")
    assert opening < fold < html.index("my delegation voted against the draft.")


def test_it_shows_the_votes_as_a_table_of_members_and_ballots_with_the_veto_marked(client, record_meeting):
    html = client.get(f"/meetings/{record_meeting['meeting'].pk}/").content.decode()
    votes = html.split('id="votes-heading"')[1].split("</section>")[0]
    assert '<a href="/drafts/S/2024/255/">S/2024/255</a>' in votes
    assert "Not adopted: negative vote of a permanent member" in votes
    assert "12 in favour, 1 against, 2 abstentions" in votes
    assert '<th scope="row"><a href="/countries/RUS/">Russia</a></th>' in votes
    assert '<span class="ballot ballot--against">Against</span> <strong class="veto">Veto</strong>' in votes
    assert '<span class="ballot ballot--in-favour">In favour</span></td>' in votes
    assert ">Abstention</span>" in votes and ">Did not vote</span>" in votes
    # Only the permanent member's negative vote is a veto.
    assert votes.count('class="veto">Veto<') == 1
    assert 'Vetoed by</dt><dd><a href="/countries/RUS/">Russia</a>' in votes


def test_a_negative_vote_without_a_permanent_seat_is_not_marked_a_veto(client, record_meeting):
    CouncilSeat.objects.all().delete()
    html = client.get(f"/meetings/{record_meeting['meeting'].pk}/").content.decode()
    assert 'class="veto">Veto<' not in html


def test_a_quote_whose_wording_differs_shows_both_wordings(client, record_meeting):
    html = client.get(f"/meetings/{record_meeting['meeting'].pk}/").content.decode()
    checks = html.split('id="checks-heading"')[1].split("</section>")[0]
    assert "Wording differs" in checks
    assert "“this draft will not bring peace”" in checks
    assert "The record:</span> “The draft before us today would not bring peace”" in checks
    assert f'href="#s{record_meeting["speeches"][0].pk}"' in checks


@pytest.mark.parametrize("result", ["matches", "not-found"])
def test_each_check_says_its_verdict_in_words(client, record_meeting, result):
    check = record_meeting["check"]
    check.result = result
    if result == "not-found":
        check.speech, check.start, check.end = None, None, None
    check.save()
    label = {"matches": "Matches the record", "not-found": "Not found in the record"}[result]
    html = client.get(f"/meetings/{record_meeting['meeting'].pk}/").content.decode()
    checks = html.split('id="checks-heading"')[1].split("</section>")[0]
    assert label in checks
    assert "The record:</span>" not in checks


def test_it_escapes_the_record_text(client):
    record = official_record(speeches=1)
    speech = record["speeches"][0]
    speech.label = "<script>alert(1)</script>"
    speech.save()
    Participant.objects.filter(name="Mr. Kyslytsya").update(name="<img src=x onerror=alert(1)>")
    html = client.get(f"/meetings/{record['meeting'].pk}/").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(("speeches", "votes"), [(2, 1), (12, 4)])
def test_the_record_adds_the_same_queries_whatever_the_number_of_speeches_and_votes(
    client, django_assert_num_queries, speeches, votes
):
    meeting = official_record(speeches=speeches, votes=votes)["meeting"]
    # 1 meeting with its body, president and presiding member, 2 requested_by, 3 briefers, 4 sources,
    # 5 statements with their joins; 6 what lies around their cards (statements.rows); 7 council seats
    # on the meeting's date; 8 votes with drafts, 9 their ballots with parties and vetoes, 10 participants,
    # 11 checked quotes.
    with django_assert_num_queries(11):
        response = client.get(f"/meetings/{meeting.pk}/")
    assert response.status_code == 200
    assert len(response.context["speeches"]) == speeches
    assert len(response.context["votes"]) == votes


def hostile_record():
    """The official record of `official_record()` with a RIGHT-TO-LEFT OVERRIDE in every text shown."""
    from tests.test_bidi_isolation import hostile

    record = official_record()
    for code in ["RUS", "USA", "FRA", "GBR", "MOZ"]:
        Party.objects.filter(code=code).update(short_name=hostile(code.title()))
    Delegate.objects.update(full_name=hostile("Eve"))
    Participant.objects.update(name=hostile("Mr. Eve"), title=hostile("Envoy"))
    Statement.objects.filter(kind="speech").update(label=hostile("Speaker"))
    Statement.objects.filter(pk=record["quote"].pk).update(text=hostile("We said"))
    Draft.objects.update(subject=hostile("Ceasefire"))
    Vote.objects.update(outcome_sentence=hostile("The draft failed"))
    Meeting.objects.update(title=hostile("Debate"), agenda_item=hostile("Item"), place=hostile("Geneva"))
    return record


def test_every_name_of_the_record_is_isolated(client):
    from tests.test_bidi_isolation import check

    record = hostile_record()
    check(client.get(f"/meetings/{record['meeting'].pk}/"))
    check(client.get(f"/statements/{record['speeches'][0].pk}/"))
    check(client.get(f"/statements/{record['quote'].pk}/"))
