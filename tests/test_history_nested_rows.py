"""Nested rows in the history: positions, aliases, citations and mentions changed through the API are
recorded (what, by whom, why), shown in the history API and the statement page's corrections log;
only administrators remove them, and a statement keeps a source (statements/models/revisions.py)."""

import datetime

import pytest

from statements.models import Delegate, Mention, Statement
from tests.factories import (
    AliasFactory,
    CitationFactory,
    DelegateFactory,
    MentionFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    country,
)

pytestmark = pytest.mark.django_db

REASON = "Not his post: see the UN's list of representatives"


@pytest.fixture
def delegate():
    delegate = DelegateFactory(full_name="Vasily Nebenzia", sort_name="Nebenzia, Vasily")
    PositionFactory(delegate=delegate, party=country("RUS"), start=datetime.date(2017, 7, 27))
    AliasFactory(delegate=delegate, name="Nebenzya", kind="transliteration")
    return delegate


@pytest.fixture
def statement():
    statement = StatementFactory(text="We reject these claims.", cite=False)
    CitationFactory(statement=statement, source=SourceFactory(title="Council meets", publisher="UN News"))
    MentionFactory(statement=statement, party=country("USA"), relation=Mention.Relation.ACCUSES)
    return statement


def test_removing_a_delegates_positions_and_aliases_is_listed_in_the_history(administrator_client, delegate):
    response = administrator_client.patch(
        f"/api/v1/delegates/{delegate.pk}/",
        {"positions": [], "aliases": []},
        format="json",
        HTTP_X_CHANGE_REASON=REASON,
    )

    assert response.status_code == 200, response.content
    assert not delegate.positions.exists() and not delegate.aliases.exists()
    latest = administrator_client.get(f"/api/v1/delegates/{delegate.pk}/history/").json()["results"][0]
    assert latest["reason"] == REASON
    assert latest["user"] == "administrator"
    assert latest["changes"] == [
        {
            "field": "positions",
            "label": "Positions",
            "old": [{"party": "RUS", "title": "Permanent Representative", "start": "2017-07-27", "end": None}],
            "new": [],
        },
        {"field": "aliases", "label": "Aliases", "old": [{"name": "Nebenzya", "kind": "transliteration"}], "new": []},
    ]


def test_editors_may_not_remove_nested_rows(editor_client, delegate, statement):
    records = Delegate.history.filter(id=delegate.pk).count()

    refused = [
        editor_client.patch(f"/api/v1/delegates/{delegate.pk}/", {"aliases": []}, format="json"),
        editor_client.patch(f"/api/v1/statements/{statement.pk}/", {"mentions": []}, format="json"),
    ]

    assert [response.status_code for response in refused] == [403, 403]
    assert "Only administrators may remove aliases" in refused[0].json()["detail"]
    assert delegate.aliases.count() == 1 and statement.mentions.count() == 1
    assert Delegate.history.filter(id=delegate.pk).count() == records


def test_editors_may_add_rows_and_correct_their_details(editor_client, delegate):
    positions = [
        {"party": "RUS", "title": "Permanent Representative", "start": "2017-07-27", "end": "2025-01-01"},
        {"party": "RUS", "title": "Deputy Foreign Minister", "start": "2025-01-02"},
    ]
    aliases = [{"name": "Nebenzya", "kind": "transliteration"}, {"name": "V. Nebenzia", "kind": "other"}]

    response = editor_client.patch(
        f"/api/v1/delegates/{delegate.pk}/", {"positions": positions, "aliases": aliases}, format="json"
    )

    assert response.status_code == 200, response.content
    latest = editor_client.get(f"/api/v1/delegates/{delegate.pk}/history/").json()["results"][0]
    assert [change["field"] for change in latest["changes"]] == ["positions", "aliases"]
    assert len(latest["changes"][0]["new"]) == 2


def test_removing_rows_needs_a_reason(administrator_client, delegate):
    response = administrator_client.patch(f"/api/v1/delegates/{delegate.pk}/", {"aliases": []}, format="json")

    assert response.status_code == 400
    assert "X-Change-Reason" in response.json()["errors"]
    assert delegate.aliases.count() == 1


def test_a_statement_keeps_at_least_one_source(administrator_client, statement):
    response = administrator_client.patch(
        f"/api/v1/statements/{statement.pk}/",
        {"citations": [], "mentions": []},
        format="json",
        HTTP_X_CHANGE_REASON=REASON,
    )

    assert response.status_code == 400
    assert "at least one source" in response.json()["errors"]["citations"][0]
    assert statement.citations.count() == 1 and statement.mentions.count() == 1


def test_removed_citations_and_mentions_are_in_the_history_api_and_the_public_log(
    administrator_client, client, statement
):
    replacement = SourceFactory(title="Press release", publisher="UN")
    cited = statement.citations.get().source_id

    response = administrator_client.patch(
        f"/api/v1/statements/{statement.pk}/",
        {"citations": [{"source": replacement.pk}], "mentions": []},
        format="json",
        HTTP_X_CHANGE_REASON="Wrong source; no accusation in the record",
    )

    assert response.status_code == 200, response.content
    latest = administrator_client.get(f"/api/v1/statements/{statement.pk}/history/").json()["results"][0]
    assert {change["field"]: (change["old"], change["new"]) for change in latest["changes"]} == {
        "citations": (
            [{"source": cited, "start": None, "end": None}],
            [{"source": replacement.pk, "start": None, "end": None}],
        ),
        "mentions": ([{"party": "USA", "relation": "accuses"}], []),
    }
    page = client.get(f"/statements/{statement.pk}/").content.decode()
    assert "Wrong source; no accusation in the record" in page
    assert "Council meets (UN News)" in page and "Press release (UN)" in page
    assert "accuses USA" in page


def test_nested_rows_left_as_they_are_are_not_listed(editor_client, statement):
    citations = [{"source": statement.citations.get().source_id}]

    response = editor_client.patch(
        f"/api/v1/statements/{statement.pk}/",
        {"text": "We reject those claims.", "citations": citations},
        format="json",
    )

    assert response.status_code == 200
    latest = Statement.history.filter(id=statement.pk).latest("history_id")
    assert latest.nested_changes is None
    assert statement.citations.count() == 1
