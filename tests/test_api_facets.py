"""GET /api/v1/statements/facets/: counts for the statements the filters select."""
# ruff: noqa: F811 (fixtures imported from tests.api_support)

import datetime
import functools

import pytest

from statements import search
from tests.api_support import client, fresh_throttle  # noqa: F401
from tests.factories import MeetingFactory, StatementFactory, TopicFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements():
    june = MeetingFactory(date=datetime.date(2024, 6, 28))
    july = MeetingFactory(date=datetime.date(2024, 7, 2))
    first = StatementFactory(meeting=june, party=country("RUS"), text="Sanctions have failed.")
    first.topics.add(TopicFactory(slug="sanctions", name="Sanctions"))
    StatementFactory(meeting=june, party=country("USA"), text="Missiles threaten the region.")
    StatementFactory(meeting=july, party=country("RUS"), text="We reject the missile claims.")


def test_it_counts_the_selection_by_country_speaker_topic_body_and_month(client, statements):
    facets = client.get("/api/v1/statements/facets/").json()
    assert [(row["code"], row["count"]) for row in facets["country"]] == [("RUS", 2), ("USA", 1)]
    assert len(facets["speaker"]) == 3
    assert facets["topic"] == [{"slug": "sanctions", "name": "Sanctions", "count": 1}]
    assert facets["body"] == [{"slug": "security-council", "name": "Security Council", "count": 3}]
    assert facets["month"] == [{"month": "2024-06", "count": 2}, {"month": "2024-07", "count": 1}]


def test_it_takes_the_same_filters_as_the_list(client, statements):
    facets = client.get("/api/v1/statements/facets/?country=RUS&date_from=2024-07-01").json()
    assert facets["country"] == [{"code": "RUS", "name": country("RUS").display_name, "kind": "state", "count": 1}]
    assert facets["month"] == [{"month": "2024-07", "count": 1}]


def test_it_counts_search_matches(client, statements):
    facets = client.get("/api/v1/statements/facets/?q=claims").json()
    assert [(row["code"], row["count"]) for row in facets["country"]] == [("RUS", 1)]


def test_it_rejects_bad_filters(client, statements):
    response = client.get("/api/v1/statements/facets/?date_to=soon")
    assert response.status_code == 400
    assert "date_to" in response.json()["errors"]


def test_it_runs_a_fixed_number_of_queries(client, statements, django_assert_num_queries):
    # country code lookup, then one query per facet: country, speaker, topic, body, month
    with django_assert_num_queries(6):
        client.get("/api/v1/statements/facets/?country=RUS")


def test_a_search_with_more_matches_than_the_cap_counts_only_the_newest_capped_matches(
    client, statements, monkeypatch
):
    # With the cap lowered to 1, "missile" (two matches) is a capped search like a common word at scale.
    monkeypatch.setattr(search, "search_statements", functools.partial(search.search_statements, cap=1))
    facets = client.get("/api/v1/statements/facets/?q=missile").json()
    assert facets["sampled"] is True
    assert facets["month"] == [{"month": "2024-07", "count": 1}]
    assert [(row["code"], row["count"]) for row in facets["country"]] == [("RUS", 1)]


def test_a_search_within_the_cap_counts_every_match(client, statements):
    facets = client.get("/api/v1/statements/facets/?q=missile").json()
    assert facets["sampled"] is False
    assert sum(row["count"] for row in facets["month"]) == 2


def test_a_search_runs_a_fixed_number_of_queries(client, statements, django_assert_num_queries):
    # capped count of the matches, then one query per facet: country, speaker, topic, body, month
    with django_assert_num_queries(6):
        client.get("/api/v1/statements/facets/?q=missile")
