"""statements.rows: what lies around a page of statements, loaded once, in one order for both faces."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from statements.api import documents
from statements.rows import CheckRow, around
from tests.factories import (
    CitationFactory,
    DelegateFactory,
    MentionFactory,
    RecordCheckFactory,
    StatementFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    """A statement with two replies whose ids run against their dates: the later reply was entered first."""
    said = StatementFactory(date=datetime.date(2024, 6, 1), sequence=1)
    later = StatementFactory(
        meeting=None, date=datetime.date(2024, 6, 20), reply_to=said, speaker=DelegateFactory(full_name="B Later")
    )
    earlier = StatementFactory(
        meeting=None, date=datetime.date(2024, 6, 10), reply_to=said, speaker=None, party=country("CHN")
    )
    return said, earlier, later


def test_replies_come_in_the_order_they_were_made(answered):
    said, earlier, later = answered

    replies = around([said.pk]).replies[said.pk]

    assert [reply.id for reply in replies] == [earlier.pk, later.pk]
    assert [(reply.speaker_name, reply.party_name) for reply in replies] == [(None, "China"), ("B Later", "France")]


def test_the_api_and_the_statement_page_list_replies_in_the_same_order(client, answered):
    said, earlier, later = answered

    api_replies = APIClient().get(f"/api/v1/statements/{said.pk}/").json()["replies"]
    page = client.get(f"/statements/{said.pk}/").content.decode()

    assert api_replies == [earlier.pk, later.pk]
    assert page.index(f"/statements/{earlier.pk}/") < page.index(f"/statements/{later.pk}/")


def test_it_groups_topics_citations_and_mentions_by_statement():
    first, second = StatementFactory(cite=False), StatementFactory(cite=False)
    first.topics.add(TopicFactory(name="Sanctions", slug="sanctions"), TopicFactory(name="Arms", slug="arms"))
    citation = CitationFactory(statement=first)
    MentionFactory(statement=second, party=country("RUS"))

    rows = around([first.pk, second.pk])

    assert [topic.slug for topic in rows.topics[first.pk]] == ["arms", "sanctions"]
    assert [row.source_id for row in rows.citations[first.pk]] == [citation.source_id]
    assert [(row.party_code, row.party_name, row.relation) for row in rows.mentions[second.pk]] == [
        ("RUS", "Russia", "accuses")
    ]
    assert second.pk not in rows.topics and first.pk not in rows.mentions


def test_it_gives_the_further_parties_of_a_joint_statement_in_the_order_added():
    joint = StatementFactory(party=country("USA"))
    joint.joint_parties.add(country("GBR"))
    joint.joint_parties.add(country("FRA"))

    rows = around([joint.pk])

    assert [row.code for row in rows.joint_parties[joint.pk]] == ["GBR", "FRA"]


def test_it_gives_a_checked_quote_its_verdict_and_the_records_wording():
    speech = StatementFactory(
        kind="speech", text="We reject these baseless allegations outright.", label="Mr. X (Russia)"
    )
    quote = StatementFactory(meeting=speech.meeting, text="baseless allegations")
    RecordCheckFactory(statement=quote, speech=speech, result="matches", score=1.0, start=16, end=36)
    unchecked = StatementFactory()

    rows = around([quote.pk, unchecked.pk])

    assert rows.checks[quote.pk] == [
        CheckRow("matches", 1.0, speech.pk, 16, 36, "baseless allegations", "Mr. X (Russia)")
    ]
    assert unchecked.pk not in rows.checks


def test_it_runs_one_query_whatever_the_number_of_statements_and_none_without_any():
    statements = StatementFactory.create_batch(6)
    for statement in statements:
        MentionFactory(statement=statement)

    with CaptureQueriesContext(connection) as few:
        around([statement.pk for statement in statements[:2]])
    with CaptureQueriesContext(connection) as many:
        around([statement.pk for statement in statements])
    with CaptureQueriesContext(connection) as none:
        around([])

    assert len(few) == len(many) == 1
    assert len(none) == 0


@pytest.mark.parametrize("how_many", [1, 4])
def test_one_statement_comes_with_the_rows_around_it_in_its_own_query(answered, how_many):
    said, earlier, later = answered
    said.topics.add(TopicFactory(name="Sanctions", slug="sanctions"), TopicFactory(name="Arms", slug="arms"))
    CitationFactory(statement=said)
    CitationFactory(statement=said)
    MentionFactory(statement=said, party=country("RUS"))
    said.joint_parties.add(country("GBR"))
    RecordCheckFactory(statement=earlier, speech=said, result="matches", score=0.5, start=0, end=4)
    bare = StatementFactory(cite=False)
    ids = [said.pk, earlier.pk, bare.pk, later.pk][:how_many]

    with CaptureQueriesContext(connection) as queries:
        found = documents.statement_rows(ids)

    assert [row[0] for row in found] == ids
    assert len(queries) == 1
    if connection.vendor == "postgresql":
        # With what PostgreSQL keeps around each statement, in the same query.
        assert found.around == around(ids)
    else:
        assert found.around is None
    assert documents.statement_documents(found) == documents.statement_documents(list(found))


@pytest.mark.parametrize("which", ["with much around it", "with nothing around it", "unknown"])
def test_one_statement_by_id_is_the_same_document_either_way(answered, which):
    said, earlier, later = answered
    said.topics.add(TopicFactory(name="Sanctions", slug="sanctions"))
    MentionFactory(statement=said, party=country("RUS"))
    RecordCheckFactory(statement=said, speech=earlier, result="differs", score=0.25, start=0, end=3)
    pk = {"with much around it": said.pk, "with nothing around it": StatementFactory(cite=False).pk}.get(which, 0)

    found = documents.statement_rows([pk])

    assert list(found) == documents.statement_rows([pk, pk])[:1]
    assert documents.statement_documents(found) == documents.statement_documents(list(found))
