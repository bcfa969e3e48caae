"""Exact counts, paging and facets for searches with more matches than are ranked (issue 12, point 2),
and the facets on the mentioned party, the relation, the kind and the year with `facet_size` (point 9).

Runs on SQLite and on PostgreSQL (where the search is the full-text one)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Mention, Statement
from tests.api_support import AROUND_QUERIES
from tests.factories import MeetingFactory, MentionFactory, StatementFactory, country

pytestmark = pytest.mark.django_db


def peace_statements(number, *, start=datetime.date(2000, 1, 3)):
    """`number` statements that match "peace", one a week from `start`, and one that does not."""
    meeting = MeetingFactory(date=start)
    Statement.objects.bulk_create(
        Statement(
            meeting=meeting,
            date=start + datetime.timedelta(weeks=n),
            text=f"Peace must come first, point {n}.",
            party=country("FRA"),
        )
        for n in range(number)
    )
    StatementFactory(meeting=meeting, text="Nothing about it.", cite=False)
    return set(Statement.objects.filter(text__startswith="Peace").values_list("pk", flat=True))


def follow(api_client, url):
    """Every row of every page, following `next` from `url`."""
    rows = []
    while url:
        response = api_client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += [row["id"] for row in body["results"]]
        url = body["next"]
    return rows


def test_a_search_with_more_than_a_thousand_matches_counts_and_pages_every_one(api_client):
    # The bug without any patching: the count stopped at 1,000 and the last page at 1,000.
    matches = peace_statements(1005)
    first = api_client.get("/api/v1/statements/?q=peace&page_size=500").json()
    assert first["count"] == 1005
    assert "count_capped" not in first

    rows = follow(api_client, "/api/v1/statements/?q=peace&page_size=500")

    assert len(rows) == 1005
    assert set(rows) == matches


def test_a_follow_next_loop_and_a_cursor_walk_collect_every_match_exactly_once(api_client, monkeypatch):
    monkeypatch.setattr("statements.search.RANK_LIMIT", 5)
    matches = peace_statements(23)

    by_page = follow(api_client, "/api/v1/statements/?q=peace&page_size=4")
    by_cursor = follow(api_client, "/api/v1/statements/?q=peace&page_size=4&cursor=")

    assert sorted(by_page) == sorted(matches)
    assert sorted(by_cursor) == sorted(matches)
    # Beyond the rank limit both come newest first; the cursor walks newest first too.
    newest_first = list(Statement.objects.filter(pk__in=matches).order_by("-date", "-id").values_list("pk", flat=True))
    assert by_page == newest_first
    assert by_cursor == newest_first


def test_the_last_page_of_a_big_search_is_reachable_and_the_next_is_not(api_client, monkeypatch):
    monkeypatch.setattr("statements.search.RANK_LIMIT", 5)
    peace_statements(23)
    last = api_client.get("/api/v1/statements/?q=peace&page_size=4&page=6").json()
    assert (last["count"], len(last["results"]), last["next"]) == (23, 3, None)
    beyond = api_client.get("/api/v1/statements/?q=peace&page_size=4&page=7")
    assert beyond.status_code == 404
    assert "last page is 6" in beyond.json()["detail"]


def test_every_ordering_of_a_big_search_pages_through_every_match(api_client, monkeypatch):
    monkeypatch.setattr("statements.search.RANK_LIMIT", 5)
    matches = peace_statements(12)
    rows = follow(api_client, "/api/v1/statements/?q=peace&page_size=5&ordering=date")
    assert rows == list(Statement.objects.filter(pk__in=matches).order_by("date", "id").values_list("pk", flat=True))


def test_the_next_pages_reuse_the_count_of_the_first(api_client, monkeypatch):
    monkeypatch.setattr("statements.search.RANK_LIMIT", 5)
    peace_statements(23)
    api_client.get("/api/v1/statements/?q=peace&page_size=4")
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get("/api/v1/statements/?q=peace&page_size=4&page=2").json()
    assert body["count"] == 23
    assert not [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]


def test_a_new_match_changes_the_cached_count_at_once(api_client, editor_client):
    peace_statements(3)
    assert api_client.get("/api/v1/statements/?q=peace").json()["count"] == 3
    StatementFactory(text="Peace again.", cite=False)
    assert api_client.get("/api/v1/statements/?q=peace").json()["count"] == 4


def test_the_facets_of_a_big_search_count_every_match_from_its_earliest_month(api_client, monkeypatch):
    # With searches capped, the months started at the newest 1,000 matches' (2019 here).
    peace_statements(1005)
    facets = api_client.get("/api/v1/statements/facets/?q=peace").json()
    assert facets["month"][0] == {"month": "2000-01", "count": 5}
    assert sum(row["count"] for row in facets["month"]) == 1005
    assert facets["year"][0] == {"year": 2000, "count": 52}
    assert sum(row["count"] for row in facets["year"]) == 1005
    assert facets["country"] == [{"code": "FRA", "name": country("FRA").display_name, "kind": "state", "count": 1005}]
    assert "sampled" not in facets


@pytest.fixture
def mentioning():
    """Three statements: one accuses and criticises Russia, one accuses the USA, a paraphrase mentions none."""
    both = StatementFactory(party=country("FRA"), cite=False)
    MentionFactory(statement=both, party=country("RUS"), relation=Mention.Relation.ACCUSES)
    MentionFactory(statement=both, party=country("RUS"), relation=Mention.Relation.CRITICISES)
    other = StatementFactory(party=country("GBR"), cite=False, date=datetime.date(2023, 5, 1))
    MentionFactory(statement=other, party=country("USA"), relation=Mention.Relation.ACCUSES)
    StatementFactory(party=country("FRA"), cite=False, kind=Statement.Kind.PARAPHRASE)


def test_it_counts_statements_by_mentioned_party_relation_kind_and_year(api_client, mentioning):
    facets = api_client.get("/api/v1/statements/facets/").json()
    # A statement that accuses and criticises Russia counts once for Russia.
    assert facets["mentions"] == [
        {"code": "RUS", "name": country("RUS").display_name, "kind": "state", "count": 1},
        {"code": "USA", "name": country("USA").display_name, "kind": "state", "count": 1},
    ]
    assert facets["relation"] == [{"relation": "accuses", "count": 2}, {"relation": "criticises", "count": 1}]
    assert facets["kind"] == [{"kind": "direct", "count": 2}, {"kind": "paraphrase", "count": 1}]
    assert facets["year"] == [{"year": 2023, "count": 1}, {"year": 2024, "count": 2}]


def test_the_new_facets_follow_the_filters(api_client, mentioning):
    facets = api_client.get("/api/v1/statements/facets/?mentions=USA").json()
    assert [row["code"] for row in facets["mentions"]] == ["USA"]
    assert facets["year"] == [{"year": 2023, "count": 1}]


def test_facet_size_cuts_every_facet_but_months_and_years(api_client, mentioning):
    facets = api_client.get("/api/v1/statements/facets/?facet_size=1").json()
    for name in ("country", "speaker", "body", "mentions", "relation", "kind"):
        assert len(facets[name]) == 1, name
    assert facets["relation"] == [{"relation": "accuses", "count": 2}]
    assert len(facets["year"]) == 2


def test_facet_size_all_lists_every_value(api_client, db):
    for code in ["RUS", "USA", "CHN", "FRA", "GBR"]:
        StatementFactory(party=country(code), cite=False)
    assert len(api_client.get("/api/v1/statements/facets/?facet_size=2").json()["country"]) == 2
    assert len(api_client.get("/api/v1/statements/facets/?facet_size=all").json()["country"]) == 5
    assert len(api_client.get("/api/v1/statements/facets/?facet_size=10000").json()["country"]) == 5
    assert len(api_client.get("/api/v1/statements/facets/").json()["speaker"]) == 5


@pytest.mark.parametrize("value", ["0", "-1", "ten", "1.5", "10001", "ALL", "٣", "007", " 5", "5%0A"])
def test_it_rejects_a_bad_facet_size_with_a_400(api_client, db, value):
    response = api_client.get(f"/api/v1/statements/facets/?facet_size={value}")
    assert response.status_code == 400
    assert response.json()["errors"] == {"facet_size": ["Must be a whole number from 1 to 10,000, or all."]}


def test_it_reports_a_bad_facet_size_with_the_filters_errors(api_client, db):
    response = api_client.get("/api/v1/statements/facets/?facet_size=0&date_from=yesterday")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"facet_size", "date_from"}


def test_facet_size_belongs_to_the_facets_only(api_client, db):
    response = api_client.get("/api/v1/statements/?facet_size=5")
    assert response.status_code == 400
    assert "facet_size" in response.json()["errors"]


def test_the_schema_documents_facet_size_and_types_every_facet_item(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/statements/facets/"]["get"]["parameters"]
    assert "facet_size" in [parameter["name"] for parameter in parameters]
    facets = schema["components"]["schemas"]["Facets"]["properties"]
    for name in ("country", "speaker", "topic", "body", "mentions", "relation", "kind", "month", "year"):
        assert "$ref" in facets[name]["items"], name
    assert "count_capped" not in str(schema["components"]["schemas"])


def test_a_big_search_page_runs_a_fixed_number_of_queries(api_client, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr("statements.search.RANK_LIMIT", 5)
    peace_statements(23)
    # the names the search language knows (delegates, aliases, parties, topics: read once, then
    # kept; statements/querylang/names.py); the page with its matches counted up to the rank
    # limit (too many), the data version, the exact count of the matches, the page's ids, their
    # rows, and what lies around them (topics, citations, mentions, replies, joint parties,
    # checks: one query, statements/rows.py)
    with django_assert_num_queries(4 + 1 + 4 + AROUND_QUERIES):
        assert api_client.get("/api/v1/statements/?q=peace&page_size=4").status_code == 200
    # The worker knows it for big: the data version, the page's ids (the count is kept), their
    # rows, around them.
    with django_assert_num_queries(3 + AROUND_QUERIES):
        assert api_client.get("/api/v1/statements/?q=peace&page_size=4&page=2").status_code == 200


def test_a_search_with_few_matches_is_counted_with_its_page(api_client, django_assert_num_queries):
    peace_statements(7)
    api_client.get("/api/v1/statements/?q=peace")  # the names the search language knows, read once
    # the page with its matches counted, their rows, around them: no data version, no cached count
    with django_assert_num_queries(2 + AROUND_QUERIES) as queries:
        body = api_client.get("/api/v1/statements/?q=peace&page_size=5").json()
    assert body["count"] == 7
    assert len(body["results"]) == 5
    assert not any("statements_change_marks" in query["sql"] for query in queries.captured_queries)
    assert api_client.get("/api/v1/statements/?q=peace&page_size=5&page=2").json()["count"] == 7


@pytest.mark.postgres
def test_a_search_ranks_no_more_than_the_rank_limit_before_it_knows_how_many_match(api_client, monkeypatch):
    # Ranking every match of a common word to find out there were too many took ~0.7 s at a
    # million statements: the first try ranks the first RANK_LIMIT + 1 found.
    monkeypatch.setattr("statements.search.RANK_LIMIT", 5)
    peace_statements(23)
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get("/api/v1/statements/?q=peace&page_size=4").json()
    ranked = [query["sql"] for query in queries.captured_queries if "ts_rank" in query["sql"]]
    assert ranked
    assert all("LIMIT 6" in sql for sql in ranked)
    assert body["count"] == 23


def ranked_statements():
    """Matches of "peace" with different ranks (how often the word comes) and ties (the same text on
    two dates, and on one date twice)."""
    meeting = MeetingFactory(date=datetime.date(2001, 1, 1))
    texts = [
        ("Peace.", datetime.date(2001, 1, 1)),
        ("Peace, peace and peace again.", datetime.date(2001, 2, 1)),
        ("Peace, peace.", datetime.date(2001, 3, 1)),
        ("Peace, peace.", datetime.date(2001, 4, 1)),
        ("Peace, peace.", datetime.date(2001, 4, 1)),
        ("Peace here, and a long sentence about many other matters than that one.", datetime.date(2001, 5, 1)),
        ("Peace.", datetime.date(2001, 6, 1)),
    ]
    Statement.objects.bulk_create(Statement(meeting=meeting, date=date, text=text) for text, date in texts)


@pytest.mark.postgres
def test_a_search_with_few_matches_finds_them_once_in_the_order_of_relevance(api_client):
    # The page and the count read the matches found once (search.FirstMatches): the queryset of
    # `ordered_if_few` looked for them four times, planned against the column's statistics each time.
    from statements import search

    ranked_statements()
    expected = list(search.ordered_if_few(*matches_of("peace")).statements.values_list("id", flat=True))
    assert len(expected) == 7
    with CaptureQueriesContext(connection) as queries:
        pages = [api_client.get(f"/api/v1/statements/?q=peace&page_size=3&page={n}").json() for n in (1, 2, 3)]
    assert [row["id"] for page in pages for row in page["results"]] == expected
    assert [page["count"] for page in pages] == [7, 7, 7]
    searching = [query["sql"] for query in queries.captured_queries if "@@" in query["sql"]]
    assert len(searching) == 3
    assert all(sql.count("@@") == 1 for sql in searching)


@pytest.mark.postgres
def test_past_the_last_page_of_a_search_with_few_matches_says_which_is_the_last(api_client):
    ranked_statements()
    response = api_client.get("/api/v1/statements/?q=peace&page_size=3&page=4")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no page 4; the last page is 3."
    empty = api_client.get("/api/v1/statements/?q=nowhere")
    assert (empty.status_code, empty.json()["count"], empty.json()["results"]) == (200, 0, [])


@pytest.mark.postgres
def test_a_search_with_few_matches_in_another_order_comes_in_that_order(api_client):
    ranked_statements()
    body = api_client.get("/api/v1/statements/?q=peace&ordering=date&page_size=10").json()
    dates = [row["date"] for row in body["results"]]
    assert (body["count"], dates) == (7, sorted(dates))


def matches_of(q):
    """(the matches, the parsed query) of search `q` over every statement, as the API's list reads them."""
    from statements import search
    from statements.api.views import statements_for_api

    interpretation = search.interpret(q)
    return search.interpreted_matches(statements_for_api(), interpretation), interpretation.query
