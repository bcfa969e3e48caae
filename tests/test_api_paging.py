"""Paging through /api/v1/statements/: numbered pages with page_size, and cursor paging."""

import datetime

import pytest

from statements.models import Statement
from tests.factories import MeetingFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sixty():
    meeting = MeetingFactory(date=datetime.date(2024, 1, 1))
    return [
        StatementFactory(meeting=meeting, date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 7), cite=False)
        for n in range(60)
    ]


def test_it_pages_by_fifty_by_default_with_a_total_count_and_links(api_client, sixty):
    body = api_client.get("/api/v1/statements/").json()
    assert body["count"] == 60
    assert len(body["results"]) == 50
    assert body["next"] == "http://testserver/api/v1/statements/?page=2"
    assert body["previous"] is None
    second = api_client.get(body["next"]).json()
    assert len(second["results"]) == 10
    assert second["next"] is None


def test_it_takes_a_page_size_up_to_five_hundred(api_client, sixty):
    assert len(api_client.get("/api/v1/statements/?page_size=7").json()["results"]) == 7
    assert len(api_client.get("/api/v1/statements/?page_size=500").json()["results"]) == 60


@pytest.mark.parametrize("value", ["501", "0", "-3", "ten", "1.5"])
def test_it_rejects_a_page_size_out_of_range_rather_than_clamping_it(api_client, sixty, value):
    response = api_client.get(f"/api/v1/statements/?page_size={value}")
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


@pytest.mark.parametrize("value", ["0", "two", "10000001"])
def test_it_rejects_a_page_number_out_of_range(api_client, sixty, value):
    response = api_client.get(f"/api/v1/statements/?page={value}")
    assert response.status_code == 400
    assert "page" in response.json()["errors"]


def test_a_page_past_the_end_is_not_found(api_client, sixty):
    response = api_client.get("/api/v1/statements/?page=3")
    assert response.status_code == 404
    assert "last page is 2" in response.json()["detail"]


def test_an_empty_list_has_one_empty_page(api_client, db):
    body = api_client.get("/api/v1/statements/").json()
    assert (body["count"], body["results"]) == (0, [])


def test_cursor_paging_walks_every_row_once_even_while_rows_are_added(api_client, sixty):
    seen = []
    response = api_client.get("/api/v1/statements/?cursor=&page_size=25").json()
    assert "count" not in response
    seen += [item["id"] for item in response["results"]]
    # A new statement, newer than all, arrives during the walk: it is neither repeated nor does it shift pages.
    StatementFactory(date=datetime.date(2030, 1, 1), cite=False)
    while response["next"]:
        response = api_client.get(response["next"]).json()
        seen += [item["id"] for item in response["results"]]
    assert len(seen) == len(set(seen)) == 60
    expected = Statement.objects.filter(pk__in=[s.pk for s in sixty]).order_by("-date", "-id")
    assert seen == [statement.pk for statement in expected]


def test_cursor_paging_can_walk_oldest_first(api_client, sixty):
    response = api_client.get("/api/v1/statements/?cursor=&ordering=date&page_size=500").json()
    expected = Statement.objects.order_by("date", "id").values_list("pk", flat=True)
    assert [item["id"] for item in response["results"]] == list(expected)


def test_cursor_paging_rejects_an_unknown_ordering(api_client, sixty):
    response = api_client.get("/api/v1/statements/?cursor=&ordering=relevance")
    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]


@pytest.mark.parametrize("cursor", ["garbage", "cD0yMDI0", "%%%"])
def test_it_rejects_a_broken_cursor(api_client, sixty, cursor):
    response = api_client.get(f"/api/v1/statements/?cursor={cursor}")
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_cursor_paging_runs_a_fixed_number_of_queries(api_client, sixty, django_assert_num_queries):
    # page, topics, citations with sources, mentions with
    # parties, replies, joint parties, checks against the record (no count)
    with django_assert_num_queries(2):
        api_client.get("/api/v1/statements/?cursor=&page_size=40")


def test_a_search_counts_every_match_and_says_nothing_of_a_cap(api_client, db, monkeypatch):
    # With the rank limit at 3, four matches are "a common word": listed newest first, all counted.
    monkeypatch.setattr("statements.search.RANK_LIMIT", 3)
    StatementFactory.create_batch(4, text="Sanctions again.", cite=False)
    body = api_client.get("/api/v1/statements/?q=sanctions&page_size=2").json()
    assert body["count"] == 4
    assert "count_capped" not in body
    assert body["next"] is not None
