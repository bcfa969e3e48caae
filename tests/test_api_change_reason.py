"""The X-Change-Reason header: why an API write was made, kept in the history it writes."""

import pytest

from statements.models import Statement
from tests.factories import MeetingFactory, StatementFactory

pytestmark = pytest.mark.django_db

REASON = "Speaker misattributed; see the UN press release"


def latest_reason(statement_id):
    return Statement.history.filter(id=statement_id).order_by("-history_id").first().history_change_reason


def test_a_correction_keeps_its_reason_and_the_history_api_shows_it(api_client, editor_client):
    statement = StatementFactory()
    response = editor_client.patch(
        f"/api/v1/statements/{statement.pk}/", {"text": "Corrected."}, format="json", HTTP_X_CHANGE_REASON=REASON
    )
    assert response.status_code == 200, response.content
    assert latest_reason(statement.pk) == REASON
    newest = api_client.get(f"/api/v1/statements/{statement.pk}/history/").json()["results"][0]
    assert (newest["type"], newest["reason"]) == ("changed", REASON)


def test_a_creation_and_a_deletion_keep_their_reasons(editor_client, administrator_client):
    meeting = MeetingFactory()
    payload = {"meeting": meeting.pk, "date": meeting.date.isoformat(), "text": "We object.", "kind": "direct"}
    created = editor_client.post("/api/v1/statements/", payload, format="json", HTTP_X_CHANGE_REASON="From SC/15755")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert latest_reason(pk) == "From SC/15755"
    deleted = administrator_client.delete(f"/api/v1/statements/{pk}/", HTTP_X_CHANGE_REASON="Duplicate of another")
    assert deleted.status_code == 204
    record = Statement.history.filter(id=pk).order_by("-history_id").first()
    assert (record.history_type, record.history_change_reason) == ("-", "Duplicate of another")


def test_without_the_header_no_reason_is_recorded(editor_client):
    statement = StatementFactory()
    editor_client.patch(f"/api/v1/statements/{statement.pk}/", {"text": "Corrected."}, format="json")
    assert latest_reason(statement.pk) is None


def test_the_reason_does_not_stick_to_later_saves(editor_client):
    statement = StatementFactory()
    editor_client.patch(
        f"/api/v1/statements/{statement.pk}/", {"text": "Corrected."}, format="json", HTTP_X_CHANGE_REASON=REASON
    )
    statement.refresh_from_db()
    statement.text = "Saved outside the API."
    statement.save()
    assert latest_reason(statement.pk) is None


@pytest.mark.parametrize(
    ("reason", "message"),
    [("x" * 101, "At most 100 characters"), ("line one\tline two", "control characters")],
    ids=["too-long", "control-character"],
)
def test_a_bad_reason_is_refused_and_nothing_is_written(editor_client, reason, message):
    statement = StatementFactory(text="As said.")
    records = Statement.history.count()
    response = editor_client.patch(
        f"/api/v1/statements/{statement.pk}/", {"text": "Changed."}, format="json", HTTP_X_CHANGE_REASON=reason
    )
    assert response.status_code == 400
    assert message in response.json()["errors"]["X-Change-Reason"][0]
    statement.refresh_from_db()
    assert statement.text == "As said."
    assert Statement.history.count() == records


def test_the_schema_documents_the_header(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/statements/{id}/"]["patch"]
    assert any(p["name"] == "X-Change-Reason" and p["in"] == "header" for p in operation["parameters"])
