"""GET /api/v1/mentions/, /api/v1/citations/ and /api/v1/ballots/: the links as tables of their own,
as JSON pages and as files with the same columns."""

import csv
import datetime
import io
import json

import pytest

from statements.models import Ballot, Mention, Vote
from tests.factories import (
    BallotFactory,
    BodyFactory,
    CitationFactory,
    CouncilSeatFactory,
    MeetingFactory,
    MentionFactory,
    SourceFactory,
    StatementFactory,
    VoteFactory,
    country,
)

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def csv_rows(response):
    assert response.status_code == 200, response.content
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def network():
    """The United States accuse Russia and call on Ukraine; France supports Ukraine a year earlier."""
    accusing = StatementFactory(party=country("USA"), date=datetime.date(2024, 3, 1), cite=False)
    MentionFactory(statement=accusing, party=country("RUS"), relation=Mention.Relation.ACCUSES)
    MentionFactory(statement=accusing, party=country("UKR"), relation=Mention.Relation.CALLS_ON)
    supporting = StatementFactory(party=country("FRA"), date=datetime.date(2023, 3, 1), cite=False)
    MentionFactory(statement=supporting, party=country("UKR"), relation=Mention.Relation.SUPPORTS)
    return accusing, supporting


def edges(items):
    return [(item["party_code"], item["relation"], item["mentioned_code"]) for item in items]


def test_it_lists_one_row_per_mention_newest_statement_first(api_client, network):
    accusing, supporting = network
    items = results(api_client.get("/api/v1/mentions/"))
    assert edges(items) == [("USA", "accuses", "RUS"), ("USA", "calls-on", "UKR"), ("FRA", "supports", "UKR")]
    first = items[0]
    assert first["statement_id"] == accusing.pk
    assert first["date"] == "2024-03-01"
    assert first["party_name"] == "United States"
    assert first["mentioned_name"] == country("RUS").display_name
    assert first["web_url"] == f"http://testserver/statements/{accusing.pk}/"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=USA", [("USA", "accuses", "RUS"), ("USA", "calls-on", "UKR")]),
        ("mentions=ukr", [("USA", "calls-on", "UKR"), ("FRA", "supports", "UKR")]),
        ("relation=accuses", [("USA", "accuses", "RUS")]),
        ("mentions=UKR&relation=supports", [("FRA", "supports", "UKR")]),
        ("date_to=2023-12-31", [("FRA", "supports", "UKR")]),
        ("date_from=2024-01-01&mentions=RUS", [("USA", "accuses", "RUS")]),
    ],
)
def test_the_filters_choose_the_mentions_themselves(api_client, network, query, expected):
    assert edges(results(api_client.get(f"/api/v1/mentions/?{query}"))) == expected


def test_the_mentions_of_one_statement(api_client, network):
    accusing, _ = network
    items = results(api_client.get(f"/api/v1/mentions/?statement={accusing.pk}"))
    assert edges(items) == [("USA", "accuses", "RUS"), ("USA", "calls-on", "UKR")]


@pytest.mark.parametrize(
    "path, name, message",
    [
        ("/api/v1/mentions/?relation=praises", "relation", "not one of the available choices"),
        ("/api/v1/mentions/?mentions=XXX", "mentions", "XXX"),
        ("/api/v1/mentions/?date_from=1/2/2024", "date_from", "valid date"),
        ("/api/v1/mentions/?party=RUS", "party", "Unknown parameter"),
        ("/api/v1/citations/?source=abc", "source", "whole number"),
        ("/api/v1/ballots/?choice=yes", "choice", "not one of the available choices"),
        ("/api/v1/ballots/?draft=S/1999/1", "draft", "S/1999/1"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api_client, network, path, name, message):
    response = api_client.get(path)
    assert response.status_code == 400
    assert message in response.json()["errors"][name][0]


def test_the_mention_export_has_the_json_columns(api_client, network):
    items = results(api_client.get("/api/v1/mentions/"))
    rows = csv_rows(api_client.get("/api/v1/mentions/?format=csv"))
    assert list(rows[0]) == list(items[0])
    assert [row["mentioned_code"] for row in rows] == [item["mentioned_code"] for item in items]
    lines = b"".join(api_client.get("/api/v1/mentions/?format=jsonl").streaming_content).decode().splitlines()
    assert [json.loads(line) for line in lines] == items


def test_the_mention_list_takes_a_fixed_number_of_queries(api_client, network, django_assert_num_queries):
    for code in ["CHN", "GBR", "DZA", "JPN", "KOR"]:
        MentionFactory(party=country(code))
    # count, page with statements, parties and bodies joined
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/mentions/?page_size=50")
    assert len(response.json()["results"]) == 8


@pytest.fixture
def cited():
    statement = StatementFactory(date=datetime.date(2024, 6, 28), cite=False)
    report = SourceFactory(url="https://news.example.org/report")
    record = SourceFactory(kind="record", url="")
    CitationFactory(statement=statement, source=report, start=120, end=180)
    CitationFactory(statement=statement, source=record)
    return statement, report, record


def test_it_lists_one_row_per_citation_with_its_offsets(api_client, cited):
    statement, report, record = cited
    items = results(api_client.get("/api/v1/citations/"))
    assert [(item["statement_id"], item["source_id"], item["start"], item["end"]) for item in items] == [
        (statement.pk, report.pk, 120, 180),
        (statement.pk, record.pk, None, None),
    ]
    assert items[0]["source_link"] == "https://news.example.org/report"
    assert items[0]["date"] == "2024-06-28"


def test_citations_are_filtered_by_source_and_kind(api_client, cited):
    _, report, record = cited
    assert [item["source_id"] for item in results(api_client.get(f"/api/v1/citations/?source={record.pk}"))] == [
        record.pk
    ]
    assert [item["source_id"] for item in results(api_client.get("/api/v1/citations/?source_kind=news"))] == [
        report.pk
    ]


def test_the_citation_export_keeps_an_unknown_offset_empty(api_client, cited):
    rows = csv_rows(api_client.get("/api/v1/citations/?format=csv"))
    assert [(row["start"], row["end"]) for row in rows] == [("120", "180"), ("", "")]


def test_the_citation_list_takes_a_fixed_number_of_queries(api_client, cited, django_assert_num_queries):
    for _ in range(5):
        CitationFactory()
    # count, page with statements and sources joined
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/citations/")
    assert len(response.json()["results"]) == 7


@pytest.fixture
def votes():
    """Two votes at one meeting and one a year earlier, with three members' ballots each."""
    meeting = MeetingFactory(date=datetime.date(2024, 6, 28))
    earlier = MeetingFactory(date=datetime.date(2023, 6, 28))
    first = VoteFactory(meeting=meeting, sequence=1, outcome=Vote.Outcome.VETOED)
    second = VoteFactory(meeting=meeting, sequence=2)
    old = VoteFactory(meeting=earlier, sequence=1)
    choices = {
        first: ("against", "in-favour", "abstention"),
        second: ("in-favour", "in-favour", "in-favour"),
        old: ("did-not-vote", "in-favour", "against"),
    }
    for vote, (russia, france, china) in choices.items():
        BallotFactory(vote=vote, party=country("RUS"), choice=russia)
        BallotFactory(vote=vote, party=country("FRA"), choice=france)
        BallotFactory(vote=vote, party=country("CHN"), choice=china)
    return first, second, old


def test_it_lists_one_row_per_member_and_vote(api_client, votes):
    first, second, old = votes
    items = results(api_client.get("/api/v1/ballots/"))
    assert [(item["vote_id"], item["party_code"], item["choice"]) for item in items] == [
        (first.pk, "CHN", "abstention"),
        (first.pk, "FRA", "in-favour"),
        (first.pk, "RUS", "against"),
        (second.pk, "CHN", "in-favour"),
        (second.pk, "FRA", "in-favour"),
        (second.pk, "RUS", "in-favour"),
        (old.pk, "CHN", "against"),
        (old.pk, "FRA", "in-favour"),
        (old.pk, "RUS", "did-not-vote"),
    ]
    assert items[0]["outcome"] == "vetoed"
    assert items[0]["draft"] == first.draft.symbol
    assert items[0]["date"] == "2024-06-28"


def test_the_ballots_make_a_panel_of_members_by_votes(api_client, votes):
    """The use the table is for: a member-by-vote matrix from the file alone."""
    first, second, old = votes
    panel = {}
    for row in csv_rows(api_client.get("/api/v1/ballots/?format=csv")):
        panel.setdefault(row["party_code"], {})[int(row["vote_id"])] = row["choice"]
    assert panel["RUS"] == {first.pk: "against", second.pk: "in-favour", old.pk: "did-not-vote"}
    assert len(panel) == 3 and all(len(choices) == 3 for choices in panel.values())


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=RUS", ["against", "in-favour", "did-not-vote"]),
        ("country=RUS&outcome=vetoed", ["against"]),
        ("country=CHN&date_to=2023-12-31", ["against"]),
        ("choice=did-not-vote", ["did-not-vote"]),
    ],
)
def test_ballots_are_filtered(api_client, votes, query, expected):
    assert [item["choice"] for item in results(api_client.get(f"/api/v1/ballots/?{query}"))] == expected


def test_the_ballots_of_one_draft(api_client, votes):
    first, _, _ = votes
    items = results(api_client.get(f"/api/v1/ballots/?draft={first.draft.symbol.lower()}"))
    assert {item["vote_id"] for item in items} == {first.pk}


def test_the_ballot_list_takes_a_fixed_number_of_queries(api_client, votes, django_assert_num_queries):
    # count, page with votes, meetings, drafts and parties joined
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/ballots/")
    assert len(response.json()["results"]) == Ballot.objects.count()


def test_the_seat_export_names_the_country_as_the_json_does(api_client):
    CouncilSeatFactory(country=country("GBR"), body=BodyFactory(), start=datetime.date(1945, 10, 24))
    item = results(api_client.get("/api/v1/seats/"))[0]
    row = csv_rows(api_client.get("/api/v1/seats/?format=csv"))[0]
    assert (row["country_code"], row["country_name"]) == (item["country"]["code"], item["country"]["name"])


def test_the_tables_are_in_the_schema_with_their_columns(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    for path, component in [
        ("/api/v1/mentions/", "MentionRow"),
        ("/api/v1/citations/", "CitationRow"),
        ("/api/v1/ballots/", "BallotRow"),
    ]:
        assert path in schema["paths"]
        properties = schema["components"]["schemas"][component]["properties"]
        assert "date" in properties and properties["date"]["format"] == "date"
    assert schema["components"]["schemas"]["CitationRow"]["properties"]["start"]["type"] == "integer"
