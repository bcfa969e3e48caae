"""Writes through the API: editors only, validated by the models' rules, atomic."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from statements.models import Delegate, Meeting, Mention, Source, Statement, Topic
from tests.factories import (
    BodyFactory,
    DelegateFactory,
    MeetingFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory(date=datetime.date(2024, 6, 28))


def statement_payload(meeting, **changes):
    source = SourceFactory(text="The delegate said: we object.")
    payload = {
        "meeting": meeting.pk,
        "date": "2024-06-28",
        "speaker": DelegateFactory().pk,
        "party": "rus",
        "text": "We object.",
        "kind": "direct",
        "topics": [TopicFactory(slug="sanctions").slug],
        "citations": [{"source": source.pk, "start": 19, "end": 29}],
        "mentions": [{"party": "USA", "relation": "accuses"}],
    }
    payload.update(changes)
    return payload


def test_anonymous_callers_cannot_write(api_client, meeting):
    response = api_client.post("/api/v1/statements/", statement_payload(meeting), format="json")
    assert response.status_code in (401, 403)
    assert api_client.delete(f"/api/v1/meetings/{meeting.pk}/").status_code in (401, 403)
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_user_who_is_not_an_editor_cannot_write(meeting):
    user = get_user_model().objects.create_user("reader", password="x")
    reader = APIClient()
    reader.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = reader.post("/api/v1/topics/", {"name": "Sanctions", "slug": "sanctions"}, format="json")
    assert response.status_code == 403
    assert "editors" in response.json()["detail"]


def test_an_editor_creates_a_statement_with_citations_topics_and_mentions(editor_client, meeting):
    response = editor_client.post("/api/v1/statements/", statement_payload(meeting), format="json")
    assert response.status_code == 201, response.content
    statement = Statement.objects.get(pk=response.json()["id"])
    assert statement.party.code == "RUS"
    assert [t.slug for t in statement.topics.all()] == ["sanctions"]
    citation = statement.citations.get()
    assert citation.source.text[citation.start : citation.end] == "we object."
    assert list(statement.mentions.values_list("party__code", "relation")) == [("USA", "accuses")]
    # The answer is the reading representation.
    assert response.json()["party"]["code"] == "RUS"
    assert response.json()["url"] == f"http://testserver/api/v1/statements/{statement.pk}/"


def test_an_editor_can_use_a_session_too(editor, meeting):
    session = APIClient()
    session.force_login(editor)
    response = session.post("/api/v1/topics/", {"name": "Sanctions", "slug": "sanctions"}, format="json")
    assert response.status_code == 201


def test_a_write_is_checked_by_the_models_rules(editor_client, meeting):
    earlier = StatementFactory(date=datetime.date(2024, 7, 1))
    payload = statement_payload(meeting, reply_to=earlier.pk)
    response = editor_client.post("/api/v1/statements/", payload, format="json")
    assert response.status_code == 400
    assert "reply_to" in response.json()["errors"]


def test_citation_offsets_outside_the_source_text_are_rejected(editor_client, meeting):
    payload = statement_payload(meeting)
    payload["citations"][0]["end"] = 500
    response = editor_client.post("/api/v1/statements/", payload, format="json")
    assert response.status_code == 400
    assert "citations" in response.json()["errors"]
    assert not Statement.objects.exists()


def test_an_empty_direct_quote_is_rejected(editor_client, meeting):
    response = editor_client.post("/api/v1/statements/", statement_payload(meeting, text=" "), format="json")
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_a_failed_write_changes_nothing(editor_client, meeting):
    statement = StatementFactory(meeting=meeting, sequence=1)
    payload = statement_payload(meeting, sequence=1, mentions=[{"party": "USA"}, {"party": "USA"}])
    response = editor_client.post("/api/v1/statements/", payload, format="json")
    assert response.status_code == 400
    assert list(Statement.objects.all()) == [statement]
    assert not Mention.objects.exists()


def test_an_editor_updates_a_statement_and_replaces_its_mentions(editor_client, meeting):
    statement = StatementFactory(meeting=meeting, text="Old words.")
    response = editor_client.patch(
        f"/api/v1/statements/{statement.pk}/",
        {"text": "New words.", "mentions": [{"party": "CHN", "relation": "supports"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    statement.refresh_from_db()
    assert statement.text == "New words."
    assert list(statement.mentions.values_list("party__code", "relation")) == [("CHN", "supports")]


def test_an_administrator_deletes_a_statement(administrator_client, meeting):
    statement = StatementFactory(meeting=meeting)
    assert administrator_client.delete(f"/api/v1/statements/{statement.pk}/").status_code == 204
    assert not Statement.objects.exists()


def test_deleting_a_meeting_that_statements_still_belong_to_is_a_conflict(administrator_client, meeting):
    StatementFactory(meeting=meeting)
    response = administrator_client.delete(f"/api/v1/meetings/{meeting.pk}/")
    assert response.status_code == 409
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_an_editor_creates_a_meeting(editor_client):
    BodyFactory()
    response = editor_client.post(
        "/api/v1/meetings/",
        {"body": "security-council", "date": "2024-06-28", "record_symbol": "S/PV.9669", "requested_by": ["usa"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["requested_by"][0]["code"] == "USA"


def test_a_duplicate_record_symbol_is_rejected(editor_client):
    MeetingFactory(record_symbol="S/PV.9669")
    response = editor_client.post(
        "/api/v1/meetings/", {"body": "security-council", "date": "2024-06-28", "record_symbol": "S/PV.9669"}
    )
    assert response.status_code == 400
    assert Meeting.objects.count() == 1


def test_an_editor_creates_a_delegate_with_positions_and_aliases(editor_client):
    response = editor_client.post(
        "/api/v1/delegates/",
        {
            "name": "Vassily Nebenzia",
            "sort_name": "Nebenzia, Vassily",
            "positions": [{"party": "RUS", "title": "Permanent Representative", "start": "2017-07-27"}],
            "aliases": [{"name": "Vasily Nebenzya", "kind": "transliteration"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    delegate = Delegate.objects.get()
    assert delegate.positions.get().party.code == "RUS"
    assert response.json()["aliases"] == [{"name": "Vasily Nebenzya", "kind": "transliteration"}]


def test_a_position_that_ends_before_it_starts_is_rejected(editor_client):
    delegate = DelegateFactory()
    PositionFactory(delegate=delegate)
    response = editor_client.patch(
        f"/api/v1/delegates/{delegate.pk}/",
        {"positions": [{"party": "RUS", "title": "Envoy", "start": "2020-01-01", "end": "2019-01-01"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "positions" in response.json()["errors"]
    assert delegate.positions.get().party == country("FRA")


def test_an_editor_creates_sources_and_topics_and_an_administrator_deletes_them(editor_client, administrator_client):
    response = editor_client.post(
        "/api/v1/sources/", {"kind": "news", "url": "https://news.example.org/1", "title": "Report"}, format="json"
    )
    assert response.status_code == 201, response.content
    duplicate = editor_client.post("/api/v1/sources/", {"kind": "news", "url": "https://news.example.org/1"})
    assert duplicate.status_code == 400
    assert Source.objects.count() == 1
    assert editor_client.post("/api/v1/topics/", {"name": "Sanctions", "slug": "sanctions"}).status_code == 201
    assert administrator_client.delete("/api/v1/topics/sanctions/").status_code == 204
    assert not Topic.objects.exists()


def test_drf_create_token_makes_a_token_for_an_editor(editor):
    call_command("drf_create_token", "editor")
    assert Token.objects.filter(user=editor).exists()


def test_bodies_and_countries_are_read_only(editor_client, administrator_client):
    assert editor_client.post("/api/v1/bodies/", {"name": "X", "slug": "x"}).status_code == 405
    assert administrator_client.delete("/api/v1/countries/RUS/").status_code == 405
