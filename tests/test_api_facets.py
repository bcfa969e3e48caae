"""GET /api/v1/statements/facets/: counts for the statements the filters select."""

import datetime

import pytest
from django.db import connection

from statements.models import Statement
from tests.factories import MeetingFactory, StatementFactory, TopicFactory, country

pytestmark = pytest.mark.django_db

# The facets are one query on PostgreSQL, one per facet elsewhere (statements/facets.py).
FACET_QUERIES = 1 if connection.vendor == "postgresql" else 8


@pytest.fixture
def statements():
    june = MeetingFactory(date=datetime.date(2024, 6, 28))
    july = MeetingFactory(date=datetime.date(2024, 7, 2))
    first = StatementFactory(meeting=june, party=country("RUS"), text="Sanctions have failed.")
    first.topics.add(TopicFactory(slug="sanctions", name="Sanctions"))
    StatementFactory(meeting=june, party=country("USA"), text="Missiles threaten the region.")
    StatementFactory(meeting=july, party=country("RUS"), text="We reject the missile claims.")


def test_it_counts_the_selection_by_country_speaker_topic_body_and_month(api_client, statements):
    facets = api_client.get("/api/v1/statements/facets/").json()
    assert [(row["code"], row["count"]) for row in facets["country"]] == [("RUS", 2), ("USA", 1)]
    assert len(facets["speaker"]) == 3
    assert facets["topic"] == [{"slug": "sanctions", "name": "Sanctions", "count": 1}]
    assert facets["body"] == [{"slug": "security-council", "name": "Security Council", "count": 3}]
    assert facets["month"] == [{"month": "2024-06", "count": 2}, {"month": "2024-07", "count": 1}]


def test_it_takes_the_same_filters_as_the_list(api_client, statements):
    facets = api_client.get("/api/v1/statements/facets/?country=RUS&date_from=2024-07-01").json()
    assert facets["country"] == [{"code": "RUS", "name": country("RUS").display_name, "kind": "state", "count": 1}]
    assert facets["month"] == [{"month": "2024-07", "count": 1}]


def test_it_counts_search_matches(api_client, statements):
    facets = api_client.get("/api/v1/statements/facets/?q=claims").json()
    assert [(row["code"], row["count"]) for row in facets["country"]] == [("RUS", 1)]


def test_it_rejects_bad_filters(api_client, statements):
    response = api_client.get("/api/v1/statements/facets/?date_to=soon")
    assert response.status_code == 400
    assert "date_to" in response.json()["errors"]


def test_it_runs_a_fixed_number_of_queries(api_client, statements, django_assert_num_queries):
    # country code lookup, data version, then the facets (one query on PostgreSQL, else one per
    # facet: country, speaker, topic, body, mentions, relation, kind, month; years add up months)
    with django_assert_num_queries(2 + FACET_QUERIES):
        api_client.get("/api/v1/statements/facets/?country=RUS")


def test_a_repeated_selection_is_answered_from_the_cache_in_two_queries(
    api_client, statements, django_assert_num_queries
):
    first = api_client.get("/api/v1/statements/facets/?country=RUS&date_from=2024-01-01").json()
    # the data version only: the country's party is kept in the worker under it, and the same
    # filters in another order are the same selection
    with django_assert_num_queries(1):
        again = api_client.get("/api/v1/statements/facets/?date_from=2024-01-01&country=RUS").json()
    assert again == first


def test_a_new_statement_shows_at_once(api_client, statements):
    assert api_client.get("/api/v1/statements/facets/?country=RUS").json()["country"][0]["count"] == 2
    StatementFactory(party=country("RUS"))
    assert api_client.get("/api/v1/statements/facets/?country=RUS").json()["country"][0]["count"] == 3


def test_a_deleted_statement_goes_at_once(api_client, statements):
    assert api_client.get("/api/v1/statements/facets/?country=RUS").json()["country"][0]["count"] == 2
    Statement.objects.filter(party__code="RUS").order_by("id").first().delete()
    assert api_client.get("/api/v1/statements/facets/?country=RUS").json()["country"][0]["count"] == 1


def test_a_topic_added_to_a_statement_shows_at_once(api_client, statements):
    assert api_client.get("/api/v1/statements/facets/?country=USA").json()["topic"] == []
    Statement.objects.get(party__code="USA").topics.add(TopicFactory(slug="missiles", name="Missiles"))
    topics = api_client.get("/api/v1/statements/facets/?country=USA").json()["topic"]
    assert topics == [{"slug": "missiles", "name": "Missiles", "count": 1}]


def test_a_statement_edited_through_the_api_shows_at_once(api_client, statements, editor_client):
    statement = Statement.objects.get(party__code="USA")
    assert api_client.get("/api/v1/statements/facets/?country=USA").json()["month"] == [
        {"month": "2024-06", "count": 1}
    ]
    response = editor_client.patch(f"/api/v1/statements/{statement.pk}/", {"party": "RUS"}, format="json")
    assert response.status_code == 200, response.content
    assert api_client.get("/api/v1/statements/facets/?country=USA").json()["month"] == []


def test_a_search_counts_every_match(api_client, statements):
    facets = api_client.get("/api/v1/statements/facets/?q=missile").json()
    assert "sampled" not in facets
    assert facets["month"] == [{"month": "2024-06", "count": 1}, {"month": "2024-07", "count": 1}]


def test_a_search_runs_a_fixed_number_of_queries(api_client, statements, django_assert_num_queries):
    # The names the search language knows (delegates, aliases, parties, topics: read once, then
    # kept; statements/querylang/names.py), the data version, then the facets (see above). No
    # count: the facets need none.
    with django_assert_num_queries(4 + 1 + FACET_QUERIES):
        api_client.get("/api/v1/statements/facets/?q=missile")
