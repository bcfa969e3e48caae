"""GET /api/v1/meetings/, a meeting, and its statements in order."""

import datetime

import pytest

from tests.factories import BodyFactory, MeetingFactory, StatementFactory, TopicFactory, country

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def meetings():
    assembly = BodyFactory(name="General Assembly", short_name="General Assembly", slug="general-assembly")
    june = MeetingFactory(date=datetime.date(2024, 6, 28), record_symbol="S/PV.9669", press_release="SC/15755")
    june.requested_by.add(country("USA"), country("FRA"))
    july = MeetingFactory(body=assembly, date=datetime.date(2024, 7, 2))
    statement = StatementFactory(meeting=june, party=country("PRK"))
    statement.topics.add(TopicFactory(slug="non-proliferation", name="Non-proliferation"))
    StatementFactory(meeting=july, party=country("CHN"))
    return {"june": june, "july": july}


def test_it_lists_meetings_newest_first(api_client, meetings):
    assert ids(api_client.get("/api/v1/meetings/")) == [meetings["july"].pk, meetings["june"].pk]


def test_a_meeting_has_its_urls_and_the_parties_that_requested_it(api_client, meetings):
    june = meetings["june"]
    item = api_client.get(f"/api/v1/meetings/{june.pk}/").json()
    assert item["web_url"] == f"http://testserver/meetings/{june.pk}/"
    assert item["statements_url"] == f"http://testserver/api/v1/meetings/{june.pk}/statements/"
    assert [party["code"] for party in item["requested_by"]] == ["FRA", "USA"]
    assert item["body"] == "security-council"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("body=general-assembly", ["july"]),
        ("date_from=2024-07-01", ["july"]),
        ("date_to=2024-06-30", ["june"]),
        ("requested_by=usa", ["june"]),
        ("participant=PRK", ["june"]),
        ("participant=PRK,CHN", ["july", "june"]),
        ("topic=non-proliferation", ["june"]),
        ("symbol=s/pv.9669", ["june"]),
        ("symbol=SC/15755", ["june"]),
    ],
)
def test_it_filters_meetings(api_client, meetings, query, expected):
    assert ids(api_client.get(f"/api/v1/meetings/?{query}")) == [meetings[name].pk for name in expected]


@pytest.mark.parametrize("query", ["body=nowhere", "date_from=June", "requested_by=XXZ", "topic=none"])
def test_it_rejects_bad_meeting_filters(api_client, meetings, query):
    response = api_client.get(f"/api/v1/meetings/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


def test_it_lists_a_meetings_statements_in_speaking_order(api_client, meetings):
    june = meetings["june"]
    # Beyond the factory's own sequence numbers, which grow with every statement of the run.
    later = StatementFactory(meeting=june, sequence=10_000_000)
    earlier = StatementFactory(meeting=june, sequence=1)
    response = api_client.get(f"/api/v1/meetings/{june.pk}/statements/")
    assert ids(response)[0] == earlier.pk
    assert ids(response)[-1] == later.pk


@pytest.mark.parametrize("page_size", [5, 50])
def test_a_meetings_statements_take_a_fixed_number_of_queries(
    api_client, meetings, django_assert_num_queries, page_size
):
    june = meetings["june"]
    StatementFactory.create_batch(60, meeting=june)
    # data version (response cache), meeting, count, page, topics, citations with sources,
    # mentions, replies, joint parties, checks against the record
    with django_assert_num_queries(10):
        response = api_client.get(f"/api/v1/meetings/{june.pk}/statements/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [1, 50])
def test_the_meeting_list_takes_a_fixed_number_of_queries(api_client, meetings, django_assert_num_queries, page_size):
    MeetingFactory.create_batch(10)
    # data version (response cache), count, page with bodies, presidents and presiding members,
    # requesting parties, participants with parties, briefers, sources
    with django_assert_num_queries(7):
        api_client.get(f"/api/v1/meetings/?page_size={page_size}")


def test_statements_of_an_unknown_meeting_are_not_found(api_client, db):
    assert api_client.get("/api/v1/meetings/987654/statements/").status_code == 404
