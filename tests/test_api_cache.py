"""The cache of anonymous API answers and of statement counts (statements/api/response_cache.py)."""

import time
from unittest import mock

import pytest

from tests.api_support import AROUND_QUERIES
from tests.factories import SourceFactory, StatementFactory, country

pytestmark = pytest.mark.django_db

LIST = "/api/v1/statements/?country=RUS&page_size=5"


@pytest.fixture
def russian():
    return StatementFactory.create_batch(7, party=country("RUS"))


def test_a_repeated_anonymous_request_is_answered_from_the_cache(api_client, russian, django_assert_num_queries):
    first = api_client.get(LIST)
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    # Stored the third time it is asked.
    assert api_client.get(LIST)["X-Cache"] == "miss"
    assert api_client.get(LIST)["X-Cache"] == "miss"
    # Only the data version is asked for: no count, no page, no related rows.
    with django_assert_num_queries(1):
        fourth = api_client.get(LIST)
    assert fourth["X-Cache"] == "hit"
    assert fourth.content == first.content
    assert fourth["Content-Type"] == first["Content-Type"]
    assert fourth.json()["count"] == 7


def test_a_url_asked_once_or_twice_costs_what_it_costs_with_the_cache_off(
    api_client, russian, settings, django_assert_num_queries
):
    # A stream of distinct URLs (every meeting in turn, perhaps twice) pays no data version, cache
    # read or write for answers nobody asks for again.
    url = f"/api/v1/meetings/{russian[0].meeting_id}/statements/"
    settings.API_CACHE_SECONDS = 0
    # Once before, so that both runs below find the statements prepared (statements/prepared.py)
    # on this connection and send the same SQL.
    api_client.get(url)
    # the meeting, the page's ids with their count, their rows, the rows around them (with the row
    # on PostgreSQL: the page has one statement)
    with django_assert_num_queries(3 + AROUND_QUERIES) as off:
        api_client.get(url)
    settings.API_CACHE_SECONDS = 60
    with mock.patch("statements.api.response_cache.cache") as response_cache:
        for _ in range(2):
            with django_assert_num_queries(3 + AROUND_QUERIES) as on:
                response = api_client.get(url)
            assert response["X-Cache"] == "miss"
            assert [query["sql"] for query in on.captured_queries] == [query["sql"] for query in off.captured_queries]
    assert response_cache.mock_calls == []
    # The third ask looks for it, and stores it.
    assert api_client.get(url)["X-Cache"] == "miss"
    assert api_client.get(url)["X-Cache"] == "hit"


def test_a_url_asked_again_after_the_cache_time_counts_as_asked_once(api_client, russian, monkeypatch):
    api_client.get(LIST)
    later = time.monotonic() + 61
    api_client.get(LIST)
    monkeypatch.setattr(time, "monotonic", lambda: later)
    api_client.get(LIST)
    # Not stored: the ask before was too long ago, so this was the first of a new row.
    assert api_client.get(LIST)["X-Cache"] == "miss"
    assert api_client.get(LIST)["X-Cache"] == "miss"
    assert api_client.get(LIST)["X-Cache"] == "hit"


def test_the_order_of_the_parameters_does_not_matter_but_their_values_do(api_client, russian):
    api_client.get("/api/v1/statements/?country=RUS&page_size=5")
    api_client.get("/api/v1/statements/?country=RUS&page_size=5")
    api_client.get("/api/v1/statements/?page_size=5&country=RUS")
    assert api_client.get("/api/v1/statements/?page_size=5&country=RUS")["X-Cache"] == "hit"
    other = api_client.get("/api/v1/statements/?country=RUS&page_size=5&page=2")
    assert other["X-Cache"] == "miss"
    assert len(other.json()["results"]) == 2
    assert api_client.get("/api/v1/statements/?country=FRA&page_size=5")["X-Cache"] == "miss"


def test_a_new_statement_shows_at_once(api_client, russian):
    assert api_client.get(LIST).json()["count"] == 7
    newest = StatementFactory(party=country("RUS"), date=russian[0].date.replace(year=2030))
    response = api_client.get(LIST)
    assert response["X-Cache"] == "miss"
    assert response.json()["count"] == 8
    assert response.json()["results"][0]["id"] == newest.pk


def test_an_editors_correction_through_the_api_shows_at_once(api_client, editor_client, russian):
    target = api_client.get(LIST).json()["results"][0]["id"]
    corrected = editor_client.patch(f"/api/v1/statements/{target}/", {"text": "Corrected wording."}, format="json")
    assert corrected.status_code == 200, corrected.content
    first = api_client.get(LIST).json()["results"][0]
    assert (first["id"], first["text"]) == (target, "Corrected wording.")


def test_a_source_change_shows_in_the_statements_citing_it(api_client, editor_client):
    source = SourceFactory(title="First title")
    StatementFactory(party=country("RUS"), cite=False).sources.add(source)
    api_client.get(LIST)
    renamed = editor_client.patch(f"/api/v1/sources/{source.pk}/", {"title": "Second title"}, format="json")
    assert renamed.status_code == 200, renamed.content
    response = api_client.get(LIST)
    assert response["X-Cache"] == "miss"
    assert "Second title" in response.content.decode()


def test_editors_are_never_served_from_the_cache(api_client, editor_client, russian):
    api_client.get(LIST)
    response = editor_client.get(LIST)
    assert response.status_code == 200
    assert "X-Cache" not in response


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        (LIST + "&format=csv", {}),
        (LIST + "&format=jsonl", {}),
        (LIST, {"HTTP_ACCEPT": "text/html"}),
    ],
    ids=["csv", "jsonl", "browsable"],
)
def test_exports_and_the_browsable_api_are_not_cached(api_client, russian, url, headers):
    first = api_client.get(url, **headers)
    second = api_client.get(url, **headers)
    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in first
    assert "X-Cache" not in second


def test_errors_are_not_cached(api_client, russian):
    for _ in range(2):
        response = api_client.get("/api/v1/statements/?country=XXX")
        assert response.status_code == 400
        assert "X-Cache" not in response


def test_the_throttle_counts_answers_from_the_cache(api_client, russian, settings):
    settings.API_ANON_RATE = "3/minute"
    remaining = [api_client.get(LIST)["X-RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    assert api_client.get(LIST).status_code == 429


@pytest.mark.parametrize("path", ["/api/v1/relations/", "/api/v1/meetings/{meeting}/statements/", "/api/v1/topics/"])
def test_other_lists_are_cached_too(api_client, russian, path):
    url = path.format(meeting=russian[0].meeting_id)
    assert [api_client.get(url)["X-Cache"] for _ in range(4)] == ["miss", "miss", "miss", "hit"]


def test_the_next_page_reuses_the_count(api_client, russian, django_assert_num_queries):
    api_client.get(LIST)
    # data version, the page's ids, their rows, and around them in one query topics, citations,
    # mentions, replies, joint parties, checks against the record: no count, as page 1's serves
    # page 2, and no query for the country filter's party, which page 1 read under the same version.
    with django_assert_num_queries(3 + AROUND_QUERIES):
        response = api_client.get(LIST + "&page=2")
    assert response.json()["count"] == 7
    assert len(response.json()["results"]) == 2


def test_api_cache_seconds_zero_turns_the_response_cache_off(api_client, russian, settings):
    settings.API_CACHE_SECONDS = 0
    first, second = api_client.get(LIST), api_client.get(LIST)
    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in first
    assert "X-Cache" not in second
