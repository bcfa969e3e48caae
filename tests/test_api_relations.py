"""GET /api/v1/relations/: who treats whom how, as edges with counts and dates."""

import datetime

import pytest

from statements.models import Mention
from tests.factories import MentionFactory, StatementFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    for day, speaker in [(1, "USA"), (5, "USA"), (9, "FRA")]:
        statement = StatementFactory(party=country(speaker), date=datetime.date(2024, 3, day), meeting=None)
        MentionFactory(statement=statement, party=country("RUS"), relation=Mention.Relation.ACCUSES)
    defence = StatementFactory(party=country("RUS"), date=datetime.date(2024, 4, 2), meeting=None)
    MentionFactory(statement=defence, party=country("PRK"), relation=Mention.Relation.DEFENDS)


def test_it_lists_edges_with_counts_and_first_and_last_dates_biggest_first(api_client, network):
    body = api_client.get("/api/v1/relations/").json()
    assert body["count"] == 3
    first = body["results"][0]
    assert first == {
        "source": {"code": "USA", "name": country("USA").display_name},
        "target": {"code": "RUS", "name": country("RUS").display_name},
        "relation": "accuses",
        "statements": 2,
        "first_date": "2024-03-01",
        "last_date": "2024-03-05",
    }


def test_it_takes_the_statement_filters(api_client, network):
    body = api_client.get("/api/v1/relations/?country=RUS").json()
    assert [(edge["source"]["code"], edge["relation"], edge["target"]["code"]) for edge in body["results"]] == [
        ("RUS", "defends", "PRK")
    ]
    assert api_client.get("/api/v1/relations/?relation=accuses&date_from=2024-03-06").json()["count"] == 1


def test_it_pages_edges(api_client, network):
    body = api_client.get("/api/v1/relations/?page_size=2&page=2").json()
    assert body["count"] == 3
    assert len(body["results"]) == 1
    assert body["next"] is None
    assert api_client.get("/api/v1/relations/?page=3&page_size=2").status_code == 404
    assert api_client.get("/api/v1/relations/?country=CHN").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_it_rejects_bad_filters(api_client, network):
    response = api_client.get("/api/v1/relations/?country=ZZZ")
    assert response.status_code == 400
    assert "country" in response.json()["errors"]


def test_it_exports_every_edge_as_csv(api_client, network):
    response = api_client.get("/api/v1/relations/?format=csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "source_code,source_name,relation,target_code,target_name,statements,first_date,last_date"
    assert len(lines) == 4


def test_it_runs_a_fixed_number_of_queries(api_client, network, django_assert_num_queries):
    # the edges of joint statements (none), the page of edges, each row
    # carrying the total count
    with django_assert_num_queries(2):
        api_client.get("/api/v1/relations/")


def test_a_joint_statement_is_an_edge_of_each_of_its_parties(api_client):
    usa, gbr, rus = country("USA"), country("GBR"), country("RUS")
    joint = StatementFactory(party=usa, date=datetime.date(2024, 6, 28), meeting=None)
    joint.joint_parties.set([gbr])
    MentionFactory(statement=joint, party=rus, relation="accuses")
    own = StatementFactory(party=usa, date=datetime.date(2024, 3, 1), meeting=None)
    MentionFactory(statement=own, party=rus, relation="accuses")

    edges = api_client.get("/api/v1/relations/").json()["results"]
    by_gbr = api_client.get("/api/v1/relations/?country=GBR").json()["results"]
    csv = api_client.get("/api/v1/relations/?format=csv").content.decode().splitlines()

    assert [(e["source"]["code"], e["target"]["code"], e["statements"], e["first_date"]) for e in edges] == [
        ("USA", "RUS", 2, "2024-03-01"),
        ("GBR", "RUS", 1, "2024-06-28"),
    ]
    assert [(e["source"]["code"], e["statements"]) for e in by_gbr] == [("GBR", 1)]
    assert len(csv) == 3
    # Paged like the others, with the count of every edge.
    page = api_client.get("/api/v1/relations/?page_size=1&page=2").json()
    assert (page["count"], page["results"][0]["source"]["code"]) == (2, "GBR")


# The filters choose edges: `country` the source, `mentions` the target, `relation` the relation.


@pytest.fixture
def crowded_network():
    """Statements that each mention several parties in several ways, so that a filter on one
    mention of a statement would bring in its others."""
    said = [
        ("USA", 1, [("RUS", "accuses"), ("PRK", "accuses"), ("CHN", "criticises")]),
        ("USA", 5, [("RUS", "accuses"), ("RUS", "criticises")]),
        ("FRA", 9, [("RUS", "criticises"), ("PRK", "accuses")]),
        ("RUS", 12, [("USA", "accuses"), ("PRK", "defends")]),
        ("CHN", 15, [("PRK", "defends"), ("USA", "criticises")]),
    ]
    for speaker, day, mentions in said:
        statement = StatementFactory(party=country(speaker), date=datetime.date(2024, 3, day), meeting=None)
        for target, relation in mentions:
            MentionFactory(statement=statement, party=country(target), relation=relation)


def edges(api_client, query):
    """(source, relation, target, statements, first date, last date) of every edge, in the API's order."""
    body = api_client.get(f"/api/v1/relations/?{query}&page_size=500").json()
    rows = [
        (e["source"]["code"], e["relation"], e["target"]["code"], e["statements"], e["first_date"], e["last_date"])
        for e in body["results"]
    ]
    assert body["count"] == len(rows)
    return rows


# Most statements first, then by source, target and relation.
ALL_EDGES = [
    ("USA", "accuses", "RUS", 2, "2024-03-01", "2024-03-05"),
    ("CHN", "defends", "PRK", 1, "2024-03-15", "2024-03-15"),
    ("CHN", "criticises", "USA", 1, "2024-03-15", "2024-03-15"),
    ("FRA", "accuses", "PRK", 1, "2024-03-09", "2024-03-09"),
    ("FRA", "criticises", "RUS", 1, "2024-03-09", "2024-03-09"),
    ("RUS", "defends", "PRK", 1, "2024-03-12", "2024-03-12"),
    ("RUS", "accuses", "USA", 1, "2024-03-12", "2024-03-12"),
    ("USA", "criticises", "CHN", 1, "2024-03-01", "2024-03-01"),
    ("USA", "accuses", "PRK", 1, "2024-03-01", "2024-03-01"),
    ("USA", "criticises", "RUS", 1, "2024-03-05", "2024-03-05"),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL_EDGES),
        (
            "relation=accuses",
            [edge for edge in ALL_EDGES if edge[1] == "accuses"],
        ),
        (
            "mentions=RUS",
            [edge for edge in ALL_EDGES if edge[2] == "RUS"],
        ),
        (
            "mentions=RUS&relation=accuses",
            [("USA", "accuses", "RUS", 2, "2024-03-01", "2024-03-05")],
        ),
        (
            "country=USA",
            [edge for edge in ALL_EDGES if edge[0] == "USA"],
        ),
        (
            "country=USA&relation=criticises",
            [
                ("USA", "criticises", "CHN", 1, "2024-03-01", "2024-03-01"),
                ("USA", "criticises", "RUS", 1, "2024-03-05", "2024-03-05"),
            ],
        ),
        (
            "mentions=PRK,USA&relation=defends",
            [
                ("CHN", "defends", "PRK", 1, "2024-03-15", "2024-03-15"),
                ("RUS", "defends", "PRK", 1, "2024-03-12", "2024-03-12"),
            ],
        ),
        (
            "country=FRA,CHN&mentions=PRK",
            [
                ("CHN", "defends", "PRK", 1, "2024-03-15", "2024-03-15"),
                ("FRA", "accuses", "PRK", 1, "2024-03-09", "2024-03-09"),
            ],
        ),
        (
            "relation=accuses&date_from=2024-03-02",
            [
                ("FRA", "accuses", "PRK", 1, "2024-03-09", "2024-03-09"),
                ("RUS", "accuses", "USA", 1, "2024-03-12", "2024-03-12"),
                ("USA", "accuses", "RUS", 1, "2024-03-05", "2024-03-05"),
            ],
        ),
        ("mentions=FRA", []),
        ("country=FRA&relation=defends", []),
    ],
)
def test_the_filters_choose_edges_not_statements(api_client, crowded_network, query, expected):
    assert edges(api_client, query) == expected


def test_the_export_has_the_same_edges(api_client, crowded_network):
    response = api_client.get("/api/v1/relations/?format=csv&mentions=RUS&relation=accuses")
    rows = response.content.decode().splitlines()
    assert len(rows) == 2
    assert rows[1].startswith("USA,") and ",accuses,RUS," in rows[1]
