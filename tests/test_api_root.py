"""GET /api/v1/: the dataset's name, version and citation, its licences and where the endpoints are."""

import datetime

import pytest

from statements import licences
from statements.models import Statement, Topic
from tests.factories import StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "countries",
    "organisations",
    "bodies",
    "delegates",
    "meetings",
    "statements",
    "relations",
    "topics",
    "sources",
    "votes",
    "drafts",
    "seats",
]


def test_the_root_names_the_dataset_its_licences_and_where_to_read_more(api_client):
    response = api_client.get("/api/v1/")

    assert response.status_code == 200
    root = response.json()
    assert root["name"] == "Diplomatic statements"
    assert root["licences"]["data"]["id"] == "CC-BY-4.0"
    assert root["licences"]["data"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "speakers" in root["licences"]["data"]["excludes"]
    assert root["licences"]["code"]["id"] == "MIT"
    assert root["docs"] == "http://testserver/api/docs/"
    assert root["schema"] == "http://testserver/api/schema/"
    for name in LISTS:
        assert root["endpoints"][name] == f"http://testserver/api/v1/{name}/"


def test_the_version_is_the_moment_of_the_last_change(api_client):
    statement = StatementFactory()
    moment = datetime.datetime(2030, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.UTC)
    Statement.objects.filter(pk=statement.pk).update(updated=moment)

    root = api_client.get("/api/v1/").json()

    assert root["version"] == "2030-01-02T03:04:05Z"
    assert root["last_changed"] == "2030-01-02T03:04:05.678000Z"


def test_the_version_changes_when_a_topic_is_renamed(api_client):
    topic = TopicFactory()
    before = api_client.get("/api/v1/").json()["version"]
    Topic.objects.filter(pk=topic.pk).update(updated=datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC))

    after = api_client.get("/api/v1/").json()["version"]

    assert after != before
    assert after == "2031-01-01T00:00:00Z"


def test_the_citation_gives_the_version_the_address_and_the_date_of_access(api_client):
    StatementFactory()
    root = api_client.get("/api/v1/").json()
    today = datetime.datetime.now(datetime.UTC).date().isoformat()

    assert root["accessed"] in (today, (datetime.date.fromisoformat(today) - datetime.timedelta(days=1)).isoformat())
    assert root["citation"] == licences.citation(
        root["version"], accessed=datetime.date.fromisoformat(root["accessed"]), url="http://testserver/api/v1/"
    )
    assert f"version {root['version']}" in root["citation"]
    assert "http://testserver/api/v1/" in root["citation"]
    assert f"Accessed {root['accessed']}" in root["citation"]


def test_an_unknown_parameter_is_a_400_naming_it(api_client):
    response = api_client.get("/api/v1/", {"versoin": "1"})

    assert response.status_code == 400
    assert "versoin" in response.json()["errors"]


def test_the_root_is_in_the_schema_with_its_fields(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/"]["get"]
    reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]["properties"]
    assert {"name", "version", "citation", "licences", "docs", "schema", "endpoints"} <= set(fields)


def test_the_root_takes_one_query(api_client, django_assert_num_queries):
    StatementFactory()
    # the newest change of every table, in one query
    with django_assert_num_queries(1):
        assert api_client.get("/api/v1/").status_code == 200


def test_a_renamed_topic_shows_at_once_in_a_cached_list(api_client):
    # The response cache is keyed on the data version, which sees every model's `updated` now:
    # before, a topic (which keeps no history) showed its old name until the cache expired.
    topic = TopicFactory(name="Sanctions")
    assert api_client.get("/api/v1/topics/").json()["results"][0]["name"] == "Sanctions"
    assert api_client.get("/api/v1/topics/")["X-Cache"] == "miss"
    assert api_client.get("/api/v1/topics/")["X-Cache"] == "miss"
    assert api_client.get("/api/v1/topics/")["X-Cache"] == "hit"

    topic.name = "Sanctions regimes"
    topic.save()

    response = api_client.get("/api/v1/topics/")
    assert response["X-Cache"] == "miss"
    assert response.json()["results"][0]["name"] == "Sanctions regimes"
