"""While the database is away, pages and the API answer 503 with Retry-After, not 500."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_away():
    error = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(CursorWrapper, "execute", side_effect=error):
        yield


def test_the_api_answers_503_in_json(client, database_away):
    response = client.get("/api/v1/statements/?country=RUS")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert "try again" in response.json()["detail"]


def test_pages_answer_503_without_touching_the_database(client, database_away):
    response = client.get("/meetings/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Temporarily unavailable" in response.content.decode()


def test_other_errors_are_not_disguised_as_503(client):
    with mock.patch.object(CursorWrapper, "execute", side_effect=ZeroDivisionError):
        client.raise_request_exception = False
        assert client.get("/meetings/").status_code == 500


def test_the_503_page_passes_the_content_security_policy(client, database_away):
    response = client.get("/meetings/")
    assert "<style" not in response.content.decode()
    assert "style-src 'self'" in response["Content-Security-Policy"]
