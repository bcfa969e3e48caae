"""POST /api/v1/records/: a script imports an official record, or previews what importing it would do.

RECORD (from test_record_commands) is a unit-test fixture in the layout of a verbatim record, not
a real record (the real ones are in tests/data/records/).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from statements.models import Ballot, Meeting, Source, Statement, Vote
from tests.factories import StatementFactory, country
from tests.test_record_commands import RECORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/records/"


def nothing_saved():
    return Meeting.objects.count() == Source.objects.count() == Statement.objects.count() == 0


def test_a_preview_says_what_the_record_holds_and_saves_nothing(editor_client):
    response = editor_client.post(URL, {"text": RECORD}, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["symbol"], data["kind"], data["saved"], data["changed"]) == ("S/PV.9999", "verbatim", False, True)
    assert data["meeting"] == {"id": None, "date": "2024-06-28", "number": 9999, "created": True, "url": None}
    speakers = [(turn["label"], turn["party"], turn["spoken_language"]) for turn in data["turns"]]
    assert ("Mr. Nebenzia (Russian Federation) (spoke in Russian)", "RUS", "ru") in speakers
    assert all(turn["statement"] is None and turn["statement_url"] is None for turn in data["turns"])
    (vote,) = data["votes"]
    assert (vote["draft"], vote["outcome"], vote["vetoed_by"]) == ("S/2024/999", "vetoed", ["RUS"])
    assert vote["ballots"]["against"] == ["RUS"]
    assert vote["ballots"]["abstention"] == ["CHN"]
    assert {"role": "member", "party": "RUS", "name": "Mr. Nebenzia"} in data["participants"]
    assert data["summary"].startswith("S/PV.9999: meeting created")
    assert data["created"]["Statement"] == len(data["turns"])
    assert nothing_saved()


def test_saving_a_record_answers_201_with_the_meeting_and_statements_saved(editor_client):
    body = {"text": RECORD, "save": True, "url": "https://undocs.org/S/PV.9999"}
    response = editor_client.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    meeting = Meeting.objects.get(record_symbol="S/PV.9999")
    assert data["saved"] is True
    assert data["meeting"]["id"] == meeting.pk
    assert data["meeting"]["url"] == f"http://testserver/api/v1/meetings/{meeting.pk}/"
    nebenzia = next(turn for turn in data["turns"] if turn["party"] == "RUS")
    statement = Statement.objects.get(pk=nebenzia["statement"])
    assert statement.kind == "speech" and statement.spoken_language == "ru"
    assert nebenzia["statement_url"] == f"http://testserver/api/v1/statements/{statement.pk}/"
    assert Source.objects.get(symbol="S/PV.9999").url == "https://undocs.org/S/PV.9999"
    vote = Vote.objects.get(meeting=meeting)
    assert list(Ballot.objects.vetoes().filter(vote=vote).values_list("party__code", flat=True)) == ["RUS"]


def test_saving_the_same_record_again_changes_nothing_and_answers_200(editor_client):
    assert editor_client.post(URL, {"text": RECORD, "save": True}, format="json").status_code == 201
    statements = Statement.objects.count()
    response = editor_client.post(URL, {"text": RECORD, "save": True}, format="json")
    assert response.status_code == 200
    assert (response.json()["saved"], response.json()["changed"]) == (True, False)
    assert "nothing changed" in response.json()["summary"]
    assert Statement.objects.count() == statements


def test_a_preview_of_a_meeting_the_archive_holds_names_it(editor_client):
    editor_client.post(URL, {"text": RECORD, "save": True}, format="json")
    meeting = Meeting.objects.get(record_symbol="S/PV.9999")
    data = editor_client.post(URL, {"text": RECORD}, format="json").json()
    assert data["meeting"]["id"] == meeting.pk
    assert data["meeting"]["created"] is False


def test_a_record_uploaded_as_a_file_is_read_like_its_text(editor_client):
    upload = SimpleUploadedFile("S_PV.9999.txt", RECORD.encode(), content_type="text/plain")
    response = editor_client.post(URL, {"file": upload, "save": "true"}, format="multipart")
    assert response.status_code == 201, response.content
    assert Meeting.objects.filter(record_symbol="S/PV.9999").exists()


def test_a_record_uploaded_as_a_pdf_is_read(editor_client):
    from tests.record_pdfs import build_record_pdf

    pdf = build_record_pdf(RECORD, symbol="S/PV.9999")
    upload = SimpleUploadedFile("S_PV.9999.pdf", pdf, content_type="application/pdf")
    response = editor_client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["symbol"] == "S/PV.9999"


def test_a_text_that_is_not_a_record_is_a_400_in_one_line_and_nothing_is_saved(editor_client):
    response = editor_client.post(URL, {"text": "Dear colleagues, lunch is at noon.", "save": True}, format="json")
    assert response.status_code == 400
    message = response.json()["detail"]
    assert message and "\n" not in message
    assert nothing_saved()


def test_bytes_that_are_not_text_are_a_400_in_one_line(editor_client):
    upload = SimpleUploadedFile("record.txt", b"\xff\xfe\x00garbage\x81", content_type="text/plain")
    response = editor_client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]


def test_a_record_that_cannot_be_placed_is_a_400_and_nothing_is_saved_by_half(editor_client):
    # Meeting 9999 already has another record: the importer finds that out after it has written
    # the record's source, which the transaction takes back.
    from tests.factories import MeetingFactory

    MeetingFactory(number=9999, record_symbol="S/PV.8888")
    response = editor_client.post(URL, {"text": RECORD, "save": True}, format="json")
    assert response.status_code == 400
    assert "S/PV.8888" in response.json()["detail"]
    assert "\n" not in response.json()["detail"]
    assert not Source.objects.exists()
    assert Meeting.objects.count() == 1
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{}, {"text": ""}, {"text": RECORD, "file": "S_PV.9999.txt"}, {"text": RECORD, "save": "perhaps"}],
)
def test_a_request_without_exactly_one_record_or_with_a_bad_option_is_a_400_naming_it(editor_client, body):
    response = editor_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) <= {"file", "text", "save"}


def test_an_upload_over_the_limit_is_a_413_saying_the_limit(editor_client, monkeypatch):
    monkeypatch.setattr("statements.api.records.MAX_BODY_BYTES", 1000)
    response = editor_client.post(URL, {"text": RECORD}, format="json")
    assert response.status_code == 413
    assert "20 MB" in response.json()["detail"]


def test_a_file_over_the_records_limit_is_a_413(editor_client, monkeypatch):
    monkeypatch.setattr("statements.api.records.MAX_RECORD_BYTES", 100)
    upload = SimpleUploadedFile("S_PV.9999.txt", RECORD.encode(), content_type="text/plain")
    response = editor_client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 413
    assert nothing_saved()


def test_anonymous_callers_are_refused_with_401(api_client, db):
    response = api_client.post(URL, {"text": RECORD}, format="json")
    assert response.status_code == 401
    assert nothing_saved()


def test_a_signed_in_reader_without_the_editor_role_is_refused_with_403(db):
    from django.contrib.auth import get_user_model

    from tests.api_support import token_client

    reader = token_client(get_user_model().objects.create_user("reader"))
    response = reader.post(URL, {"text": RECORD}, format="json")
    assert response.status_code == 403
    assert "editor" in response.json()["detail"]


def test_a_get_is_not_allowed(editor_client):
    assert editor_client.get(URL).status_code == 405


def test_a_news_quote_of_the_meeting_is_checked_against_the_speeches(editor_client):
    editor_client.post(URL, {"text": RECORD, "save": True}, format="json")
    meeting = Meeting.objects.get(record_symbol="S/PV.9999")
    quote = StatementFactory(
        meeting=meeting, party=country("RUS"), speaker=None, sequence=None, text="completely false and baseless"
    )
    data = editor_client.post(URL, {"text": RECORD}, format="json").json()
    (check,) = data["checks"]
    assert (check["statement"], check["result"]) == (quote.pk, "matches")
    assert check["passage"].lower() == "completely false and baseless"
