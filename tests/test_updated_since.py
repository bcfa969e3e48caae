"""`?updated_since=` on every list of the API: only the rows created or changed at or after a moment."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Ballot, Body, CouncilSeat, Delegate, Draft, Meeting, Party, Source, Statement, Topic, Vote
from tests.factories import (
    BallotFactory,
    BodyFactory,
    CouncilSeatFactory,
    MentionFactory,
    OrganisationFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    VoteFactory,
    country,
)

pytestmark = pytest.mark.django_db

BEFORE = datetime.datetime(2024, 6, 27, 23, 0, tzinfo=datetime.UTC)
AFTER = datetime.datetime(2024, 6, 28, 9, 30, tzinfo=datetime.UTC)


def changed_at(model, moment, **lookup):
    """Set `updated` as if the rows had last been saved at `moment` (update() skips auto_now)."""
    model.objects.filter(**lookup).update(updated=moment)


def urls(response):
    assert response.status_code == 200, response.content
    return [row["url"] for row in response.json()["results"]]


# Each list: (path, model, how to make two rows, the identifying part of the newer row's URL).
LISTS = [
    ("statements", Statement, lambda: [StatementFactory().pk for _ in range(2)]),
    ("meetings", Meeting, lambda: [StatementFactory().meeting_id for _ in range(2)]),
    ("delegates", Delegate, lambda: [StatementFactory().speaker_id for _ in range(2)]),
    ("sources", Source, lambda: [SourceFactory().pk for _ in range(2)]),
    ("votes", Vote, lambda: [VoteFactory().pk for _ in range(2)]),
    ("drafts", Draft, lambda: [VoteFactory().draft.symbol for _ in range(2)]),
    ("topics", Topic, lambda: [TopicFactory().slug for _ in range(2)]),
    ("bodies", Body, lambda: [BodyFactory(slug=slug, name=slug).slug for slug in ("council", "assembly")]),
    ("organisations", Party, lambda: [OrganisationFactory().code for _ in range(2)]),
    ("countries", Party, lambda: ["PRK", "FRA"]),
]

LOOKUPS = {"drafts": "symbol", "topics": "slug", "bodies": "slug", "organisations": "code", "countries": "code"}


@pytest.mark.parametrize(("path", "model", "make"), LISTS, ids=[path for path, _, _ in LISTS])
def test_a_list_gives_only_the_rows_changed_since_the_moment_asked(api_client, path, model, make):
    older, newer = make()
    lookup = LOOKUPS.get(path, "pk")
    changed_at(model, BEFORE)
    changed_at(model, AFTER, **{lookup: newer})

    found = urls(api_client.get(f"/api/v1/{path}/", {"updated_since": "2024-06-28T09:00:00Z"}))

    assert found == [f"http://testserver/api/v1/{path}/{newer}/"]
    # Without the filter both are there: the filter, not the data, left the older out.
    every = {url for url in urls(api_client.get(f"/api/v1/{path}/", {"page_size": 500}))}
    assert f"http://testserver/api/v1/{path}/{older}/" in every


def test_seats_changed_since_a_moment(api_client):
    older = CouncilSeatFactory(country=country("GBR"))
    newer = CouncilSeatFactory(country=country("FRA"))
    changed_at(CouncilSeat, BEFORE, pk=older.pk)
    changed_at(CouncilSeat, AFTER, pk=newer.pk)

    rows = api_client.get("/api/v1/seats/", {"updated_since": "2024-06-28"}).json()["results"]

    assert [row["country"]["code"] for row in rows] == ["FRA"]


def test_relations_count_only_the_statements_changed_since_a_moment(api_client):
    older, newer = MentionFactory(), MentionFactory(party=country("USA"))
    changed_at(Statement, BEFORE, pk=older.statement_id)
    changed_at(Statement, AFTER, pk=newer.statement_id)

    response = api_client.get("/api/v1/relations/", {"updated_since": "2024-06-28"})

    assert response.status_code == 200, response.content
    assert [edge["target"]["code"] for edge in response.json()["results"]] == ["USA"]


@pytest.mark.parametrize("path", ["mentions", "citations"])
def test_the_rows_of_a_statement_are_dated_by_the_statement_they_belong_to(api_client, path):
    older, newer = MentionFactory(), MentionFactory()
    changed_at(Statement, BEFORE, pk=older.statement_id)
    changed_at(Statement, AFTER, pk=newer.statement_id)

    response = api_client.get(f"/api/v1/{path}/", {"updated_since": "2024-06-28"})

    assert response.status_code == 200, response.content
    assert [row["statement_id"] for row in response.json()["results"]] == [newer.statement_id]


def test_ballots_changed_since_a_moment(api_client):
    older, newer = BallotFactory(party=country("GBR")), BallotFactory(party=country("FRA"))
    changed_at(Ballot, BEFORE, pk=older.pk)
    changed_at(Ballot, AFTER, pk=newer.pk)

    response = api_client.get("/api/v1/ballots/", {"updated_since": "2024-06-28"})

    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["results"]] == [newer.pk]


@pytest.mark.parametrize(
    ("value", "included"),
    [
        ("2024-06-28T09:30:00Z", True),  # at the moment itself
        ("2024-06-28T09:30:01Z", False),
        ("2024-06-28T11:30:00+02:00", True),  # the same moment with an offset
        ("2024-06-28T11:30:01+02:00", False),
        ("2024-06-28T09:30:00", True),  # no offset: UTC
        ("2024-06-28T09:31", False),
        ("2024-06-28", True),  # a date: midnight UTC
        ("2024-06-29", False),
    ],
)
def test_the_moment_is_a_date_or_a_date_and_time_with_or_without_an_offset(api_client, value, included):
    statement = StatementFactory()
    changed_at(Statement, AFTER, pk=statement.pk)

    response = api_client.get("/api/v1/statements/", {"updated_since": value})

    assert response.status_code == 200, response.content
    assert response.json()["count"] == (1 if included else 0)


@pytest.mark.parametrize(
    "path", ["statements", "meetings", "topics", "bodies", "countries", "seats", "relations", "mentions", "ballots"]
)
@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "28/06/2024", "2024-06-28T10:00:00 02:00"])
def test_a_value_that_is_not_an_iso_8601_moment_is_a_400_naming_the_parameter(api_client, path, value):
    response = api_client.get(f"/api/v1/{path}/", {"updated_since": value})

    assert response.status_code == 400
    [message] = response.json()["errors"]["updated_since"]
    assert "ISO 8601" in message and "%2B" in message


def test_an_edit_of_a_statements_mentions_through_the_api_moves_its_updated(editor_client):
    statement = StatementFactory()
    changed_at(Statement, BEFORE, pk=statement.pk)

    response = editor_client.patch(
        f"/api/v1/statements/{statement.pk}/",
        {"mentions": [{"party": "RUS", "relation": "accuses"}]},
        format="json",
        HTTP_X_CHANGE_REASON="Add the accusation",
    )

    assert response.status_code == 200, response.content
    statement.refresh_from_db()
    assert statement.updated > AFTER


def test_a_new_row_has_an_updated_time(db):
    before = datetime.datetime.now(datetime.UTC)
    topic = TopicFactory()
    assert topic.updated >= before


def test_the_filter_adds_no_query(api_client, django_assert_num_queries):
    StatementFactory.create_batch(3)
    # As many queries as with another filter: the condition goes into the count and the page.
    unfiltered = api_client.get("/api/v1/statements/")
    with CaptureQueriesContext(connection) as plain:
        api_client.get("/api/v1/statements/", {"date_from": "2024-01-01"})
    with django_assert_num_queries(len(plain.captured_queries)):
        response = api_client.get("/api/v1/statements/", {"updated_since": "2024-01-01"})
    assert response.json()["count"] == unfiltered.json()["count"] == 3
