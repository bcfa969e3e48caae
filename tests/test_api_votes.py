"""GET /api/v1/votes/ and /api/v1/votes/<id>/: each vote with its ballots and vetoes, filters and export."""

import csv
import datetime
import io
import json

import pytest

from statements.models import Ballot, CouncilSeat, Vote
from tests.factories import (
    BallotFactory,
    BodyFactory,
    CouncilSeatFactory,
    DraftFactory,
    MeetingFactory,
    SourceFactory,
    VoteFactory,
    country,
)

pytestmark = pytest.mark.django_db

IN_FAVOUR, AGAINST, ABSTENTION, DID_NOT_VOTE = (
    Ballot.Choice.IN_FAVOUR,
    Ballot.Choice.AGAINST,
    Ballot.Choice.ABSTENTION,
    Ballot.Choice.DID_NOT_VOTE,
)


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def cast(vote, **choices):
    """Ballots for `vote`: cast(vote, USA="in-favour", RUS="against")."""
    for code, choice in choices.items():
        BallotFactory(vote=vote, party=country(code), choice=choice)


@pytest.fixture
def votes():
    """A vetoed draft in March, an adopted one in June (two votes at one meeting), a procedural vote."""
    council = BodyFactory()
    for code in ("CHN", "FRA", "GBR", "RUS", "USA"):
        CouncilSeatFactory(country=country(code), body=council, kind=CouncilSeat.Kind.PERMANENT, start=None, end=None)
    march = MeetingFactory(body=council, date=datetime.date(2024, 3, 22), number=9584, record_symbol="S/PV.9584")
    june = MeetingFactory(body=council, date=datetime.date(2024, 6, 10), number=9650, record_symbol="S/PV.9650")
    record = SourceFactory(kind="verbatim", symbol="S/PV.9584", title="Security Council, 9584th meeting", url="")
    vetoed = VoteFactory(
        meeting=march,
        draft=DraftFactory(symbol="S/2024/239"),
        sequence=1,
        outcome=Vote.Outcome.VETOED,
        in_favour=11,
        against=3,
        abstaining=1,
        outcome_sentence="The draft resolution has not been adopted, owing to the negative vote of a permanent member.",
        source=record,
    )
    cast(vetoed, USA=IN_FAVOUR, FRA=IN_FAVOUR, RUS=AGAINST, CHN=AGAINST, DZA=AGAINST, GUY=ABSTENTION)
    adopted = VoteFactory(
        meeting=june,
        draft=DraftFactory(symbol="S/2024/439"),
        sequence=1,
        outcome=Vote.Outcome.ADOPTED,
        resolution="2735 (2024)",
        in_favour=14,
        against=0,
        abstaining=1,
    )
    cast(adopted, USA=IN_FAVOUR, FRA=IN_FAVOUR, CHN=IN_FAVOUR, DZA=IN_FAVOUR, RUS=ABSTENTION, GUY=DID_NOT_VOTE)
    procedural = VoteFactory(meeting=june, draft=None, sequence=2, outcome=Vote.Outcome.NOT_ADOPTED)
    cast(procedural, USA=AGAINST, RUS=IN_FAVOUR)
    return {"vetoed": vetoed, "adopted": adopted, "procedural": procedural, "march": march, "june": june}


def test_it_lists_votes_newest_meeting_first_then_in_the_order_taken(api_client, votes):
    response = api_client.get("/api/v1/votes/")
    assert ids(response) == [votes["adopted"].pk, votes["procedural"].pk, votes["vetoed"].pk]
    assert response.json()["count"] == 3


def test_a_vote_has_its_meeting_draft_counts_ballots_vetoes_and_source(api_client, votes):
    vote = votes["vetoed"]
    item = api_client.get(f"/api/v1/votes/{vote.pk}/").json()
    assert item["url"] == f"http://testserver/api/v1/votes/{vote.pk}/"
    assert item["web_url"] == "http://testserver/drafts/S/2024/239/"
    assert item["meeting"] == {
        "id": votes["march"].pk,
        "url": f"http://testserver/api/v1/meetings/{votes['march'].pk}/",
        "web_url": f"http://testserver/meetings/{votes['march'].pk}/",
        "date": "2024-03-22",
        "number": 9584,
        "record_symbol": "S/PV.9584",
    }
    assert item["draft"] == "S/2024/239"
    assert item["draft_url"] == "http://testserver/api/v1/drafts/S/2024/239/"
    assert item["outcome"] == "vetoed"
    assert item["resolution"] == ""
    assert item["outcome_sentence"].startswith("The draft resolution has not been adopted")
    assert item["counts"] == {"in_favour": 11, "against": 3, "abstaining": 1}
    assert {ballot["code"]: ballot["choice"] for ballot in item["ballots"]} == {
        "USA": "in-favour", "FRA": "in-favour", "RUS": "against", "CHN": "against", "DZA": "against",
        "GUY": "abstention",
    }  # fmt: skip
    assert item["ballots"][0] == {"code": "DZA", "name": country("DZA").display_name, "choice": "against"}
    # Algeria voted against too, but holds no permanent seat.
    assert item["vetoed_by"] == ["CHN", "RUS"]
    assert item["source"]["symbol"] == "S/PV.9584"
    assert item["source"]["kind"] == "verbatim"
    assert item["source"]["link"] == ""


def test_a_procedural_vote_has_no_draft_and_links_to_its_meeting(api_client, votes):
    item = api_client.get(f"/api/v1/votes/{votes['procedural'].pk}/").json()
    assert item["draft"] is None
    assert item["draft_url"] is None
    assert item["web_url"] == f"http://testserver/meetings/{votes['june'].pk}/"
    assert item["vetoed_by"] == []
    assert item["source"] is None
    assert item["counts"] == {"in_favour": None, "against": None, "abstaining": None}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=DZA", ["adopted", "vetoed"]),
        ("country=dza&ballot=against", ["vetoed"]),
        ("country=USA&ballot=against", ["procedural"]),
        ("country=RUS,USA&ballot=in-favour", ["adopted", "procedural", "vetoed"]),
        ("country=GUY&ballot=did-not-vote", ["adopted"]),
        ("outcome=adopted", ["adopted"]),
        ("outcome=not-adopted", ["procedural"]),
        ("vetoed=true", ["vetoed"]),
        ("vetoed=false", ["adopted", "procedural"]),
        ("date_from=2024-06-01", ["adopted", "procedural"]),
        ("date_to=2024-03-31", ["vetoed"]),
        ("draft=S/2024/439", ["adopted"]),
        ("draft=s/2024/239", ["vetoed"]),
    ],
)
def test_it_filters_votes(api_client, votes, query, expected):
    assert ids(api_client.get(f"/api/v1/votes/?{query}")) == [votes[name].pk for name in expected]


def test_it_filters_votes_by_meeting(api_client, votes):
    june = votes["june"].pk
    assert ids(api_client.get(f"/api/v1/votes/?meeting={june}")) == [votes["adopted"].pk, votes["procedural"].pk]


def test_a_vote_in_which_two_filtered_countries_voted_appears_once(api_client, votes):
    both = [votes["adopted"].pk, votes["procedural"].pk, votes["vetoed"].pk]
    assert ids(api_client.get("/api/v1/votes/?country=USA,FRA")) == both


def test_it_refuses_a_ballot_without_a_country_saying_why(api_client, votes):
    response = api_client.get("/api/v1/votes/?ballot=against")
    assert response.status_code == 400
    assert "country" in response.json()["errors"]["ballot"][0]


@pytest.mark.parametrize(
    "query",
    [
        "country=XXZ",
        "ballot=maybe",
        "outcome=won",
        "vetoed=perhaps",
        "date_from=22/03/2024",
        "date_to=June",
        "meeting=abc",
        "draft=S/2099/1",
    ],
)
def test_it_rejects_a_bad_vote_filter_naming_it(api_client, votes, query):
    name = query.split("=")[0]
    response = api_client.get(f"/api/v1/votes/?{query}&country=USA" if name == "ballot" else f"/api/v1/votes/?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [name]


def test_an_unknown_country_with_a_ballot_is_named_once(api_client, votes):
    response = api_client.get("/api/v1/votes/?country=XXZ&ballot=against")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["country"]
    assert "XXZ" in response.json()["errors"]["country"][0]


def test_an_unknown_draft_is_named_in_the_message(api_client, votes):
    response = api_client.get("/api/v1/votes/?draft=S/2099/1")
    assert "S/2099/1" in response.json()["errors"]["draft"][0]


@pytest.mark.parametrize("page_size", [1, 20])
def test_the_vote_list_takes_a_fixed_number_of_queries(api_client, votes, django_assert_num_queries, page_size):
    for _ in range(20):
        vote = VoteFactory(meeting=votes["march"], outcome=Vote.Outcome.VETOED)
        cast(vote, USA=IN_FAVOUR, RUS=AGAINST, DZA=ABSTENTION)
    # count, page (meeting, draft, source joined), ballots with parties, vetoes with parties (no
    # data version: the response cache asks for it from a URL's third request on)
    with django_assert_num_queries(4):
        response = api_client.get(f"/api/v1/votes/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


def test_it_answers_404_for_an_unknown_vote_and_400_for_a_non_numeric_id(api_client, votes):
    assert api_client.get("/api/v1/votes/987654/").status_code == 404
    response = api_client.get("/api/v1/votes/abc/")
    assert response.status_code == 400
    assert "id" in response.json()["errors"]


def test_votes_are_read_only(editor_client, administrator_client, votes):
    assert editor_client.post("/api/v1/votes/", {}, format="json").status_code == 405
    assert administrator_client.delete(f"/api/v1/votes/{votes['adopted'].pk}/").status_code == 405


# Export.


def content(response):
    return b"".join(response.streaming_content).decode()


def test_the_csv_export_has_one_row_per_vote_with_the_members_of_each_choice(api_client, votes):
    response = api_client.get("/api/v1/votes/?format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="votes.csv"'
    rows = list(csv.DictReader(io.StringIO(content(response))))
    assert list(rows[0]) == [
        "id", "date", "meeting_id", "meeting_number", "record_symbol", "draft", "outcome", "resolution",
        "in_favour", "against", "abstaining", "in_favour_codes", "against_codes", "abstaining_codes",
        "did_not_vote_codes", "vetoed_by",
    ]  # fmt: skip
    assert [row["id"] for row in rows] == [str(votes[name].pk) for name in ("adopted", "procedural", "vetoed")]
    vetoed = rows[2]
    assert vetoed["date"] == "2024-03-22"
    assert vetoed["meeting_number"] == "9584"
    assert vetoed["record_symbol"] == "S/PV.9584"
    assert vetoed["draft"] == "S/2024/239"
    assert (vetoed["in_favour"], vetoed["against"], vetoed["abstaining"]) == ("11", "3", "1")
    assert vetoed["in_favour_codes"] == "FRA;USA"
    assert vetoed["against_codes"] == "CHN;DZA;RUS"
    assert vetoed["abstaining_codes"] == "GUY"
    assert vetoed["did_not_vote_codes"] == ""
    assert vetoed["vetoed_by"] == "CHN;RUS"
    adopted = rows[0]
    assert adopted["resolution"] == "2735 (2024)"
    assert adopted["did_not_vote_codes"] == "GUY"
    assert rows[1]["draft"] == ""


def test_the_jsonl_export_gives_the_codes_as_lists(api_client, votes):
    response = api_client.get("/api/v1/votes/?format=jsonl&vetoed=true")
    lines = [json.loads(line) for line in content(response).splitlines()]
    assert len(lines) == 1
    assert lines[0]["against_codes"] == ["CHN", "DZA", "RUS"]
    assert lines[0]["vetoed_by"] == ["CHN", "RUS"]
    assert lines[0]["in_favour"] == 11


def test_the_vote_export_follows_the_filters(api_client, votes):
    rows = list(csv.DictReader(io.StringIO(content(api_client.get("/api/v1/votes/?format=csv&country=GUY")))))
    assert [row["id"] for row in rows] == [str(votes["adopted"].pk), str(votes["vetoed"].pk)]


def test_the_vote_export_runs_a_fixed_number_of_queries(api_client, votes, django_assert_num_queries):
    # one query: the rows, with each choice's codes and the vetoes joined by correlated subqueries
    # (on PostgreSQL a COPY of it)
    with django_assert_num_queries(1):
        content(api_client.get("/api/v1/votes/?format=csv"))


def test_a_cached_vote_list_shows_a_corrected_ballot_at_once(api_client, votes):
    url = f"/api/v1/votes/{votes['vetoed'].pk}/"
    assert api_client.get("/api/v1/votes/?country=GUY&ballot=abstention").json()["count"] == 1
    ballot = Ballot.objects.get(vote=votes["vetoed"], party__code="GUY")
    ballot.choice = IN_FAVOUR
    ballot.save()
    response = api_client.get("/api/v1/votes/?country=GUY&ballot=abstention")
    assert response["X-Cache"] == "miss"
    assert response.json()["count"] == 0
    assert api_client.get(url).status_code == 200
