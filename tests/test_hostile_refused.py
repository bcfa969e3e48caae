"""Text that cannot be stored: NUL characters and lone surrogates, written through the API.

PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded as UTF-8 at all, so
neither can be stored verbatim: each is refused with a 400 naming the field, on every database
alike, and nothing is written.
"""

import json

import pytest

from statements.models import Delegate, Meeting, Source, Statement, Topic
from tests.factories import BodyFactory, DelegateFactory, MeetingFactory, SourceFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
SURROGATE = "a\ud800b"
NUL_MESSAGE = "Null characters are not allowed."
SURROGATE_MESSAGE = "Surrogate characters are not allowed: U+D800."

# (endpoint, a valid body, the fields to spoil one at a time, where the error is reported).
WRITES = [
    ("statements", {"date": "2024-06-28", "text": "We object."}, ["text", "speaker_title", "language"]),
    ("meetings", {"body": "security-council", "date": "2024-06-28"}, ["title", "agenda_item", "place", "summary"]),
    ("delegates", {"name": "Ann Lee", "sort_name": "Lee, Ann"}, ["name", "sort_name"]),
    ("sources", {"kind": "news"}, ["title", "publisher", "text"]),
    ("topics", {"name": "Sanctions", "slug": "sanctions"}, ["name"]),
]
CASES = [(path, body, field) for path, body, fields in WRITES for field in fields]
COUNTED = {"statements": Statement, "meetings": Meeting, "delegates": Delegate, "sources": Source, "topics": Topic}


def post_json(api_client, path, body):
    # json.dumps writes a lone surrogate as the escape \ud800, which is valid JSON.
    return api_client.post(f"/api/v1/{path}/", json.dumps(body), content_type="application/json")


@pytest.fixture
def body():
    return BodyFactory()


@pytest.mark.parametrize("value, message", [(NUL, NUL_MESSAGE), (SURROGATE, SURROGATE_MESSAGE)])
@pytest.mark.parametrize("path, payload, field", CASES)
def test_creating_with_unstorable_text_is_a_400_naming_the_field(
    editor_client, body, path, payload, field, value, message
):
    before = COUNTED[path].objects.count()
    response = post_json(editor_client, path, {**payload, field: value})
    assert response.status_code == 400
    assert response.json() == {"errors": {field: [message]}}
    assert COUNTED[path].objects.count() == before


@pytest.mark.parametrize("value, message", [(NUL, NUL_MESSAGE), (SURROGATE, SURROGATE_MESSAGE)])
def test_changing_a_record_to_unstorable_text_is_a_400_and_changes_nothing(editor_client, value, message):
    statement = StatementFactory(text="Original.")
    response = editor_client.patch(
        f"/api/v1/statements/{statement.pk}/", json.dumps({"text": value}), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"text": [message]}}
    statement.refresh_from_db()
    assert statement.text == "Original."


@pytest.mark.parametrize("value", [NUL, SURROGATE, "\ud800", "RUS\x00"])
@pytest.mark.parametrize(
    "path, payload",
    [
        ("statements", {"date": "2024-06-28", "text": "x", "party": "{}"}),
        ("statements", {"date": "2024-06-28", "text": "x", "mentions": [{"party": "{}"}]}),
        ("statements", {"date": "2024-06-28", "text": "x", "topics": ["{}"]}),
        ("meetings", {"body": "security-council", "date": "2024-06-28", "requested_by": ["{}"]}),
        ("meetings", {"body": "{}", "date": "2024-06-28"}),
        ("delegates", {"name": "Ann Lee", "sort_name": "Lee, Ann", "positions": [{"party": "{}", "title": "x"}]}),
    ],
)
def test_an_unstorable_code_or_slug_is_a_400_not_a_server_error(editor_client, body, path, payload, value):
    spoiled = json.loads(json.dumps(payload).replace("{}", json.dumps(value)[1:-1]))
    response = post_json(editor_client, path, spoiled)
    assert response.status_code == 400
    [field] = response.json()["errors"]
    assert field in payload


@pytest.mark.parametrize("value, message", [(NUL, NUL_MESSAGE), (SURROGATE, SURROGATE_MESSAGE)])
def test_nested_rows_with_unstorable_text_are_refused_with_their_position(editor_client, value, message):
    response = post_json(
        editor_client,
        "delegates",
        {"name": "Ann Lee", "sort_name": "Lee, Ann", "aliases": [{"name": "Ann"}, {"name": value}]},
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"aliases": {"1": {"name": [message]}}}}
    assert not Delegate.objects.exists()


@pytest.mark.parametrize("value, message", [(NUL, NUL_MESSAGE), (SURROGATE, SURROGATE_MESSAGE)])
def test_the_extractor_refuses_unstorable_text(editor_client, value, message):
    response = editor_client.post("/api/v1/extract/", json.dumps({"text": value}), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"errors": {"text": [message]}}


def test_a_json_body_that_is_not_utf8_is_a_400(editor_client):
    response = editor_client.post(
        "/api/v1/topics/", b'{"name": "\xff\xfe", "slug": "x"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["errors"]["non_field_errors"][0]
    assert not Topic.objects.exists()


def test_a_json_body_in_a_declared_charset_is_read_in_that_charset(editor_client):
    body = '{"name": "Sécurité", "slug": "securite"}'.encode("latin-1")
    response = editor_client.generic("POST", "/api/v1/topics/", body, content_type="application/json; charset=latin-1")
    assert response.status_code == 201
    assert Topic.objects.get().name == "Sécurité"


@pytest.mark.parametrize("body", [b"name=%ff%fe&slug=x", b"name=caf%e9&slug=x", b"name=a%c0%80&slug=x"])
def test_a_form_encoded_body_that_is_not_utf8_is_a_400_naming_the_field(editor_client, body):
    response = editor_client.generic("POST", "/api/v1/topics/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json() == {"errors": {"name": ["It is not valid UTF-8 text once percent-decoded."]}}
    assert not Topic.objects.exists()


def test_a_form_encoded_body_with_a_nul_is_a_400_naming_the_field(editor_client):
    body = b"name=Sanctions&slug=sanc%00tions"
    response = editor_client.generic("POST", "/api/v1/topics/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json() == {"errors": {"slug": ["It contains a NUL character."]}}


def test_a_form_encoded_body_of_valid_utf8_is_stored_verbatim(editor_client):
    body = b"name=S%C3%A9curit%C3%A9+%E2%80%AE%F0%9F%95%8A&slug=securite"
    response = editor_client.generic("POST", "/api/v1/topics/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 201
    assert Topic.objects.get().name == "Sécurité \u202e🕊"


@pytest.mark.parametrize("value", [NUL, SURROGATE])
def test_unstorable_text_in_an_update_of_every_kind_is_refused(editor_client, body, value):
    records = {
        "meetings": MeetingFactory(body=body).pk,
        "delegates": DelegateFactory().pk,
        "sources": SourceFactory().pk,
        "topics": TopicFactory(slug="sanctions").slug,
    }
    fields = {"meetings": "title", "delegates": "name", "sources": "title", "topics": "name"}
    for path, key in records.items():
        response = editor_client.patch(
            f"/api/v1/{path}/{key}/", json.dumps({fields[path]: value}), content_type="application/json"
        )
        assert response.status_code == 400, path
        assert list(response.json()["errors"]) == [fields[path]], path


@pytest.mark.parametrize("value", ["10:00+05:00", "10:00:00Z", "10:00:00.5-03:30"])
def test_a_start_time_with_a_utc_offset_is_refused_rather_than_dropped(editor_client, body, value):
    # Django would read "10:00+05:00" as 10:00 and store a time the sender did not mean.
    meeting = MeetingFactory(body=body)
    response = editor_client.patch(f"/api/v1/meetings/{meeting.pk}/", {"start_time": value}, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": {"start_time": ["Give the local time without a UTC offset, e.g. 10:00."]}}
    meeting.refresh_from_db()
    assert meeting.start_time is None


@pytest.mark.parametrize("value, stored", [("10:00", "10:00:00"), ("09:30:15.250000", "09:30:15.250000")])
def test_a_local_start_time_is_stored_and_returned_as_sent(editor_client, body, value, stored):
    meeting = MeetingFactory(body=body)
    response = editor_client.patch(f"/api/v1/meetings/{meeting.pk}/", {"start_time": value}, format="json")
    assert response.status_code == 200
    assert response.json()["start_time"] == stored
