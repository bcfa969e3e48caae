"""GET /api/v1/drafts/ and /api/v1/drafts/<symbol>/: draft resolutions with their sponsors and votes."""

import csv
import datetime
import io

import pytest

from statements.models import Ballot, CouncilSeat, Vote
from tests.factories import (
    BallotFactory,
    BodyFactory,
    CouncilSeatFactory,
    DraftFactory,
    MeetingFactory,
    VoteFactory,
    country,
)

pytestmark = pytest.mark.django_db


def symbols(response):
    assert response.status_code == 200, response.content
    return [item["symbol"] for item in response.json()["results"]]


@pytest.fixture
def drafts():
    """S/2024/239, vetoed in March and put again in June; S/2024/439, adopted in May; one never voted on."""
    council = BodyFactory()
    CouncilSeatFactory(country=country("RUS"), body=council, kind=CouncilSeat.Kind.PERMANENT, start=None, end=None)
    march = MeetingFactory(body=council, date=datetime.date(2024, 3, 22), number=9584, record_symbol="S/PV.9584")
    may = MeetingFactory(body=council, date=datetime.date(2024, 5, 2), number=9620)
    june = MeetingFactory(body=council, date=datetime.date(2024, 6, 10), number=9650)
    vetoed = DraftFactory(symbol="S/2024/239", subject="Ceasefire")
    vetoed.sponsors.add(country("USA"), country("FRA"))
    first = VoteFactory(meeting=march, draft=vetoed, sequence=1, outcome=Vote.Outcome.VETOED, in_favour=11, against=3)
    BallotFactory(vote=first, party=country("RUS"), choice=Ballot.Choice.AGAINST)
    BallotFactory(vote=first, party=country("DZA"), choice=Ballot.Choice.AGAINST)
    again = VoteFactory(meeting=june, draft=vetoed, sequence=1, outcome=Vote.Outcome.NOT_ADOPTED)
    BallotFactory(vote=again, party=country("RUS"), choice=Ballot.Choice.IN_FAVOUR)
    adopted = DraftFactory(symbol="S/2024/439")
    VoteFactory(meeting=may, draft=adopted, sequence=1, outcome=Vote.Outcome.ADOPTED, resolution="2730 (2024)")
    unvoted = DraftFactory(symbol="S/2024/999")
    return {"vetoed": vetoed, "adopted": adopted, "unvoted": unvoted, "first": first, "again": again, "march": march}


def test_it_lists_drafts_most_recently_voted_on_first(api_client, drafts):
    response = api_client.get("/api/v1/drafts/")
    assert symbols(response) == ["S/2024/239", "S/2024/439", "S/2024/999"]


def test_a_draft_is_found_by_its_symbol_with_its_slashes(api_client, drafts):
    response = api_client.get("/api/v1/drafts/S/2024/239/")
    assert response.status_code == 200, response.content
    item = response.json()
    assert item["symbol"] == "S/2024/239"
    assert item["url"] == "http://testserver/api/v1/drafts/S/2024/239/"
    assert item["web_url"] == "http://testserver/drafts/S/2024/239/"
    assert item["subject"] == "Ceasefire"
    assert [party["code"] for party in item["sponsors"]] == ["FRA", "USA"]


def test_a_draft_lists_its_votes_in_date_order_with_their_meetings_and_vetoes(api_client, drafts):
    item = api_client.get("/api/v1/drafts/S/2024/239/").json()
    first, again = item["votes"]
    march = drafts["march"]
    assert first["id"] == drafts["first"].pk
    assert first["url"] == f"http://testserver/api/v1/votes/{drafts['first'].pk}/"
    assert first["meeting"] == {
        "id": march.pk,
        "url": f"http://testserver/api/v1/meetings/{march.pk}/",
        "web_url": f"http://testserver/meetings/{march.pk}/",
        "date": "2024-03-22",
        "number": 9584,
        "record_symbol": "S/PV.9584",
    }
    assert first["outcome"] == "vetoed"
    assert first["counts"] == {"in_favour": 11, "against": 3, "abstaining": None}
    assert first["vetoed_by"] == ["RUS"]
    assert again["id"] == drafts["again"].pk
    assert again["vetoed_by"] == []


def test_a_drafts_symbol_is_found_in_any_case(api_client, drafts):
    assert api_client.get("/api/v1/drafts/s/2024/439/").json()["symbol"] == "S/2024/439"


def test_a_revised_drafts_symbol_with_a_dot_is_found(api_client, drafts):
    DraftFactory(symbol="S/2024/239/Rev.1")
    assert api_client.get("/api/v1/drafts/S/2024/239/Rev.1/").json()["symbol"] == "S/2024/239/Rev.1"


def test_an_unknown_draft_is_a_404_naming_it(api_client, drafts):
    response = api_client.get("/api/v1/drafts/S/2099/1/")
    assert response.status_code == 404
    assert "S/2099/1" in response.json()["detail"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("symbol=s/2024/439", ["S/2024/439"]),
        ("sponsor=usa", ["S/2024/239"]),
        ("country=DZA", ["S/2024/239"]),
    ],
)
def test_it_filters_drafts(api_client, drafts, query, expected):
    assert symbols(api_client.get(f"/api/v1/drafts/?{query}")) == expected


@pytest.mark.parametrize("query", ["sponsor=XXZ", "country=XXZ"])
def test_it_rejects_an_unknown_party_naming_the_filter(api_client, drafts, query):
    response = api_client.get(f"/api/v1/drafts/?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [query.split("=")[0]]


def test_a_draft_with_two_votes_by_the_filtered_country_appears_once(api_client, drafts):
    assert symbols(api_client.get("/api/v1/drafts/?country=RUS")) == ["S/2024/239"]


@pytest.mark.parametrize("page_size", [1, 20])
def test_the_draft_list_takes_a_fixed_number_of_queries(api_client, drafts, django_assert_num_queries, page_size):
    for _ in range(20):
        draft = DraftFactory()
        draft.sponsors.add(country("FRA"))
        vote = VoteFactory(meeting=drafts["march"], draft=draft, outcome=Vote.Outcome.VETOED)
        BallotFactory(vote=vote, party=country("RUS"), choice=Ballot.Choice.AGAINST)
    # count, page, sponsors, votes with meetings, vetoes with parties
    with django_assert_num_queries(5):
        response = api_client.get(f"/api/v1/drafts/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


def test_the_draft_export_has_the_sponsors_and_the_page(api_client, drafts):
    response = api_client.get("/api/v1/drafts/?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert list(rows[0]) == ["symbol", "subject", "sponsors", "web_url"]
    assert rows[0] == {
        "symbol": "S/2024/239",
        "subject": "Ceasefire",
        "sponsors": "FRA;USA",
        "web_url": "http://testserver/drafts/S/2024/239/",
    }
