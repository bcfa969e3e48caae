"""Versions of API objects: the ETag of a detail answer, If-Match on PUT, PATCH and DELETE, and
writes that change only what they send (statements/api/versions.py, EditableMixin.update)."""

import datetime
import json

import pytest

from statements.api import versions
from statements.api.views import EditableMixin, StatementViewSet
from statements.models import Statement
from tests.factories import DelegateFactory, MeetingFactory, SourceFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement():
    return StatementFactory(text="We reject these claims.", speaker_title="Ambassador")


def url(statement):
    return f"/api/v1/statements/{statement.pk}/"


def history_count(statement):
    return Statement.history.filter(id=statement.pk).count()


@pytest.mark.parametrize(
    "make, path, field",
    [
        (StatementFactory, "/api/v1/statements/{pk}/", "text"),
        (MeetingFactory, "/api/v1/meetings/{pk}/", "title"),
        (DelegateFactory, "/api/v1/delegates/{pk}/", "sort_name"),
        (SourceFactory, "/api/v1/sources/{pk}/", "title"),
    ],
)
def test_every_detail_answer_has_an_etag_that_changes_when_the_object_is_saved(
    api_client, editor_client, make, path, field
):
    record = make()
    first = api_client.get(path.format(pk=record.pk))
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["ETag"].endswith('"')
    assert api_client.get(path.format(pk=record.pk))["ETag"] == first["ETag"]

    changed = editor_client.patch(path.format(pk=record.pk), {field: "Changed in place."}, format="json")

    assert changed.status_code == 200
    # The write's answer carries the new version, the one a GET now gives.
    assert changed["ETag"] != first["ETag"]
    assert api_client.get(path.format(pk=record.pk))["ETag"] == changed["ETag"]


def test_a_topic_answer_has_an_etag_too(api_client):
    TopicFactory(slug="sanctions")
    assert api_client.get("/api/v1/topics/sanctions/")["ETag"]


def test_a_patch_with_the_current_version_is_saved(api_client, editor_client, statement):
    version = api_client.get(url(statement))["ETag"]

    response = editor_client.patch(
        url(statement), {"text": "We reject those claims."}, format="json", HTTP_IF_MATCH=version
    )

    assert response.status_code == 200
    statement.refresh_from_db()
    assert statement.text == "We reject those claims."


def test_a_patch_with_a_stale_version_gets_412_with_the_current_version_and_changes_nothing(
    api_client, editor_client, statement
):
    stale = api_client.get(url(statement))["ETag"]
    assert editor_client.patch(url(statement), {"speaker_title": "Envoy"}, format="json").status_code == 200
    current = api_client.get(url(statement))["ETag"]
    records = history_count(statement)

    response = editor_client.patch(url(statement), {"text": "Overwritten."}, format="json", HTTP_IF_MATCH=stale)

    assert response.status_code == 412
    assert response["ETag"] == current
    assert current in response.json()["detail"]
    statement.refresh_from_db()
    assert (statement.text, statement.speaker_title) == ("We reject these claims.", "Envoy")
    assert history_count(statement) == records


def test_if_match_star_and_a_list_of_versions_match(api_client, editor_client, statement):
    assert editor_client.patch(url(statement), {"text": "One."}, format="json", HTTP_IF_MATCH="*").status_code == 200
    version = api_client.get(url(statement))["ETag"]
    response = editor_client.patch(url(statement), {"text": "Two."}, format="json", HTTP_IF_MATCH=f'"old", {version}')
    assert response.status_code == 200


def test_a_weak_version_never_matches(api_client, editor_client, statement):
    version = api_client.get(url(statement))["ETag"]

    response = editor_client.patch(url(statement), {"text": "Weak."}, format="json", HTTP_IF_MATCH=f"W/{version}")

    assert response.status_code == 412


def test_a_put_without_if_match_gets_428_and_changes_nothing(editor_client, statement):
    data = {"date": "2024-06-28", "text": "Replaced.", "kind": "direct", "party": "FRA"}
    records = history_count(statement)

    response = editor_client.put(url(statement), data, format="json")

    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    statement.refresh_from_db()
    assert statement.text == "We reject these claims."
    assert history_count(statement) == records


def test_a_put_with_the_current_version_is_saved(api_client, editor_client, statement):
    version = api_client.get(url(statement))["ETag"]
    data = {"date": "2024-06-28", "text": "Replaced.", "kind": "direct", "party": "FRA"}

    response = editor_client.put(url(statement), data, format="json", HTTP_IF_MATCH=version)

    assert response.status_code == 200
    statement.refresh_from_db()
    assert statement.text == "Replaced."


def test_a_delete_with_a_stale_version_gets_412_and_deletes_nothing(api_client, administrator_client, editor_client):
    statement = StatementFactory()
    stale = api_client.get(url(statement))["ETag"]
    editor_client.patch(url(statement), {"text": "Corrected meanwhile."}, format="json")

    response = administrator_client.delete(url(statement), HTTP_IF_MATCH=stale)

    assert response.status_code == 412
    assert Statement.objects.filter(pk=statement.pk).exists()
    current = api_client.get(url(statement))["ETag"]
    assert administrator_client.delete(url(statement), HTTP_IF_MATCH=current).status_code == 204


def test_a_patch_changes_only_the_fields_it_sends(editor_client, statement, monkeypatch):
    """The lost update of issue 13 in one thread: the row is changed after this request first read
    it, as another editor's request would; the write must not put the old text back."""
    original = EditableMixin.locked

    def changed_meanwhile(view, pk):
        Statement.objects.filter(pk=pk).update(text="Another editor's correction.")
        return original(view, pk)

    monkeypatch.setattr(StatementViewSet, "locked", changed_meanwhile)
    response = editor_client.patch(url(statement), {"speaker_title": "Envoy"}, format="json")

    assert response.status_code == 200
    statement.refresh_from_db()
    assert (statement.text, statement.speaker_title) == ("Another editor's correction.", "Envoy")
    record = Statement.history.filter(id=statement.pk).latest("history_id")
    assert (record.text, record.speaker_title) == ("Another editor's correction.", "Envoy")


def test_an_empty_patch_changes_nothing_and_records_nothing(api_client, editor_client, statement):
    before = api_client.get(url(statement))
    records = history_count(statement)
    updated = Statement.objects.get(pk=statement.pk).updated

    response = editor_client.patch(url(statement), {}, format="json")

    assert response.status_code == 200
    assert response.json() == before.json()
    assert response["ETag"] == before["ETag"]
    assert history_count(statement) == records
    assert Statement.objects.get(pk=statement.pk).updated == updated


def test_a_patch_of_the_stored_values_records_nothing(editor_client, statement):
    records = history_count(statement)

    response = editor_client.patch(
        url(statement), {"text": "We reject these claims.", "speaker_title": "Ambassador"}, format="json"
    )

    assert response.status_code == 200
    assert history_count(statement) == records


def test_an_empty_patch_of_a_meeting_or_a_delegate_records_nothing(editor_client):
    meeting, delegate = MeetingFactory(), DelegateFactory()
    meetings, delegates = meeting.history.count(), delegate.history.count()

    assert editor_client.patch(f"/api/v1/meetings/{meeting.pk}/", {}, format="json").status_code == 200
    assert editor_client.patch(f"/api/v1/delegates/{delegate.pk}/", {}, format="json").status_code == 200

    assert (meeting.history.count(), delegate.history.count()) == (meetings, delegates)


def test_a_body_over_the_upload_limit_gets_a_json_400(editor_client, statement, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
    body = json.dumps({"text": "x" * 2_700_000})

    response = editor_client.generic("PATCH", url(statement), body, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": {"non_field_errors": ["The request body is larger than the limit of 2.5 MB."]}}
    statement.refresh_from_db()
    assert statement.text == "We reject these claims."


def test_the_schema_documents_if_match_required_on_put_and_optional_on_patch_and_delete(api_client):
    operations = api_client.get("/api/schema/", {"format": "json"}).json()["paths"]["/api/v1/statements/{id}/"]

    def if_match(method):
        [header] = [p for p in operations[method]["parameters"] if p["in"] == "header" and p["name"] == "If-Match"]
        return header.get("required", False)

    assert (if_match("put"), if_match("patch"), if_match("delete")) == (True, False, False)


def test_the_etag_is_a_digest_of_the_representation_whatever_its_key_order():
    document = {
        "id": 1,
        "text": "Мы отвергаем",
        "topics": [{"slug": "arms"}],
        "score": 0.25,
        "date": datetime.date(2024, 6, 28),
    }
    same = dict(reversed(list(document.items())))

    assert versions.etag(document) == versions.etag(same)
    assert versions.etag(document) != versions.etag({**document, "text": "Мы отвергаем."})
    assert versions.etag(document) != versions.etag({**document, "score": 0.250001})
    # orjson refuses integers beyond 64 bits; the digest is still taken, and still tells them apart.
    assert versions.etag({"n": 2**70}) != versions.etag({"n": 2**70 + 1})
